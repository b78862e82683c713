"""A .gitignore matcher: enough of git's rules that corslint skips what git ignores.

Supported: comments, escaped characters, negation (``!``), directory-only patterns
(trailing ``/``), anchoring (a ``/`` anywhere but the end), ``*``, ``?``, ``[...]`` and
``**`` in the three positions git documents. As in git, the last matching pattern wins,
and a file inside an ignored directory is never visited.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple


def _translate(glob: str) -> str:
    out = []
    i = 0
    n = len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob[i:i + 2] == "**":
                # "**/" matches zero or more directories; "/**" everything inside.
                if glob[i:i + 3] == "**/":
                    out.append(r"(?:.*/)?")
                    i += 3
                    continue
                out.append(r".*")
                i += 2
                continue
            out.append(r"[^/]*")
        elif c == "?":
            out.append(r"[^/]")
        elif c == "[":
            j = glob.find("]", i + 2)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = glob[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class GitIgnore:
    """The patterns of one .gitignore file, matched against paths relative to its folder."""

    def __init__(self, lines: List[str]):
        self.rules: List[Tuple[re.Pattern, bool, bool]] = []  # (regex, negated, dir_only)
        for raw in lines:
            line = raw.rstrip("\n").rstrip("\r")
            if not line or line.startswith("#"):
                continue
            # Trailing spaces are ignored unless escaped.
            stripped = line.rstrip(" ")
            if stripped.endswith("\\") and len(stripped) < len(line):
                stripped += " "
            line = stripped
            negated = line.startswith("!")
            if negated:
                line = line[1:]
            elif line.startswith("\\!") or line.startswith("\\#"):
                line = line[1:]
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            if not line:
                continue
            anchored = "/" in line
            line = line.lstrip("/")
            body = _translate(line)
            prefix = "" if anchored else r"(?:.*/)?"
            try:
                regex = re.compile(rf"^{prefix}{body}(?:/.*)?$" if not dir_only else rf"^{prefix}{body}$",
                                   re.DOTALL)
            except re.error:
                continue
            self.rules.append((regex, negated, dir_only))

    @classmethod
    def load(cls, path: str) -> Optional["GitIgnore"]:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                ignore = cls(fh.readlines())
        except OSError:
            return None
        return ignore if ignore.rules else None

    def verdict(self, relpath: str, is_dir: bool) -> Optional[bool]:
        """True when ignored, False when re-included by a negation, None when no rule matches."""
        result: Optional[bool] = None
        for regex, negated, dir_only in self.rules:
            if dir_only and not is_dir:
                # A directory-only pattern still ignores files below that directory.
                head = relpath.rsplit("/", 1)[0] if "/" in relpath else None
                if head is None or not any(regex.match(p) for p in _prefixes(head)):
                    continue
            elif not regex.match(relpath):
                continue
            result = not negated
        return result


def _prefixes(path: str) -> List[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]

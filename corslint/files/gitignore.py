"""A .gitignore matcher: enough of git's rules that corslint skips what git ignores.

Supported: comments, escaped characters, negation (``!``), directory-only patterns
(trailing ``/``), anchoring (a ``/`` anywhere but the end), ``*``, ``?``, ``[...]`` and
``**`` in the three positions git documents. As in git, the last matching pattern wins,
and a file inside an ignored directory is never visited.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Set, Tuple

# Matching is done without regular expressions: a path's components are matched against
# the pattern's segments by dynamic programming (``**`` spans whole components), and a
# segment against one component by the two-pointer wildcard algorithm. Both are
# polynomial (segments x components x characters), so no pattern a repository holds
# (``**/**/**/...``, ``*a*a*a*a*ab``) can make the walk backtrack for minutes, which a
# translation to ``re`` did.

_Token = Tuple[str, object]  # ("lit", ch) | ("any", None) | ("star", None) | ("class", (negate, items))


def _tokens(glob: str) -> List[_Token]:
    """One path segment's glob (no ``/``) as tokens; ``**`` inside a segment is a plain ``*``."""
    out: List[_Token] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if not out or out[-1][0] != "star":
                out.append(("star", None))
        elif c == "?":
            out.append(("any", None))
        elif c == "[":
            j = glob.find("]", i + 2)
            if j == -1:
                out.append(("lit", c))
            else:
                body = glob[i + 1:j]
                negate = body[:1] in ("!", "^")
                if negate:
                    body = body[1:]
                items: List[Tuple[str, str]] = []
                k = 0
                while k < len(body):
                    ch = body[k]
                    if ch == "\\" and k + 1 < len(body):
                        k += 1
                        ch = body[k]
                    if k + 2 < len(body) and body[k + 1] == "-":
                        items.append((ch, body[k + 2]))
                        k += 3
                    else:
                        items.append((ch, ch))
                        k += 1
                out.append(("class", (negate, tuple(items))))
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(("lit", glob[i]))
        else:
            out.append(("lit", c))
        i += 1
    return out


def _one(token: _Token, ch: str) -> bool:
    kind, arg = token
    if kind == "lit":
        return ch == arg
    if kind == "any":
        return ch != "/"
    negate, items = arg  # type: ignore[misc]
    hit = any(low <= ch <= high for low, high in items)
    return hit != negate and ch != "/"


def segment_matches(tokens: Sequence[_Token], name: str) -> bool:
    """Whether `name` (one path component) matches a segment's tokens: the classic
    wildcard algorithm, which backtracks only to the last ``*`` (O(len(tokens) * len(name)))."""
    t = k = 0
    star_t, star_k = -1, 0
    while k < len(name):
        if t < len(tokens) and tokens[t][0] == "star":
            star_t, star_k = t, k
            t += 1
        elif t < len(tokens) and _one(tokens[t], name[k]):
            t += 1
            k += 1
        elif star_t != -1:
            star_k += 1
            k = star_k
            t = star_t + 1
        else:
            return False
    while t < len(tokens) and tokens[t][0] == "star":
        t += 1
    return t == len(tokens)


_ANY_DIRS = "**"


class _Pattern:
    """One pattern as segments; ``**`` segments span any number of components."""

    def __init__(self, body: str, anchored: bool):
        segments: List[object] = [] if anchored else [_ANY_DIRS]
        for part in body.split("/"):
            if part == "**":
                if not segments or segments[-1] is not _ANY_DIRS:
                    segments.append(_ANY_DIRS)
            else:
                segments.append(_tokens(part))
        self.segments = segments

    def matched_lengths(self, components: Sequence[str]) -> Set[int]:
        """Every k such that the pattern matches exactly the first k components."""
        count = len(components)
        reach: Set[int] = {0}
        last = len(self.segments) - 1
        for index, segment in enumerate(self.segments):
            if not reach:
                return reach
            if segment is _ANY_DIRS:
                low = min(reach) + (1 if index == last and index > 0 else 0)
                reach = set(range(low, count + 1))
            else:
                reach = {i + 1 for i in reach if i < count and segment_matches(segment, components[i])}
        return reach


class GitIgnore:
    """The patterns of one .gitignore file, matched against paths relative to its folder."""

    def __init__(self, lines: List[str]):
        self.rules: List[Tuple[_Pattern, bool, bool]] = []  # (pattern, negated, dir_only)
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
            self.rules.append((_Pattern(line, anchored), negated, dir_only))

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
        components = relpath.split("/")
        count = len(components)
        for pattern, negated, dir_only in self.rules:
            lengths = pattern.matched_lengths(components)
            if not lengths:
                continue
            if dir_only and not is_dir:
                # A directory-only pattern still ignores files below that directory.
                if not any(0 < k < count for k in lengths):
                    continue
            elif dir_only:
                if count not in lengths:
                    continue
            elif not any(k >= 1 for k in lengths):
                continue
            result = not negated
        return result

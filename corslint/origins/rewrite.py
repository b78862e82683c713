"""Rewriting an origin regex the way its author evidently meant it (for fixes), and a
glob such as `https://*.example.com` as the regex it was meant to be (for advice).

Both regex rewrites return None when the pattern's intent is not plain, so that no fix
guesses: inline global flags, anchors in the middle, or nothing to change.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional, Tuple

_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_LABEL_CHAR = re.compile(r"[A-Za-z0-9]")


def _tokens(pattern: str) -> Iterator[Tuple[int, str, int]]:
    """(index, character, paren depth) of every character outside a character class that is
    not escaped; escapes and classes are skipped whole."""
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        yield i, ch, depth if ch != ")" else depth + 1
        i += 1


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def anchored(pattern: str) -> Optional[str]:
    """`https://.*\\.example\\.com` -> `^https://.*\\.example\\.com$`; a pattern with a top-level
    `|` is wrapped as `^(?:a|b)$`. None when the pattern has global inline flags, anchors or
    `\\A`/`\\Z` other than a leading `^`, or does not compile."""
    if not pattern or _GLOBAL_FLAGS.match(pattern) or not _compiles(pattern):
        return None
    body = pattern[1:] if pattern.startswith("^") else pattern
    if re.search(r"\\[AZbB]", body):
        return None
    tokens = list(_tokens(body))
    if any(ch in "^$" for _, ch, _ in tokens):
        return None
    alternation = any(ch == "|" and depth == 0 for _, ch, depth in tokens)
    result = f"^(?:{body})$" if alternation else f"^{body}$"
    return result if _compiles(result) else None


def escape_host_dots(pattern: str) -> Optional[str]:
    """Escape every bare `.` that separates host labels: outside a character class, not
    quantified (`.*`, `.+`, `.?`, `.{2}` stay wildcards), with a label character after it and
    a label character, a closing group or class, or a quantifier before it.
    `https://app.example.com` -> `https://app\\.example\\.com`. None when no dot qualifies."""
    if not pattern or not _compiles(pattern):
        return None
    positions = []
    for index, ch, _ in _tokens(pattern):
        if ch != ".":
            continue
        after = pattern[index + 1:index + 2]
        before = pattern[index - 1:index] if index else ""
        if not after or after in "*+?{" or not _LABEL_CHAR.match(after):
            continue
        if not before or not (_LABEL_CHAR.match(before) or before in "-)]*+}?"):
            continue
        if before == "?" and pattern[index - 2:index] == "(?":
            continue
        positions.append(index)
    if not positions:
        return None
    out = []
    cursor = 0
    for index in positions:
        out += [pattern[cursor:index], "\\."]
        cursor = index + 1
    out.append(pattern[cursor:])
    result = "".join(out)
    return result if _compiles(result) else None


# A `*` after the host's colon, perhaps followed by a path glob (`http://localhost:*/*`,
# which an origin never has).
PORT_WILDCARD = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]+:\*(?:/\*?)?$", re.IGNORECASE)
_PORT_PART = re.compile(r":\*(?:/\*?)?$")


def has_port_wildcard(glob: str) -> bool:
    """`http://localhost:*`: the `*` after the host's colon stands for the port."""
    return PORT_WILDCARD.match(glob.strip()) is not None


def without_port_wildcard(glob: str) -> str:
    """`http://localhost:*/*` -> `http://localhost`; other globs unchanged."""
    glob = glob.strip()
    return _PORT_PART.sub("", glob) if has_port_wildcard(glob) else glob


def glob_as_origin(glob: str) -> str:
    """The glob as the origin it stands for: without a trailing `/` (a browser's Origin has
    no path) and with `https://` where it names no scheme (an Origin always has one)."""
    glob = glob.strip().rstrip("/")
    return glob if "://" in glob else f"https://{glob}"


def suggested_regex(glob: str, anchored: bool = False) -> str:
    """`https://*.example.com` -> `https://[a-z0-9-]+\\.example\\.com`;
    `http://localhost:*` -> `http://localhost(:[0-9]+)?` (any port, or none). `anchored`
    wraps it in `^…$`, for frameworks that apply it with re.match."""
    glob = glob_as_origin(glob)
    port = ""
    if has_port_wildcard(glob):
        glob, port = without_port_wildcard(glob), "(:[0-9]+)?"
    pattern = "".join("[a-z0-9-]+" if part == "*" else re.escape(part).replace("\\-", "-")
                      for part in re.split(r"(\*)", glob)) + port
    return f"^{pattern}$" if anchored else pattern


def intended_origin(glob: str) -> str:
    """The origin the glob was evidently written for: `https://*.example.com` ->
    `https://app.example.com`, `http://localhost:*` -> `http://localhost:3000`."""
    text = glob_as_origin(glob)
    if has_port_wildcard(text):
        text = without_port_wildcard(text) + ":3000"
    return text.replace("*", "app")


def wildcard_meaning(glob: str) -> str:
    """What the `*`s were meant to allow, for the advice."""
    glob = glob_as_origin(glob)
    port = has_port_wildcard(glob)
    subdomain = "*" in without_port_wildcard(glob)
    return " and ".join(word for word, present in (("subdomains", subdomain), ("any port", port)) if present)

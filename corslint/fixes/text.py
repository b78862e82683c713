"""Positions and literals in source text, counted the way libcst counts them.

libcst numbers lines across ``\\r\\n``, ``\\n`` and a lone ``\\r`` alike and counts
columns in code points, so offsets are computed with exactly those line breaks (not
``str.splitlines``, which also breaks at form feeds and other characters).
"""
from __future__ import annotations

import re
from typing import List, Optional

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Converts (1-based line, 0-based column) to offsets into one text."""

    def __init__(self, text: str):
        self.text = text
        self.starts: List[int] = [0]
        for match in _LINE_BREAK.finditer(text):
            self.starts.append(match.end())

    def offset(self, line: int, col: int) -> int:
        if line == len(self.starts) + 1 and col == 0:
            # libcst gives a module without a final newline one (its end is the start of
            # the line after the last): that position is the end of the text.
            return len(self.text)
        if line < 1 or line > len(self.starts):
            raise ValueError(f"line {line} is outside the text")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        if start + col > end:
            raise ValueError(f"column {col} is outside line {line}")
        return start + col

    def position(self, offset: int) -> "tuple[int, int]":
        """(line, column) of an offset."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo]

    def line_start(self, offset: int) -> int:
        return self.starts[self.position(offset)[0] - 1]

    def line_end(self, offset: int) -> int:
        """The offset just past the line break of the line holding ``offset`` (or the end)."""
        line = self.position(offset)[0]
        return self.starts[line] if line < len(self.starts) else len(self.text)


def newline_of(text: str) -> str:
    match = _LINE_BREAK.search(text)
    return match.group(0) if match else "\n"


_PREFIX = re.compile(r"^([rRuUbB]*)('''|\"\"\"|'|\")")


def string_style(literal: str) -> Optional["tuple[str, str]"]:
    """(prefix, quote) of a simple string literal such as r'...' or \"\"\"...\"\"\"."""
    match = _PREFIX.match(literal)
    if not match:
        return None
    return match.group(1), match.group(2)


def render_string(value: str, prefix: str = "", quote: str = '"') -> str:
    """Write ``value`` as a literal with the given prefix and quotes, escaping as needed.

    A raw prefix is kept only when the value can be written raw; otherwise the literal
    falls back to an ordinary escaped one with the same quotes.
    """
    raw = "r" in prefix.lower()
    if raw and quote[0] not in value and "\n" not in value and "\r" not in value and not value.endswith("\\") \
            and value.isprintable():
        return f"{prefix}{quote}{value}{quote}"
    prefix = "".join(c for c in prefix if c.lower() != "r")
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote[0]:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable():
            out.append(repr(ch)[1:-1])
        else:
            out.append(ch)
    return f"{prefix}{quote}{''.join(out)}{quote}"

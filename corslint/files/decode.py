"""Decoding Python source the way the interpreter does (PEP 263), keeping what a fix must preserve."""
from __future__ import annotations

import codecs

# This module is on the start-up path of every run (the one-file pre-commit case
# included), so it imports neither ``re`` nor ``dataclasses`` at import time: the cookie
# regex is compiled only when a first line mentions "coding".
_cookie = None


def _cookie_match(line: bytes):
    """PEP 263: the cookie must be on line 1 or 2, in a comment."""
    global _cookie
    if b"coding" not in line:  # the regex needs it; most files never get this far
        return None
    if _cookie is None:
        import re

        _cookie = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
    return _cookie.match(line)


def _blank_or_comment(line: bytes) -> bool:
    """``^[ \t\f]*(?:[#\r\n]|$)``: a blank line or a comment."""
    rest = line.lstrip(b" \t\f")
    return not rest or rest[:1] in (b"#", b"\r", b"\n")


class DecodeError(Exception):
    """The bytes cannot be decoded as Python source; the message says why, for COR002."""


class Decoded:
    """The decoded text and what a fix must preserve (a plain class: see the imports)."""

    __slots__ = ("text", "encoding", "bom", "newline")

    def __init__(self, text: str, encoding: str, bom: bool, newline: str) -> None:
        self.text = text
        self.encoding = encoding
        self.bom = bom
        self.newline = newline  # the first line ending found: "\n", "\r\n" or "\r"

    def __eq__(self, other) -> bool:
        if not isinstance(other, Decoded):
            return NotImplemented
        return (self.text, self.encoding, self.bom, self.newline) == \
            (other.text, other.encoding, other.bom, other.newline)

    def __repr__(self) -> str:
        return (f"Decoded(text={self.text!r}, encoding={self.encoding!r}, bom={self.bom!r}, "
                f"newline={self.newline!r})")


def _first_two_lines(data: bytes) -> list:
    lines = []
    start = 0
    for _ in range(2):
        if start >= len(data):
            break
        end = len(data)
        for sep in (b"\n", b"\r"):
            i = data.find(sep, start)
            if i != -1 and i < end:
                end = i
        lines.append(data[start:end])
        start = end + 1
        if end < len(data) and data[end:end + 2] == b"\r\n":
            start += 1
    return lines


def detect_encoding(data: bytes) -> "tuple[str, bool]":
    """Return (codec name, has UTF-8 BOM), raising DecodeError on a bad or conflicting cookie."""
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    lines = _first_two_lines(body)
    cookie = None
    for index, line in enumerate(lines):
        match = _cookie_match(line)
        if match:
            cookie = match.group(1).decode("ascii", "replace")
            break
        # The cookie may be on line 2 only when line 1 is blank or a comment.
        if index == 0 and not _blank_or_comment(line):
            break
    if cookie is None:
        return "utf-8", bom
    try:
        name = codecs.lookup(cookie).name
    except LookupError:
        raise DecodeError(f"unknown encoding {cookie!r} in the coding cookie") from None
    if bom and name != "utf-8":
        raise DecodeError(f"a UTF-8 byte-order mark conflicts with the coding cookie {cookie!r}")
    return name, bom


def detect_newline(text: str) -> str:
    for i, ch in enumerate(text):
        if ch == "\n":
            return "\n"
        if ch == "\r":
            return "\r\n" if text[i + 1:i + 2] == "\n" else "\r"
    return "\n"


def decode_source(data: bytes) -> Decoded:
    if b"\0" in data:
        raise DecodeError("the file contains NUL bytes, so it is binary, not Python source")
    encoding, bom = detect_encoding(data)
    body = data[3:] if bom else data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        cookie_hint = "" if encoding != "utf-8" else " (add a PEP 263 coding cookie if it is not UTF-8)"
        raise DecodeError(
            f"byte {exc.start} is not valid {encoding}{cookie_hint}"
        ) from None
    except LookupError as exc:  # pragma: no cover - lookup was checked above
        raise DecodeError(str(exc)) from None
    return Decoded(text, encoding, bom, detect_newline(text))

"""Text from file names and messages made safe for where it is written.

A file name is bytes on POSIX: Python gives undecodable bytes to us as lone surrogates
(``\\udcff`` for 0xff), which no UTF-8 writer accepts, and a name may hold control
characters (ESC starts a terminal escape sequence). Every output goes through one of
these, so a hostile name can neither crash a format nor drive the terminal.
"""
from __future__ import annotations

import re

# C0 controls except tab, DEL, C1 controls, and lone surrogates (undecodable bytes).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_WITH_NEWLINES = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: "re.Match") -> str:
    ch = match.group(0)
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = True) -> str:
    """`text` with control characters and undecodable bytes written as ``\\xNN``: for the
    terminal and for formats that must be valid UTF-8 text (JSON strings, XML, SARIF)."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_escape, text) if pattern.search(text) else text


def one_line(text: str) -> str:
    """`visible`, and newlines escaped too: for line-oriented output (concise, errors)."""
    return visible(text, keep_newlines=False)


_SURROGATE = re.compile("[\ud800-\udfff]")


def undecodable(text: str) -> str:
    """Only undecodable bytes (lone surrogates) written as ``\\xNN``: for JSON, which
    escapes control characters itself but cannot encode a lone surrogate as UTF-8."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text

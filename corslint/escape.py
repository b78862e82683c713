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


# Select Graphic Rendition (colour and weight only: no cursor movement, no title, no
# hyperlink): what corslint's own colour writes (output/style.py).
_SGR = re.compile("(\x1b\\[[0-9;]*m)")


def visible_keeping_colour(text: str) -> str:
    """`visible`, except corslint's own colour sequences (SGR) stay as they are. Names and
    messages were escaped before they were rendered, so an SGR left here was written by
    the renderer; any other control character is still written as ``\\xNN``."""
    parts = _SGR.split(text)
    return "".join(part if index % 2 else visible(part) for index, part in enumerate(parts))


def one_line(text: str) -> str:
    """`visible`, and newlines escaped too: for line-oriented output (concise, errors)."""
    return visible(text, keep_newlines=False)


_SURROGATE = re.compile("[\ud800-\udfff]")


def undecodable(text: str) -> str:
    """Only undecodable bytes (lone surrogates) written as ``\\xNN``: for JSON, which
    escapes control characters itself but cannot encode a lone surrogate as UTF-8."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


_NEEDS_QUOTES = re.compile('["\\\\\x00-\x1f\x7f-\x9f\ud800-\udfff]')
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def quoted_path(name: str) -> str:
    """A file name for a diff header, quoted the way git writes one that holds control
    characters, quotes or undecodable bytes: ``"a\\377b.py"`` (octal bytes), which
    ``git apply`` and GNU ``patch`` read back. Other names are written as they are."""
    if not _NEEDS_QUOTES.search(name):
        return name
    out = []
    for ch in name:
        code = ord(ch)
        if ch in _C_ESCAPES:
            out.append(_C_ESCAPES[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
            out.append(f"\\{code - 0xDC00:03o}")
        elif code < 0x20 or 0x7F <= code:
            out.extend(f"\\{byte:03o}" for byte in ch.encode("utf-8", "surrogatepass"))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'

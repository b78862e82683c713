"""The byte prefilter: most files of a real project never mention CORS and must cost no parse.

A file is a candidate when its bytes contain one of the markers below, in any case.
The list is conservative: every way of configuring CORS that corslint understands
names one of these words in the file that configures it (``CORSMiddleware``,
``flask_cors``, ``cross_origin``, ``corsheaders``, ``CORS_*`` settings,
``aiohttp_cors``, ``Access-Control-*`` headers). Modules that only hold values used
by a candidate (a ``config.py`` with ``ALLOWED_ORIGINS``) are parsed on demand when
the candidate imports them, never up front.

Speed: a case-insensitive regex (``re.IGNORECASE``) loses the literal-prefix scan and
costs about 20 ns per byte; lower-casing the bytes once and searching with ``in``
(a two-way search in C) costs about 1.5 ns per byte and finds exactly the same files.
"""
from __future__ import annotations

import errno
import os
import stat

# ``re`` is imported on first use of a regex below, not at import time: the one-file
# pre-commit case decides most files with the plain byte searches and never needs it.

# "cors" covers CORSMiddleware, flask_cors, corsheaders, CORS_* and aiohttp_cors.
# Lower-case: they are compared against the lower-cased bytes, so any case matches.
# "cors" covers CORSMiddleware, flask_cors, corsheaders, CORS_* and aiohttp_cors;
# werkzeug's typed properties (`response.access_control_allow_origin = ...`) too.
CANDIDATE_MARKERS = (b"cors", b"access-control-", b"access_control_", b"cross_origin")

# The second, narrower marker: a quoted custom response-header name (`"X-Total-Count"`,
# `b"x-request-id"`, `"Content-Disposition"`, `"Link"`, `"Retry-After"`, `"RateLimit-…"`,
# `"Content-Range"`), which is how a router module that never mentions CORS sets a header
# that browser code reads. Such a module is NOT analysed in the per-file pass: the engine
# keeps it aside for its response headers (read with CPython's parser, see
# facts/response_headers.py), which are used only if the project has at least one CORS
# policy with a known expose list and COR503 is selected. They are read after the per-file
# pass when they are needed, or while worker processes analyse (when there are workers,
# before it is known whether they are needed).
#
# A custom header counts only where it is written on something named for a response or
# in a header context, so the quoted name must follow a `header`/`resp` token closely:
# `response.headers["X-Total"]`, `headers={...}`, `set_header("X-...")`,
# `responses={200: {"headers": ...}}`. The window is generous so a long literal dict of
# headers still qualifies. As a regex (the specification; tests compare the two):
RESPONSE_HEADER_PATTERN = (rb"""[bf]?["'](?:x-[a-z0-9]|content-disposition|content-range|retry-after|"""
                           rb"""ratelimit|link["'])""")
RESPONSE_HEADER_WRITE_PATTERN = rb"(?:header|resp)[\s\S]{0,2000}?" + RESPONSE_HEADER_PATTERN
# The regex with re.IGNORECASE costs about 20 ns per byte of every file (it tries the
# 2000-byte window at each "resp"/"header"); the search below looks for the rare quoted
# names first, with plain byte searches on the lower-cased bytes, and only then looks
# back for the token: the same verdict, about 30 times faster.
HEADER_WINDOW = 2000
_QUOTED_NAME_STARTS = (b"x-", b"content-disposition", b"content-range", b"retry-after", b"ratelimit", b"link")
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_QUOTES = (34, 39)  # " and '
_regexes: dict = {}


def _regex(name: str, pattern: bytes, flags: int = 0):
    compiled = _regexes.get(name)
    if compiled is None:
        import re

        compiled = _regexes[name] = re.compile(pattern, flags)
    return compiled


def may_configure_cors(data: bytes, lowered: bytes = None) -> bool:
    if lowered is None:
        lowered = data.lower()
    return any(marker in lowered for marker in CANDIDATE_MARKERS)


def quoted_header_names(lowered: bytes):
    """Offsets of the opening quote of each quoted custom header name in lower-cased bytes
    (``RESPONSE_HEADER_PATTERN`` without its optional b/f prefix), in no particular order.
    The names are searched without their quote (six searches, not twelve), and the byte
    before each is then checked."""
    size = len(lowered)
    for start in _QUOTED_NAME_STARTS:
        at = lowered.find(start, 1)
        while at != -1:
            if lowered[at - 1] in _QUOTES:
                after = at + len(start)
                if start == b"x-":
                    ok = after < size and lowered[after] in _ALNUM
                elif start == b"link":
                    ok = after < size and lowered[after] in _QUOTES
                else:
                    ok = True
                if ok:
                    yield at - 1
            at = lowered.find(start, at + 1)


def may_set_response_headers(data: bytes, lowered: bytes = None) -> bool:
    """Whether a module may set a custom response header (COR503): a quoted header name
    with a `header`/`resp` token ending at most HEADER_WINDOW bytes before it."""
    if lowered is None:
        lowered = data.lower()
    if b"resp" not in lowered and b"header" not in lowered:
        return False  # two searches decide three files in four
    for quote_at in quoted_header_names(lowered):
        # One byte more than the regex's window: a b/f prefix may stand before the quote.
        for token in (b"header", b"resp"):
            if lowered.find(token, max(0, quote_at - HEADER_WINDOW - 1 - len(token)), quote_at) != -1:
                return True
    return False


def may_name_response_headers(lowered: bytes) -> bool:
    """Any quoted custom header name at all (for a candidate, which is read anyway)."""
    return next(quoted_header_names(lowered), None) is not None


# A settings module that only inherits its CORS configuration (`from .base import *`
# followed by `DEBUG = False`) never names CORS itself, yet is judged with what it inherits.
STAR_IMPORT_PATTERN = rb"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*"


def has_star_import_bytes(data: bytes) -> bool:
    """A superset of STAR_IMPORT without a regex: ``import`` followed by blanks and ``*``."""
    size = len(data)
    start = data.find(b"import")
    while start != -1:
        end = index = start + 6
        while index < size and data[index] in (32, 9):  # " ", "\t"
            index += 1
        if index > end and index < size and data[index] == 42:  # "*"
            return True
        start = data.find(b"import", end)
    return False


def may_inherit_settings(data: bytes) -> bool:
    if not has_star_import_bytes(data):
        return False
    import re

    return _regex("star", STAR_IMPORT_PATTERN, re.MULTILINE).search(data) is not None


def read_bytes(path: str) -> bytes:
    """The whole file, with one open and (usually) one read: faster than ``open().read()``,
    whose buffered reader costs more than the read itself for small files."""
    return read_bytes_and_stat(path)[0]


def read_bytes_and_stat(path: str):
    """(bytes, os.stat_result): the stat is taken on the open file before reading, so a
    change made while reading shows as a newer ctime next time (see cache.StatIndex)."""
    # O_NONBLOCK: a FIFO (or device) put where a .py file was found must not block the
    # open; it is then refused by the fstat below. For a regular file it changes nothing.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        size = st.st_size
        chunks = []
        # Read one byte past the size so a file that grew meanwhile is still read whole.
        chunk = os.read(fd, size + 1)
        while chunk:
            chunks.append(chunk)
            chunk = os.read(fd, 1 << 20)
        return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), st
    finally:
        os.close(fd)

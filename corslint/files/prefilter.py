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

import os

# "cors" covers CORSMiddleware, flask_cors, corsheaders, CORS_* and aiohttp_cors.
# Lower-case: they are compared against the lower-cased bytes, so any case matches.
CANDIDATE_MARKERS = (b"cors", b"access-control-", b"cross_origin")


def may_configure_cors(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in CANDIDATE_MARKERS)


def read_bytes(path: str) -> bytes:
    """The whole file, with one open and (usually) one read: faster than ``open().read()``,
    whose buffered reader costs more than the read itself for small files."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        chunks = []
        # Read one byte past the size so a file that grew meanwhile is still read whole.
        chunk = os.read(fd, size + 1)
        while chunk:
            chunks.append(chunk)
            chunk = os.read(fd, 1 << 20)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)

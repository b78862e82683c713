"""The byte prefilter: most files of a real project never mention CORS and must cost no parse.

A file is a candidate when its bytes contain one of the markers below, in any case.
The list is conservative: every way of configuring CORS that corslint understands
names one of these words in the file that configures it (``CORSMiddleware``,
``flask_cors``, ``cross_origin``, ``corsheaders``, ``CORS_*`` settings,
``aiohttp_cors``, ``Access-Control-*`` headers). Modules that only hold values used
by a candidate (a ``config.py`` with ``ALLOWED_ORIGINS``) are parsed on demand when
the candidate imports them, never up front.
"""
from __future__ import annotations

import re

# "cors" covers CORSMiddleware, flask_cors, corsheaders, CORS_* and aiohttp_cors.
# werkzeug's typed properties (`response.access_control_allow_origin = ...`) too.
CANDIDATE_MARKERS = re.compile(rb"cors|access-control-|access_control_|cross_origin", re.IGNORECASE)

# The second, narrower marker: a quoted custom response-header name (`"X-Total-Count"`,
# `b"x-request-id"`, `"Content-Disposition"`, `"Link"`, `"Retry-After"`, `"RateLimit-…"`,
# `"Content-Range"`), which is how a router module that never mentions CORS sets a header
# that browser code reads. Such a module is NOT parsed in the per-file pass: the engine
# keeps it aside and parses it only after that pass, and only if the project has at least
# one CORS policy with a known expose list and COR503 is selected. The cost: one more
# regex search over the bytes of each non-CORS file (the same order as the first marker),
# plus, for projects that do configure an expose list, one parse of each marked module;
# a project without CORS, or whose expose lists are unknown, pays no parse at all.
RESPONSE_HEADER_MARKERS = re.compile(
    rb"""[bf]?["'](?:x-[a-z0-9]|content-disposition|content-range|retry-after|ratelimit|link["'])""",
    re.IGNORECASE)


def may_configure_cors(data: bytes) -> bool:
    return CANDIDATE_MARKERS.search(data) is not None


# A settings module that only inherits its CORS configuration (`from .base import *`
# followed by `DEBUG = False`) never names CORS itself, yet is judged with what it inherits.
STAR_IMPORT = re.compile(rb"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*", re.MULTILINE)


def may_inherit_settings(data: bytes) -> bool:
    return STAR_IMPORT.search(data) is not None


def may_set_response_headers(data: bytes) -> bool:
    """Whether a module that never mentions CORS may set a custom response header (COR503)."""
    return RESPONSE_HEADER_MARKERS.search(data) is not None

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
CANDIDATE_MARKERS = re.compile(rb"cors|access-control-|cross_origin", re.IGNORECASE)


def may_configure_cors(data: bytes) -> bool:
    return CANDIDATE_MARKERS.search(data) is not None


# A settings module that only inherits its CORS configuration (`from .base import *`
# followed by `DEBUG = False`) never names CORS itself, yet is judged with what it inherits.
STAR_IMPORT = re.compile(rb"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*", re.MULTILINE)


def may_inherit_settings(data: bytes) -> bool:
    return STAR_IMPORT.search(data) is not None

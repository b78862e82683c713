"""Response-header names and the words that say an expression holds response headers.

Shared by the hand-written headers extractor (libcst, :mod:`corslint.frameworks.handwritten.headers`) and
the response-header collector (CPython's ``ast``, :mod:`corslint.facts.response_headers`), so both
judge a header name and a receiver the same way. Imports neither parser.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Set

ALLOW_ORIGIN = "access-control-allow-origin"
ALLOW_CREDENTIALS = "access-control-allow-credentials"
ALLOW_METHODS = "access-control-allow-methods"
ALLOW_HEADERS = "access-control-allow-headers"
EXPOSE_HEADERS = "access-control-expose-headers"
MAX_AGE = "access-control-max-age"
ALLOW_PRIVATE_NETWORK = "access-control-allow-private-network"
VARY = "vary"

# Fetch standard, "CORS-safelisted response-header name": readable without exposing.
SAFELISTED_RESPONSE_HEADERS = frozenset({
    "cache-control", "content-language", "content-length", "content-type", "expires",
    "last-modified", "pragma",
})
# X- headers meant for browsers' or proxies' own use, never read by page scripts.
NOT_FOR_SCRIPTS = frozenset({
    "x-frame-options", "x-content-type-options", "x-xss-protection", "x-powered-by",
    "x-permitted-cross-domain-policies", "x-robots-tag", "x-download-options",
    "x-dns-prefetch-control", "x-ua-compatible", "x-sendfile", "x-real-ip",
})
NOT_FOR_SCRIPTS_PREFIXES = ("x-forwarded-", "x-accel-", "x-lighttpd-")
# Standard headers that applications set for their own JavaScript to read.
READ_BY_SCRIPTS = frozenset({"content-disposition", "content-range", "link", "retry-after"})

_HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")

# werkzeug Response properties that write CORS headers (werkzeug/sansio/response.py).
WERKZEUG_PROPERTIES = {
    "access_control_allow_origin": ALLOW_ORIGIN,
    "access_control_allow_credentials": ALLOW_CREDENTIALS,
    "access_control_allow_methods": ALLOW_METHODS,
    "access_control_allow_headers": ALLOW_HEADERS,
    "access_control_expose_headers": EXPOSE_HEADERS,
    "access_control_max_age": MAX_AGE,
}

SETTERS = {"set": "set", "__setitem__": "set", "set_header": "set", "setdefault": "setdefault",
            "add": "add", "add_header": "add", "append": "add"}
BULK_UPDATES = {"update", "extend"}


def is_cors_header(name: str) -> bool:
    return name.lower().startswith("access-control-")


def is_custom_response_header(name: str) -> bool:
    """A header an application sets for its own browser code to read (X-Total-Count, Link…)."""
    low = name.strip().lower()
    if not _HEADER_NAME.match(low) or low in SAFELISTED_RESPONSE_HEADERS:
        return False
    if low.startswith("x-"):
        return low not in NOT_FOR_SCRIPTS and not low.startswith(NOT_FOR_SCRIPTS_PREFIXES)
    return low in READ_BY_SCRIPTS or low.startswith("ratelimit")


# Names that say "these are headers": `headers=`, `extra_headers = {...}`, `resp_headers`.
HEADER_WORD = re.compile(r"header", re.IGNORECASE)


# Words that name the *outgoing request* side (requests/httpx/urllib objects, sessions,
# clients, http.server handlers): their headers are request headers, never a response's.
REQUEST_SIDE = re.compile(r"req|session|client|conn|handler|proxy|upstream", re.IGNORECASE)
# Callees whose `headers=` argument is a response's headers.
RESPONSE_CALLEE = re.compile(r"resp|HTTPException|abort|redirect", re.IGNORECASE)


def names_a_response(receiver: str) -> bool:
    """`response.headers`, `resp`, `self.response`: the expression is named for a response."""
    words = [w for w in re.split(r"[.\[\]()]", receiver.strip()) if w]
    return any("resp" in w.lower() for w in words)


def looks_like_headers(receiver: str) -> bool:
    """Whether an expression, by its text, holds response headers or a response."""
    last = re.split(r"[.\[\]()]", receiver.strip())
    words = [w for w in last if w]
    tail = words[-1].lower() if words else ""
    if any(REQUEST_SIDE.search(w) for w in words) and not any("resp" in w.lower() for w in words):
        return False  # prepared_request.headers, session.headers, client.headers
    return "header" in tail or "resp" in tail or tail in ("r", "h", "message", "hdrs", "self")


# Request handler classes whose `self.send_header(name, value)` writes a header of the
# response being sent: http.server's, and xmlrpc.server's (SimpleXMLRPCRequestHandler is a
# BaseHTTPRequestHandler; an `end_headers` override adds CORS headers to every answer).
REQUEST_HANDLER_CLASSES = frozenset({
    "http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler",
    "http.server.CGIHTTPRequestHandler", "xmlrpc.server.SimpleXMLRPCRequestHandler",
    "xmlrpc.server.DocXMLRPCRequestHandler",
})
# Modules that re-export one of those modules under another name (defusedxml's hardened
# xmlrpc: `from defusedxml import xmlrpc` then `xmlrpc.xmlrpc_server.SimpleXMLRPCRequestHandler`).
_REEXPORTED_MODULES = {"defusedxml.xmlrpc.xmlrpc_server": "xmlrpc.server"}


def names_request_handler(dotted: str, imported: Dict[str, str]) -> bool:
    """Whether a class base written ``dotted`` (`BaseHTTPRequestHandler`,
    `http.server.SimpleHTTPRequestHandler`, `xmlrpc.xmlrpc_server.SimpleXMLRPCRequestHandler`)
    is one of REQUEST_HANDLER_CLASSES. ``imported``: each name the module's absolute imports
    bind -> what it stands for (`from xmlrpc import server as s`: s -> xmlrpc.server;
    `import http.server`: http -> http)."""
    root, dot, rest = dotted.partition(".")
    qualified = imported.get(root)
    if qualified is None:
        return False
    full = qualified + dot + rest
    for module, canonical in _REEXPORTED_MODULES.items():
        if full.startswith(module + "."):
            full = canonical + full[len(module):]
    return full in REQUEST_HANDLER_CLASSES


def http_server_handlers(imports, classes) -> List[int]:
    """Which of a module's classes are based on a request handler of http.server or
    xmlrpc.server (REQUEST_HANDLER_CLASSES): directly (`class H(BaseHTTPRequestHandler)`,
    `http.server.SimpleHTTPRequestHandler`, an alias) or through another such class of the
    module. Both readers (libcst and ``ast``) list what they see and get the same answer.

    ``imports``: (module, name, alias) of every absolute `from module import name as alias`
    and, with name None, `import module as alias` (alias None when there is none).
    ``classes``: (class name, the dotted names of its bases, None for a base that is not
    a dotted name) of every class of the module. Returns the positions in ``classes``."""
    imported: Dict[str, str] = {}  # local name -> what an absolute import binds to it
    for module, name, alias in imports:
        if not module:
            continue
        if name is not None:
            if name != "*":
                imported[alias or name] = f"{module}.{name}"
        elif alias:
            imported[alias] = module
        else:
            root = module.split(".")[0]
            imported[root] = root
    if not imported:
        return []
    handler_names: Set[str] = set()

    def names_a_handler(dotted: Optional[str]) -> bool:
        return dotted is not None and (dotted in handler_names or names_request_handler(dotted, imported))

    found: List[int] = []
    changed = True
    while changed:  # a handler of the module's own may be the base of another
        changed = False
        for index, (class_name, bases) in enumerate(classes):
            if index not in found and any(names_a_handler(base) for base in bases):
                handler_names.add(class_name)
                found.append(index)
                changed = True
    return found

"""Recognising response-header writes in any framework, without knowing which one it is.

The forms are distinctive enough to be read the same way everywhere:

* ``X[...] = v`` (Flask/Starlette/aiohttp ``response.headers[...]``, Django ``response[...]``,
  a local ``headers`` dict later passed to a response);
* ``X.set/add/setdefault/append(name, v)`` (werkzeug ``Headers``, Starlette
  ``MutableHeaders``, aiohttp's ``CIMultiDict``), Tornado ``set_header``/``add_header``,
  ``.update({...})``/``.extend({...} or [(name, v), ...])``;
* dict literals (``Response(headers={...})``, ``return body, 200, {...}``), and
  ``(name, value)`` tuples (raw ASGI ``http.response.start`` header lists);
* werkzeug's typed properties (``response.access_control_allow_origin = ...``,
  ``response.vary.add("Origin")``) and Django's ``patch_vary_headers``.

Access-Control-* names are accepted on any receiver, because nothing else is called
that. Custom response headers (for COR503) are only accepted where the receiver or the
container looks like response headers, so a JSON payload that happens to hold an
``X-...`` key is not mistaken for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, List, Optional

import libcst as cst

ALLOW_ORIGIN = "access-control-allow-origin"
ALLOW_CREDENTIALS = "access-control-allow-credentials"
ALLOW_METHODS = "access-control-allow-methods"
ALLOW_HEADERS = "access-control-allow-headers"
EXPOSE_HEADERS = "access-control-expose-headers"
MAX_AGE = "access-control-max-age"
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

_SETTERS = {"set": "set", "__setitem__": "set", "set_header": "set", "setdefault": "setdefault",
            "add": "add", "add_header": "add", "append": "add"}
_BULK = {"update", "extend"}


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


def _interesting(name: str) -> bool:
    return is_cors_header(name) or name.lower() == VARY or is_custom_response_header(name)


# Names that say "these are headers": `headers=`, `extra_headers = {...}`, `resp_headers`.
_HEADER_WORD = re.compile(r"header", re.IGNORECASE)


# Words that name the *outgoing request* side (requests/httpx/urllib objects, sessions,
# clients, http.server handlers): their headers are request headers, never a response's.
_REQUEST_SIDE = re.compile(r"req|session|client|conn|handler|proxy|upstream", re.IGNORECASE)
# Callees whose `headers=` argument is a response's headers.
_RESPONSE_CALLEE = re.compile(r"resp|HTTPException|abort|redirect", re.IGNORECASE)


def names_a_response(receiver: str) -> bool:
    """`response.headers`, `resp`, `self.response`: the expression is named for a response."""
    words = [w for w in re.split(r"[.\[\]()]", receiver.strip()) if w]
    return any("resp" in w.lower() for w in words)


def looks_like_headers(receiver: str) -> bool:
    """Whether an expression, by its text, holds response headers or a response."""
    last = re.split(r"[.\[\]()]", receiver.strip())
    words = [w for w in last if w]
    tail = words[-1].lower() if words else ""
    if any(_REQUEST_SIDE.search(w) for w in words) and not any("resp" in w.lower() for w in words):
        return False  # prepared_request.headers, session.headers, client.headers
    return "header" in tail or "resp" in tail or tail in ("r", "h", "message", "hdrs", "self")


@dataclass
class HeaderWrite:
    """One header written: its name as written, where, and the expression of its value."""

    name: str
    node: cst.CSTNode  # the whole write, where findings point
    value: Optional[cst.BaseExpression]
    mode: str = "set"  # "set", "add", "setdefault", "property"
    receiver: str = ""

    @property
    def key(self) -> str:
        return self.name.lower()


NameResolver = Callable[[cst.BaseExpression], Optional[str]]


class _WriteFinder(cst.CSTVisitor):
    """Finds header writes in one statement (not inside nested functions or classes)."""

    def __init__(self, module, header_name: NameResolver, custom: bool):
        super().__init__()
        self.module = module
        self.header_name = header_name
        self.custom = custom  # also report custom response headers
        self.writes: List[HeaderWrite] = []
        # How deep we are inside an expression that certainly holds response headers
        # (`headers=` argument, an ASGI message's "headers", `headers = {...}`...). A dict
        # key or a (name, value) pair counts as a custom header only there: a template
        # context {"link": ...} or a JSON body {"x-id": ...} is not a response.
        self._header_context = 0
        self._pushed: List[bool] = []
        self._calls: List[str] = []  # callee names of the calls we are inside, innermost last

    def visit_FunctionDef(self, node):
        return False

    def visit_ClassDef(self, node):
        return False

    def visit_Lambda(self, node):
        return False

    # -- header contexts ----------------------------------------------------------
    def _enter(self, is_context: bool) -> None:
        self._pushed.append(is_context)
        if is_context:
            self._header_context += 1

    def _exit(self) -> None:
        if self._pushed.pop():
            self._header_context -= 1

    def visit_Arg(self, node: cst.Arg) -> Optional[bool]:
        # `headers=` of a response (JSONResponse, HttpResponse, make_response, HTTPException...),
        # not of an outgoing request (requests.get, httpx.AsyncClient, session.post...).
        callee = self._calls[-1] if self._calls else ""
        self._enter(node.keyword is not None and _HEADER_WORD.search(node.keyword.value) is not None
                    and _RESPONSE_CALLEE.search(callee) is not None)
        return True

    def leave_Arg(self, original_node: cst.Arg) -> None:
        self._exit()

    def leave_Assign(self, original_node: cst.Assign) -> None:
        self._exit()

    def leave_DictElement(self, original_node: cst.DictElement) -> None:
        self._exit()

    def leave_Call(self, original_node: cst.Call) -> None:
        self._calls.pop()
        self._exit()

    def _add(self, name: Optional[str], node, value, mode="set", receiver="", trusted_receiver=False) -> None:
        if name is None or not _interesting(name):
            return
        if not (is_cors_header(name) or name.lower() == VARY):
            # A custom header (COR503) needs positive evidence of a response: a trusted form
            # (Tornado's set_header, a response's headers= argument...) or a receiver named
            # for a response. `outgoing.headers[...]` may well be a request being built.
            if not self.custom or not (trusted_receiver or names_a_response(receiver)):
                return
        self.writes.append(HeaderWrite(name, node, value, mode, receiver))

    def visit_Assign(self, node: cst.Assign) -> Optional[bool]:
        # `response_headers = {...}` / `resp.headers = {...}`: named for a response. A plain
        # `headers = {...}` is as often an outgoing request's, so it is not enough.
        self._enter(any(_HEADER_WORD.search(text) is not None and "resp" in text.lower()
                        for text in (self.module.code(t.target) for t in node.targets)))
        for target in node.targets:
            t = target.target
            if isinstance(t, cst.Subscript) and len(t.slice) == 1 and isinstance(t.slice[0].slice, cst.Index):
                self._add(self.header_name(t.slice[0].slice.value), node, node.value,
                          receiver=self.module.code(t.value))
            elif isinstance(t, cst.Attribute) and t.attr.value in WERKZEUG_PROPERTIES:
                self.writes.append(HeaderWrite(WERKZEUG_PROPERTIES[t.attr.value], node, node.value, "property",
                                               self.module.code(t.value)))
        return True

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        func = node.func
        callee = self._callee_name(func)
        self._calls.append(callee)
        receiver_text = self.module.code(func.value) if isinstance(func, cst.Attribute) else ""
        self._enter(callee in _BULK and "resp" in receiver_text.lower() and looks_like_headers(receiver_text))
        positional = [a for a in node.args if a.keyword is None and not a.star]
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = self.module.code(func.value)
            if method in _SETTERS and len(positional) >= 2:
                trusted = method in ("set_header", "add_header")
                self._add(self.header_name(positional[0].value), node, positional[1].value,
                          _SETTERS[method], receiver, trusted_receiver=trusted)
            elif method in ("add", "append") and len(positional) == 1 and isinstance(func.value, cst.Attribute) \
                    and func.value.attr.value == "vary":
                # werkzeug: response.vary.add("Origin")
                self.writes.append(HeaderWrite("Vary", node, positional[0].value, "add", receiver))
        elif self._callee_name(func) == "patch_vary_headers" and len(positional) >= 2:
            self.writes.append(HeaderWrite("Vary", node, positional[1].value, "add"))
        return True

    @staticmethod
    def _callee_name(func) -> str:
        if isinstance(func, cst.Name):
            return func.value
        if isinstance(func, cst.Attribute):
            return func.attr.value
        return ""

    def _key_name(self, node) -> Optional[str]:
        """A dict key's or pair's header name. Literals are read directly; a name is resolved
        (which may parse the modules it comes from) only inside a header context, since
        elsewhere a tuple or dict of data is far more common than one of headers."""
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            return self.header_name(node)
        if isinstance(node, (cst.Name, cst.Attribute)) and self._header_context > 0:
            return self.header_name(node)
        return None

    def visit_DictElement(self, node: cst.DictElement) -> Optional[bool]:
        key = self._key_name(node.key)
        self._enter(key is not None and key.lower() == "headers")  # an ASGI message's "headers"
        self._add(key, node, node.value, trusted_receiver=self._header_context > 0)
        return True

    def visit_Tuple(self, node: cst.Tuple) -> Optional[bool]:
        if len(node.elements) == 2:
            self._add(self._key_name(node.elements[0].value), node, node.elements[1].value,
                      trusted_receiver=self._header_context > 0)
        return True


def find_writes(module, node: cst.CSTNode, header_name: NameResolver, custom: bool = False) -> List[HeaderWrite]:
    finder = _WriteFinder(module, header_name, custom)
    node.visit(finder)
    return finder.writes


def route_response_headers(module, decorator: cst.Decorator, header_name: NameResolver) -> List[HeaderWrite]:
    """Headers a route documents in ``responses={200: {"headers": {"X-Total-Count": {...}}}}``
    (FastAPI): they are what the route sets, for browser code to read."""
    call = decorator.decorator
    if not isinstance(call, cst.Call):
        return []
    out: List[HeaderWrite] = []
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value != "responses" or not isinstance(arg.value, cst.Dict):
            continue
        for status in arg.value.elements:
            if not isinstance(status, cst.DictElement) or not isinstance(status.value, cst.Dict):
                continue
            for entry in status.value.elements:
                if isinstance(entry, cst.DictElement) and header_name(entry.key) == "headers" \
                        and isinstance(entry.value, cst.Dict):
                    for header in entry.value.elements:
                        if isinstance(header, cst.DictElement):
                            name = header_name(header.key)
                            if name and is_custom_response_header(name):
                                out.append(HeaderWrite(name, header, None, "documented"))
    return out

"""Recognising response-header writes in any framework, without knowing which one it is.

The forms are distinctive enough to be read the same way everywhere:

* ``X[...] = v`` (Flask/Starlette/aiohttp ``response.headers[...]``, Django ``response[...]``,
  a local ``headers`` dict later passed to a response);
* ``X.set/add/setdefault/append(name, v)`` (werkzeug ``Headers``, Starlette
  ``MutableHeaders``, aiohttp's ``CIMultiDict``), Tornado ``set_header``/``add_header``,
  ``self.send_header(name, v)`` in an http.server request handler,
  ``.update({...})``/``.extend({...} or [(name, v), ...])``;
* dict literals (``Response(headers={...})``, ``return body, 200, {...}``), and
  ``(name, value)`` tuples (raw ASGI ``http.response.start`` header lists);
* werkzeug's typed properties (``response.access_control_allow_origin = ...``,
  ``response.vary.add("Origin")``) and Django's ``patch_vary_headers``.

Access-Control-* names are accepted on any receiver, because nothing else is called
that. Custom response headers (for COR503) are found in the same forms by
:mod:`corslint.facts.response_headers`, with CPython's parser, for every module.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

import libcst as cst

from corslint.header_names import (  # noqa: F401 - re-exported for the extractor
    ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, BULK_UPDATES, EXPOSE_HEADERS, HEADER_WORD,
    ALLOW_PRIVATE_NETWORK, MAX_AGE, RESPONSE_CALLEE, SETTERS, VARY, WERKZEUG_PROPERTIES, http_server_handlers,
    is_cors_header, looks_like_headers)
from corslint.parsing.scopes import dotted_name
from corslint.parsing.walk import walk_statements


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

    def __init__(self, module, header_name: NameResolver):
        super().__init__()
        self.module = module
        self.header_name = header_name
        self.writes: List[HeaderWrite] = []
        # How deep we are inside an expression that certainly holds response headers
        # (`headers=` argument, an ASGI message's "headers", `headers = {...}`...). A dict
        # key or a (name, value) pair given by a name is resolved only there: elsewhere a
        # dict or tuple of data is far more common than one of headers.
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
        self._enter(node.keyword is not None and HEADER_WORD.search(node.keyword.value) is not None
                    and RESPONSE_CALLEE.search(callee) is not None)
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

    def _add(self, name: Optional[str], node, value, mode="set", receiver="") -> None:
        # Custom response headers (COR503) are collected apart, without libcst
        # (corslint.facts.response_headers): only CORS headers and Vary here.
        if name is None or not (is_cors_header(name) or name.lower() == VARY):
            return
        self.writes.append(HeaderWrite(name, node, value, mode, receiver))

    def visit_Assign(self, node: cst.Assign) -> Optional[bool]:
        # `response_headers = {...}` / `resp.headers = {...}`: named for a response. A plain
        # `headers = {...}` is as often an outgoing request's, so it is not enough.
        self._enter(any(HEADER_WORD.search(text) is not None and "resp" in text.lower()
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
        self._enter(callee in BULK_UPDATES and "resp" in receiver_text.lower() and looks_like_headers(receiver_text))
        positional = [a for a in node.args if a.keyword is None and not a.star]
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = self.module.code(func.value)
            if method in SETTERS and len(positional) >= 2:
                self._add(self.header_name(positional[0].value), node, positional[1].value,
                          SETTERS[method], receiver)
            elif method == "send_header" and len(positional) >= 2 and receiver == "self" \
                    and self._in_http_server_handler(node):
                # http.server writes each send_header as one more header line.
                self._add(self.header_name(positional[0].value), node, positional[1].value, "add", receiver)
            elif method in ("add", "append") and len(positional) == 1 and isinstance(func.value, cst.Attribute) \
                    and func.value.attr.value == "vary":
                # werkzeug: response.vary.add("Origin")
                self.writes.append(HeaderWrite("Vary", node, positional[0].value, "add", receiver))
        elif self._callee_name(func) == "patch_vary_headers" and len(positional) >= 2:
            self.writes.append(HeaderWrite("Vary", node, positional[1].value, "add"))
        return True

    def _in_http_server_handler(self, node: cst.CSTNode) -> bool:
        """Whether a call sits in a class based on one of http.server's request handlers
        (`send_header` is also the name of unrelated methods: mail, proxies, test doubles)."""
        line = self.module.positions[node].start.line
        return any(first <= line <= last for first, last in http_server_handler_lines(self.module))

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
        self._add(key, node, node.value)
        return True

    def visit_Tuple(self, node: cst.Tuple) -> Optional[bool]:
        if len(node.elements) == 2:
            self._add(self._key_name(node.elements[0].value), node, node.elements[1].value)
        return True


_HANDLER_LINES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def http_server_handler_lines(module) -> Tuple[Tuple[int, int], ...]:
    """The line ranges of the module's classes based on a request handler of http.server or
    xmlrpc.server (:func:`corslint.header_names.http_server_handlers`). Read once per module."""
    cached = _HANDLER_LINES.get(module)
    if cached is not None:
        return cached
    imports: List[tuple] = []
    classes: List[cst.ClassDef] = []
    for node in walk_statements(module.tree.body):
        if isinstance(node, cst.ImportFrom) and not node.relative and not isinstance(node.names, cst.ImportStar) \
                and node.module is not None:
            module_name = dotted_name(node.module)
            imports.extend((module_name, dotted_name(alias.name), alias.evaluated_alias) for alias in node.names)
        elif isinstance(node, cst.Import):
            imports.extend((dotted_name(alias.name), None, alias.evaluated_alias) for alias in node.names)
        elif isinstance(node, cst.ClassDef):
            classes.append(node)
    handlers = http_server_handlers(imports, [(node.name.value, [dotted_name(arg.value) for arg in node.bases])
                                              for node in classes])
    lines = tuple((module.positions[classes[index]].start.line, module.positions[classes[index]].end.line)
                  for index in handlers)
    try:
        _HANDLER_LINES[module] = lines
    except TypeError:
        pass
    return lines


def find_writes(module, node: cst.CSTNode, header_name: NameResolver) -> List[HeaderWrite]:
    finder = _WriteFinder(module, header_name)
    node.visit(finder)
    return finder.writes

"""Custom response headers set in Go and Rust services (for COR503, missing-expose-header),
recorded as the same `ResponseHeader` facts the Python collector records.

Only writes that are certainly on a response count:

* Go: `w.Header().Set/Add("X-Total-Count", ...)` (the `Header()` method belongs to
  `http.ResponseWriter`; a request's headers are the `Header` field), also through
  `h := w.Header()`;
* Rust: `.headers_mut().insert/append(..)`, actix-web's `.insert_header((name, ..))` /
  `.append_header((name, ..))`, and `.header(name, ..)` in a chain that starts from
  `Response::builder()` or an `HttpResponse` constructor.
"""
from __future__ import annotations

from typing import List

from corslint.header_names import is_custom_response_header
from corslint.languages.source import ForeignSource, child, walk
from corslint.facts import ResponseHeader


def collect(source: ForeignSource) -> List[ResponseHeader]:
    return _go(source) if source.language == "go" else _rust(source)


def _enclosing_function(source: ForeignSource, node, types) -> str:
    current = node.parent
    while current is not None and current.type not in types:
        current = current.parent
    name = child(current, "name") if current is not None else None
    return f"{source.path}:{source.text_of(name) if name is not None else '<module>'}"


def _go(source: ForeignSource) -> List[ResponseHeader]:
    from corslint.languages.go.nethttp import response_header_write
    from corslint.languages.go.values import GoValues

    values = GoValues(source)
    found = []
    for node in walk(source.root):
        write = response_header_write(source, values, node)
        if write is None:
            continue
        name, mode = write
        if is_custom_response_header(name):
            found.append(ResponseHeader(name, source.span(node), _enclosing_function(
                source, node, ("function_declaration", "method_declaration")), mode))
    return found


def _rust(source: ForeignSource) -> List[ResponseHeader]:
    from corslint.languages.rust.values import RustValues

    values = RustValues(source)
    found = []
    for node in walk(source.root):
        if node.type != "call_expression":
            continue
        function = child(node, "function")
        if function is None or function.type != "field_expression":
            continue
        method = source.text_of(child(function, "field"))
        receiver = source.text_of(child(function, "value"))
        arguments = child(node, "arguments")
        args = arguments.named_children if arguments is not None else []
        if not args:
            continue
        name_node = None
        if method in ("insert", "append") and receiver.endswith("headers_mut()"):
            name_node = args[0]
        elif method in ("insert_header", "append_header") and args[0].type == "tuple_expression":
            name_node = args[0].named_children[0] if args[0].named_children else None
        elif method == "header" and ("Response::builder()" in receiver or "HttpResponse::" in receiver):
            name_node = args[0]
        if name_node is None:
            continue
        name = values.resolve(name_node)
        if name.kind == "str" and is_custom_response_header(name.data):
            found.append(ResponseHeader(name.data, source.span(node),
                                        _enclosing_function(source, node, ("function_item",)),
                                        "add" if method.startswith("append") else "set"))
    return found

"""Hand-written CORS headers in Go's net/http: `w.Header().Set("Access-Control-Allow-Origin",
origin)` in a handler or a middleware, and the tests of the request's Origin that guard it.

Read the way the Python hand-written extractor reads Flask and Django: each function
(declaration, method or func literal) is one policy; a write of the request's Origin
(`r.Header.Get("Origin")`, or a name assigned from it) is *checked* when an enclosing
`if`, a `switch origin`, or an earlier `if ... { return }` tests the Origin by anything
other than a substring test, and *weakly checked* by `strings.HasSuffix`/`HasPrefix`/
`Contains`, which let look-alike origins in. The browser judges what is sent, so the
semantics are the hand-written ones.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Tuple

from corslint.frameworks.handwritten import SEMANTICS as HANDWRITTEN
from corslint.languages.go.common import weak_checks
from corslint.languages.go.values import GoValues
from corslint.languages.source import ForeignSource, child, walk
from corslint.policy import CorsPolicy, HeaderWrites, Option, OriginWrite, Value

MARKERS = (b"Access-Control-", b"access-control-", b"ACCESS-CONTROL-")
SEMANTICS = replace(HANDWRITTEN, framework="go-net-http", display="the browser", language="go")
_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")
_WRITE_METHODS = {"Set": "set", "Add": "add"}


class _Write:
    def __init__(self, node, name: str, value_node, mode: str):
        self.node, self.name, self.value_node, self.mode = node, name, value_node, mode


def extract(source: ForeignSource) -> List[CorsPolicy]:
    values = GoValues(source)
    by_function: Dict[int, Tuple[object, List[_Write]]] = {}
    for node in walk(source.root):
        write = _header_write(source, values, node)
        if write is None:
            continue
        function = _function_of(node)
        if function is None:
            continue
        by_function.setdefault(function.id, (function, []))[1].append(write)
    policies = []
    for function, writes in by_function.values():
        policy = _policy(source, values, function, writes)
        if policy is not None:
            policies.append(policy)
    return policies


def _function_of(node):
    current = node.parent
    while current is not None and current.type not in _FUNCTIONS:
        current = current.parent
    return current


def _header_write(source: ForeignSource, values: GoValues, node) -> Optional[_Write]:
    """`<headers>.Set(name, value)` / `.Add(...)` where the headers are `X.Header()` (or a
    name assigned from it) and the name is a CORS or Vary header."""
    found = response_header_write(source, values, node)
    if found is None:
        return None
    name, mode = found
    lowered = name.lower()
    if not (lowered.startswith("access-control-allow-") or lowered.startswith("access-control-expose-")
            or lowered.startswith("access-control-max-age") or lowered == "vary"):
        return None
    return _Write(node, name, child(node, "arguments").named_children[1], mode)


def response_header_write(source: ForeignSource, values: GoValues, node):
    """(name, "set"/"add") of any `<headers>.Set/Add(name, value)` on a response's headers."""
    if node.type != "call_expression":
        return None
    function = child(node, "function")
    if function is None or function.type != "selector_expression":
        return None
    field = child(function, "field")
    mode = _WRITE_METHODS.get(source.text_of(field)) if field is not None else None
    if mode is None or not _is_header_map(source, values, child(function, "operand")):
        return None
    arguments = child(node, "arguments")
    args = arguments.named_children if arguments is not None else []
    name = values.resolve(args[0]) if len(args) == 2 else None
    return (name.data, mode) if name is not None and name.kind == "str" else None


def _is_header_map(source: ForeignSource, values: GoValues, operand) -> bool:
    if operand is None:
        return False
    if operand.type == "call_expression":
        function = child(operand, "function")
        return function is not None and source.text_of(function).endswith(".Header")
    if operand.type == "identifier":
        definition = values.definition(operand)
        return definition is not None and _is_header_map(source, values, definition)
    return False


def _origin_read(source: ForeignSource, values: GoValues, node) -> Optional[str]:
    """How `node` reads the request's Origin (`r.Header.Get("Origin")`), or None."""
    if node is None:
        return None
    if node.type == "call_expression":
        function = child(node, "function")
        arguments = child(node, "arguments")
        args = arguments.named_children if arguments is not None else []
        if function is not None and source.text_of(function).endswith("Header.Get") and len(args) == 1:
            key = values.resolve(args[0])
            if key.kind == "str" and key.data.lower() == "origin":
                return source.text_of(node)
    if node.type == "identifier":
        definition = values.definition(node)
        if definition is not None and definition is not node:
            return _origin_read(source, values, definition)
    return None


def _tainted_names(source: ForeignSource, values: GoValues, function) -> Tuple[str, ...]:
    names = []
    for node in walk(function):
        if node.type == "identifier" and source.text_of(node) not in names and \
                _origin_read(source, values, node) is not None:
            names.append(source.text_of(node))
    return tuple(names)


def _mentions(source: ForeignSource, node, tainted: Tuple[str, ...]) -> bool:
    return any(n.type == "identifier" and source.text_of(n) in tainted for n in walk(node)) or (
        "Header.Get" in source.text_of(node) and "rigin" in source.text_of(node))


def _emptiness_only(source: ForeignSource, condition) -> bool:
    """`origin != ""` / `origin == ""` / `len(origin) > 0`: no test of which origin it is."""
    text = " ".join(source.text_of(condition).split())
    return text.endswith('!= ""') or text.endswith('== ""') or text.startswith("len(")


def _guards(source: ForeignSource, values: GoValues, write_node, function, tainted) -> Tuple[bool, list]:
    """(checked, weak checks) for a write: its enclosing ifs and switches, and the early
    returns before it in each enclosing block."""
    checked, weak = False, []
    if not tainted:
        return False, []
    current = write_node
    while current is not None and current is not function:
        parent = current.parent
        if parent is None:
            break
        if parent.type == "if_statement" and child(parent, "consequence") is not None and \
                child(parent, "consequence").id == current.id:
            condition = child(parent, "condition")
            found, exact = _judge(source, values, condition, tainted)
            weak.extend(found)
            checked = checked or exact
        if parent.type == "expression_case":
            switch = parent.parent
            value = child(switch, "value") if switch is not None else None
            if value is not None and _mentions(source, value, tainted):
                checked = True
        if parent.type in ("block", "statement_list"):
            for sibling in parent.named_children:
                if sibling.start_byte >= current.start_byte:
                    break
                if sibling.type == "if_statement" and _exits(child(sibling, "consequence")):
                    found, exact = _judge(source, values, child(sibling, "condition"), tainted)
                    weak.extend(found)
                    checked = checked or exact
        current = parent
    return checked, weak


def _behind_a_flag(source: ForeignSource, node, function, tainted) -> bool:
    """Whether ``node`` runs only under an `if`/`switch` that does not test the Origin (a
    configuration flag, the request method): whether it runs at all is not known."""
    current = node
    while current is not None and current.parent is not None and current is not function:
        parent = current.parent
        if parent.type == "if_statement" and current.id != getattr(child(parent, "condition"), "id", None):
            condition = child(parent, "condition")
            if condition is not None and not _mentions(source, condition, tainted):
                return True
        if parent.type in ("expression_case", "default_case"):
            switch = parent.parent
            value = child(switch, "value") if switch is not None else None
            if value is None or not _mentions(source, value, tainted):
                return True
        current = parent
    return False


def _judge(source: ForeignSource, values: GoValues, condition, tainted) -> Tuple[list, bool]:
    if condition is None or not _mentions(source, condition, tainted) or _emptiness_only(source, condition):
        return [], False
    found = weak_checks(source, values, condition, tainted)
    return found, not found


def _exits(block) -> bool:
    return block is not None and any(n.type == "return_statement" for n in walk(block))


def _policy(source: ForeignSource, values: GoValues, function, writes: List[_Write]) -> Optional[CorsPolicy]:
    tainted = _tainted_names(source, values, function)
    qualname = _function_name(source, function)
    body_text = source.text_of(function)
    written = HeaderWrites(applies_to="app" if "ServeHTTP" in body_text else "function",
                           function=f"{source.path}:{qualname}")
    options: Dict[str, Option] = {}
    entries: List[Value] = []
    origin_span = None
    for write in writes:
        key = write.name.lower()
        span = source.span(write.node)
        if key == "vary":
            value = values.resolve(write.value_node)
            if value.kind != "str" or any(p.strip().lower() in ("origin", "*") for p in value.data.split(",")):
                written.vary_origin = True
            continue
        if key == "access-control-allow-origin":
            origin_span = origin_span or span
            checked, weak = _guards(source, values, write.node, function, tainted)
            written.origin_checks.extend(weak)
            read = _origin_read(source, values, write.value_node)
            appended = write.mode == "add"
            if read is not None:
                written.origin_writes.append(OriginWrite(span, "request-origin", checked=checked, weak_checks=weak,
                                                         read=read, dynamic=True, appended=appended))
                continue
            value = values.resolve(write.value_node)
            if value.kind == "str":
                written.origin_writes.append(OriginWrite(span, "literal", value, checked=checked, weak_checks=weak,
                                                         dynamic=checked or bool(weak), appended=appended))
                if value.data.count("://") <= 1 and "," not in value.data:
                    entries.append(value)
            else:
                written.origin_writes.append(OriginWrite(span, "unknown", checked=checked, dynamic=True,
                                                         appended=appended))
            continue
        value = values.resolve(write.value_node)
        if key == "access-control-allow-credentials" and "credentials" not in options:
            written.credentials_written = value
            written.credentials_span = span
            intent = Value("bool", value.data.strip().lower() == "true", value.span, value.conditions) \
                if value.kind == "str" and value.data.strip().lower() in ("true", "false") else Value.unknown(span)
            if _behind_a_flag(source, write.node, function, tainted):
                intent = Value.unknown(span)  # `if c.allowCredentials { ... }`: not known to be on
            options["credentials"] = Option(write.name, intent, span)
        elif key in ("access-control-allow-methods", "access-control-allow-headers",
                     "access-control-expose-headers") and key not in options:
            options[key] = Option(write.name, _header_list(value), span)
        elif key == "access-control-max-age" and "max_age" not in options:
            if value.kind == "str" and value.data.strip().isdigit():
                value = Value("int", int(value.data.strip()), value.span, value.conditions)
            options["max_age"] = Option(write.name, value, span)
    if not written.origin_writes and not options:
        return None
    complete = all(w.source == "literal" for w in written.origin_writes)
    origins = None
    if written.origin_writes:
        star = next((e for e in entries if e.data.strip() == "*"), None)
        origins = Option("Access-Control-Allow-Origin", Value("list", entries, None, complete=complete),
                         (star.span if star is not None else None) or origin_span)
    return CorsPolicy(
        semantics=SEMANTICS, span=source.span(function), label=f"{qualname}()", origins=origins,
        credentials=options.get("credentials"), methods=options.get("access-control-allow-methods"),
        headers=options.get("access-control-allow-headers"),
        expose_headers=options.get("access-control-expose-headers") or Option(
            "Access-Control-Expose-Headers", Value("list", []), None, implicit=True),
        max_age=options.get("max_age"), written=written)


def _header_list(value: Value) -> Value:
    if value.kind != "str":
        return value
    parts = [p.strip() for p in value.data.split(",") if p.strip()]
    return Value("list", [Value("str", p, value.span, value.conditions) for p in parts], value.span,
                 value.conditions)


def _function_name(source: ForeignSource, function) -> str:
    name = child(function, "name")
    if name is not None:
        return source.text_of(name)
    outer = _function_of(function)
    return f"{_function_name(source, outer)}.func" if outer is not None else "func"

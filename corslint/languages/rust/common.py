"""Builder chains (`CorsLayer::new().allow_origin(..).allow_credentials(true)`), shared by
the tower-http and actix-cors extractors, and origin-checking closures."""
from __future__ import annotations

from typing import List, Optional, Tuple

from corslint.languages.rust.values import RustValues
from corslint.languages.source import ForeignSource, child, walk
from corslint.policy import OriginCheck, Value, short


class Step:
    """One builder call: `.allow_origin(Any)` -> method "allow_origin", its argument nodes."""

    def __init__(self, method: str, args: list, node, field):
        self.method, self.args, self.node, self.field = method, args, node, field


def constructor_calls(source: ForeignSource, type_name: str, constructors: Tuple[str, ...]):
    """Calls such as `CorsLayer::new()` (any path prefix), with the constructor's name."""
    for node in walk(source.root):
        if node.type != "call_expression":
            continue
        function = child(node, "function")
        if function is None or function.type != "scoped_identifier":
            continue
        path, name = child(function, "path"), child(function, "name")
        if path is None or name is None:
            continue
        if source.text_of(path).rsplit("::", 1)[-1] == type_name and source.text_of(name) in constructors:
            yield node, source.text_of(name)


def chain(source: ForeignSource, root) -> Tuple[object, List[Step]]:
    """The builder calls applied to ``root``, in order, and the outermost call."""
    steps: List[Step] = []
    current = root
    while True:
        parent = current.parent
        if parent is None or parent.type != "field_expression" or child(parent, "value") is None \
                or child(parent, "value").id != current.id:
            break
        call = parent.parent
        if call is None or call.type != "call_expression":
            break
        arguments = child(call, "arguments")
        args = [a for a in (arguments.named_children if arguments is not None else [])
                if a.type not in ("line_comment", "block_comment")]
        steps.append(Step(source.text_of(child(parent, "field")), args, call, child(parent, "field")))
        current = call
    return current, steps


def path_name(source: ForeignSource, node) -> str:
    """`cors::Any` -> "Any", `AllowOrigin::mirror_request()` -> "AllowOrigin::mirror_request"."""
    if node is None:
        return ""
    if node.type == "call_expression":
        node = child(node, "function")
    text = source.text_of(node) if node is not None else ""
    parts = text.split("::")
    return "::".join(parts[-2:]) if len(parts) > 1 and parts[-2][:1].isupper() else parts[-1]


_WEAK = {"ends_with": "endswith", "starts_with": "startswith", "contains": "in-string"}


def closure_checks(source: ForeignSource, values: RustValues, closure) -> Tuple[bool, List[OriginCheck]]:
    """(always true, weak checks) of an origin predicate closure: `|origin, _| true`, or
    `origin.as_bytes().ends_with(b".example.com")` and friends on its first parameter."""
    from corslint.frameworks.handwritten.flow import affix_evidence, contains_evidence

    body = child(closure, "body")
    parameters = child(closure, "parameters")
    if body is None or parameters is None:
        return False, []
    names = [source.text_of(n) for p in parameters.named_children for n in walk(p) if n.type == "identifier"][:1]
    while body.type == "block" and body.named_child_count == 1:
        body = body.named_children[0]
    if source.text_of(body).strip() == "true":
        return True, []
    checks = []
    for node in walk(body):
        if node.type != "call_expression":
            continue
        function = child(node, "function")
        if function is None or function.type != "field_expression":
            continue
        kind = _WEAK.get(source.text_of(child(function, "field")))
        receiver = source.text_of(child(function, "value"))
        arguments = child(node, "arguments")
        args = arguments.named_children if arguments is not None else []
        if kind is None or len(args) != 1 or not names or not receiver.startswith(names[0]):
            continue
        operand = values.resolve(args[0])
        if operand.kind != "str":
            continue
        evidence = contains_evidence(operand.data) if kind == "in-string" else \
            affix_evidence(kind, operand, "origin")
        if evidence:
            checks.append(OriginCheck(kind, source.span(node), short(source.text_of(node)), operand, evidence,
                                      source.span(args[0])))
    return False, checks


def origin_list(values: RustValues, node) -> Optional[Value]:
    value = values.resolve(node)
    if value.kind == "str":
        return Value("list", [value], value.span)
    return value if value.is_sequence else None

"""What the Go extractors share: the import table, and reading an origin-checking function
(`AllowOriginFunc`, a hand-written handler's guard) into origin checks."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from corslint.languages.go.values import GoValues, string_literal
from corslint.languages.source import ForeignSource, child, walk
from corslint.policy import OriginCheck, short


def imports(source: ForeignSource) -> Dict[str, str]:
    """Local package name -> import path (`cors` -> `github.com/rs/cors`)."""
    table: Dict[str, str] = {}
    for node in walk(source.root):
        if node.type != "import_spec":
            continue
        path_node = child(node, "path")
        path = string_literal(source, path_node) if path_node is not None else None
        if not path:
            continue
        name_node = child(node, "name")
        if name_node is not None:
            name = source.text_of(name_node)
            if name in ("_", "."):
                continue
        else:
            last = path.rstrip("/").rsplit("/", 1)[-1]
            name = last[:-3] if last.startswith("v") and last[1:].isdigit() else last
            if name.startswith("v") and name[1:].isdigit():  # github.com/x/y/v2
                name = path.rstrip("/").rsplit("/", 2)[-2]
        table[name] = path
    return table


# strings function -> the OriginCheck kind the Python hand-written reader uses for it.
_WEAK = {"strings.HasSuffix": "endswith", "strings.HasPrefix": "startswith", "strings.Contains": "in-string"}


def weak_checks(source: ForeignSource, values: GoValues, body, tainted: Tuple[str, ...]) -> List[OriginCheck]:
    """`strings.HasSuffix(origin, "example.com")` and friends on a tainted name: tests that
    let look-alike origins in, each with an origin an attacker can register that passes."""
    from corslint.frameworks.handwritten.flow import affix_evidence, contains_evidence

    found: List[OriginCheck] = []
    for node in walk(body):
        if node.type != "call_expression":
            continue
        function = child(node, "function")
        kind = _WEAK.get(source.text_of(function)) if function is not None else None
        arguments = child(node, "arguments")
        args = arguments.named_children if arguments is not None else []
        if kind is None or len(args) != 2 or source.text_of(args[0]) not in tainted:
            continue
        operand = values.resolve(args[1])
        if operand.kind != "str":
            continue
        if kind == "in-string":
            evidence = contains_evidence(operand.data)
        else:
            evidence = affix_evidence(kind, operand, "origin")
        if evidence:
            found.append(OriginCheck(kind, source.span(node), short(source.text_of(node)), operand, evidence,
                                     source.span(args[1])))
    return found


def always_true(source: ForeignSource, body) -> bool:
    """A function body that is just `return true`."""
    statements = [n for n in body.named_children if n.type != "comment"]
    if len(statements) == 1 and statements[0].type == "statement_list":
        statements = [n for n in statements[0].named_children if n.type != "comment"]
    return len(statements) == 1 and statements[0].type == "return_statement" \
        and source.text_of(statements[0]).split(None, 1)[-1].strip() == "true"


def function_parts(source: ForeignSource, values: GoValues, node) -> Optional[Tuple[object, List[str]]]:
    """(body, parameter names) of a func literal, or of the same-file function a name refers to."""
    if node is not None and node.type == "identifier":
        node = values.functions.get(source.text_of(node))
    if node is None or node.type not in ("func_literal", "function_declaration"):
        return None
    body = child(node, "body")
    names = [source.text_of(n) for p in walk(child(node, "parameters")) if p.type == "parameter_declaration"
             for n in p.children_by_field_name("name")]
    return (body, names) if body is not None else None


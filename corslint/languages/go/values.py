"""Static values in Go source, followed where it is cheap: literals, constants, `var` and
`const` blocks, local assignments, string concatenation, `strings.Split`/`strings.Fields`,
`os.Getenv` (unknown, with its variable's name), a same-file `getEnv(key, fallback)`
helper (the fallback, under the condition "when KEY is unset"), integer arithmetic and
`time` durations. A name assigned more than once in its function is not guessed.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from corslint.languages.source import ForeignSource, child, only_definition, unescape, walk
from corslint.languages.values import (ForeignValues, environment_read, integer_arithmetic, split_string,
                                       when_unset)
from corslint.policy import Value

_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")
_DURATIONS = {"Nanosecond": 1, "Microsecond": 10 ** 3, "Millisecond": 10 ** 6, "Second": 10 ** 9,
              "Minute": 60 * 10 ** 9, "Hour": 3600 * 10 ** 9}


def string_literal(source: ForeignSource, node) -> Optional[str]:
    """The value of a Go string literal node, or None."""
    text = source.text_of(node)
    if node.type == "raw_string_literal":
        return text[1:-1].replace("\r", "")
    if node.type == "interpreted_string_literal":
        return unescape(text[1:-1])
    return None


def go_int(text: str) -> Optional[int]:
    text = text.replace("_", "")
    try:
        if len(text) > 1 and text[0] == "0" and text[1].isdigit():
            return int(text[1:], 8)
        return int(text, 0)
    except ValueError:
        return None


class GoValues(ForeignValues):
    STRING_KINDS = ("interpreted_string_literal", "raw_string_literal")
    INT_KIND = "int_literal"
    VIA_FOR_UNKNOWN_REASONS = True

    def __init__(self, source: ForeignSource):
        super().__init__(source)
        self.package: Dict[str, List[object]] = {}  # name -> value nodes at package level
        self.functions: Dict[str, object] = {}  # top-level function name -> declaration
        for node in source.root.named_children:
            if node.type in ("const_declaration", "var_declaration"):
                for spec in walk(node):
                    if spec.type in ("const_spec", "var_spec"):
                        self._record_spec(spec, self.package)
            elif node.type == "function_declaration":
                name = child(node, "name")
                if name is not None:
                    self.functions[source.text_of(name)] = node
        self._local_cache: Dict[int, Dict[str, List[object]]] = {}

    def _record_spec(self, spec, table) -> None:
        names = [n for n in spec.children_by_field_name("name")]
        values = child(spec, "value")
        items = values.named_children if values is not None else []
        for index, name in enumerate(names):
            table.setdefault(self.source.text_of(name), []).append(items[index] if index < len(items) else None)

    def _locals(self, function) -> Dict[str, List[object]]:
        key = function.id
        table = self._local_cache.get(key)
        if table is None:
            table = {}
            for node in walk(function):
                if node.type in ("short_var_declaration", "assignment_statement"):
                    if node.type == "assignment_statement" and self.source.text_of(
                            node.child_by_field_name("operator") or node.children[1]) not in ("=",):
                        left = child(node, "left")
                        for name in (left.named_children if left is not None else []):
                            table.setdefault(self.source.text_of(name), []).append(None)
                        continue
                    left, right = child(node, "left"), child(node, "right")
                    names = left.named_children if left is not None else []
                    values = right.named_children if right is not None else []
                    for index, name in enumerate(names):
                        if name.type == "identifier":
                            value = values[index] if len(values) == len(names) else None
                            table.setdefault(self.source.text_of(name), []).append(value)
                elif node.type in ("var_spec", "const_spec"):
                    self._record_spec(node, table)
                elif node.type == "parameter_declaration" and node.parent is not None and \
                        node.parent.parent is function:
                    for name in node.children_by_field_name("name"):
                        table.setdefault(self.source.text_of(name), []).append(None)
            self._local_cache[key] = table
        return table

    def definition(self, node) -> Optional[object]:
        """The one expression assigned to the identifier ``node``, or None when unknown."""
        return only_definition(node, self.source.text_of(node), _FUNCTIONS, self._locals, self.package)

    # -- resolution -------------------------------------------------------------------
    def string(self, node) -> Optional[str]:
        return string_literal(self.source, node)

    def integer(self, text: str) -> Optional[int]:
        return go_int(text)

    def resolve_form(self, node, kind: str, span, depth: int) -> Value:
        source = self.source
        if kind in ("true", "false"):
            return Value("bool", kind == "true", span, literal=True)
        if kind == "nil":
            return Value("none", None, span, literal=True)
        if kind in ("literal_element", "parenthesized_expression") and node.named_child_count == 1:
            return self.resolve(node.named_children[0], depth + 1)
        if kind == "composite_literal":
            body = child(node, "body")
            type_node = child(node, "type")
            if body is None or type_node is None or type_node.type not in ("slice_type", "array_type",
                                                                            "implicit_length_array_type"):
                return Value.unknown(span)
            items = [self.resolve(element, depth + 1) for element in body.named_children
                     if element.type == "literal_element"]
            if any(element.type == "keyed_element" for element in body.named_children):
                return Value.unknown(span)
            return Value("list", items, span, literal=True)
        if kind == "unary_expression":
            operand = child(node, "operand")
            operator = source.text_of(node.children[0]) if node.children else ""
            if operator == "&":
                return self.resolve(operand, depth + 1)
            if operator == "-":
                inner = self.resolve(operand, depth + 1)
                if inner.kind == "int":
                    return Value("int", -inner.data, span, inner.conditions)
            return Value.unknown(span)
        if kind == "binary_expression":
            return self._binary(node, span, depth)
        if kind == "selector_expression":
            operand, field = child(node, "operand"), child(node, "field")
            if operand is not None and field is not None and source.text_of(operand) == "time" \
                    and source.text_of(field) in _DURATIONS:
                return Value("int", _DURATIONS[source.text_of(field)], span)
            return Value.unknown(span)
        if kind == "call_expression":
            return self._call(node, span, depth)
        return Value.unknown(span)

    def _binary(self, node, span, depth: int) -> Value:
        left = self.resolve(child(node, "left"), depth + 1)
        right = self.resolve(child(node, "right"), depth + 1)
        operator = self.source.text_of(child(node, "operator")) if child(node, "operator") is not None else ""
        conditions = left.conditions + tuple(c for c in right.conditions if c not in left.conditions)
        if operator == "+" and left.kind == right.kind == "str":
            return Value("str", left.data + right.data, span, conditions)
        return integer_arithmetic(operator, left, right, span, conditions)

    def _call(self, node, span, depth: int) -> Value:
        source = self.source
        function = child(node, "function")
        arguments = child(node, "arguments")
        args = arguments.named_children if arguments is not None else []
        name = source.text_of(function) if function is not None else ""
        if name in ("strings.Split", "strings.SplitN") and len(args) >= 2:
            return split_string(self.resolve(args[0], depth + 1), self.resolve(args[1], depth + 1), span)
        if name == "strings.Fields" and len(args) == 1:
            text = self.resolve(args[0], depth + 1)
            if text.kind == "str":
                return Value("list", [Value("str", p, text.span, text.conditions) for p in text.data.split()],
                             span, text.conditions, via=text.via)
            return Value.unknown(span)
        if name in ("strings.TrimSpace", "strings.ToLower") and len(args) == 1:
            text = self.resolve(args[0], depth + 1)
            if text.kind == "str":
                data = text.data.strip() if name.endswith("TrimSpace") else text.data.lower()
                return Value("str", data, text.span, text.conditions, via=text.via)
            return Value.unknown(span)
        if name == "append" and args:
            base = self.resolve(args[0], depth + 1)
            if not base.is_sequence or (arguments is not None and "..." in source.text_of(arguments)):
                return Value.unknown(span)
            added = [self.resolve(a, depth + 1) for a in args[1:]]
            return Value("list", base.items() + added, span, complete=base.complete, via=base.via)
        if name == "os.Getenv" and len(args) == 1:
            return environment_read(self.resolve(args[0], depth + 1), span)
        if name in ("int", "int64", "int32", "time.Duration", "string") and len(args) == 1:
            inner = self.resolve(args[0], depth + 1)
            return Value(inner.kind, inner.data, span, inner.conditions, via=inner.via) if inner.is_known \
                else inner
        if function is not None and function.type == "selector_expression":
            field = child(function, "field")
            if field is not None and source.text_of(field) == "Seconds" and not args:
                inner = self.resolve(child(function, "operand"), depth + 1)
                if inner.kind == "int":
                    return Value("int", inner.data // 10 ** 9, span, inner.conditions)
            return Value.unknown(span)
        if function is not None and function.type == "identifier":
            return self._env_helper(source.text_of(function), args, span, depth)
        return Value.unknown(span)

    def _env_helper(self, name: str, args, span, depth: int) -> Value:
        """`getEnv("CORS_ORIGINS", "https://app.example.com")`: a same-file helper that reads the
        environment and returns its second parameter otherwise gives that fallback, when unset."""
        declaration = self.functions.get(name)
        if declaration is None or len(args) != 2:
            return Value.unknown(span)
        body = child(declaration, "body")
        parameters = [self.source.text_of(n) for p in walk(child(declaration, "parameters"))
                      if p.type == "parameter_declaration" for n in p.children_by_field_name("name")]
        if body is None or len(parameters) != 2:
            return Value.unknown(span)
        body_text = self.source.text_of(body)
        if "os.Getenv" not in body_text and "os.LookupEnv" not in body_text:
            return Value.unknown(span)
        returns_fallback = any(
            n.type == "return_statement" and n.named_child_count == 1
            and self.source.text_of(n.named_children[0]).strip() == parameters[1] for n in walk(body))
        key = self.resolve(args[0], depth + 1)
        if not returns_fallback or key.kind != "str":
            return Value.unknown(span)
        fallback = self.resolve(args[1], depth + 1)
        if not fallback.is_known:
            return environment_read(key, span)
        return when_unset(key.data, fallback)

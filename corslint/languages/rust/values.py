"""Static values in Rust source, followed where it is cheap: literals, `let` bindings and
`const`/`static` items, `"..".parse::<HeaderValue>().unwrap()`, `HeaderValue::from_static`,
`.to_string()`/`.into()`/`String::from`, arrays and `vec![..]` of those, `.split(',')`,
`.iter().map(..).collect()` over a known list, `std::env::var("X")` (unknown, with its
variable's name) and its `.unwrap_or(..)`/`.unwrap_or_else(|_| ..)` fallbacks (under the
condition "when X is unset"), `Duration::from_secs(..)` and integer arithmetic. A name
bound more than once in its function is not guessed.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from corslint.languages.source import ForeignSource, child, only_definition, unescape, walk
from corslint.languages.values import (ForeignValues, environment_read, integer_arithmetic, split_string,
                                       when_unset)
from corslint.policy import Value

# Calls that hand their receiver's value on unchanged, for our purposes.
_PASS_THROUGH = {"unwrap", "expect", "to_string", "to_owned", "into", "clone", "parse", "as_str", "to_vec",
                 "iter", "into_iter", "cloned", "collect", "trim", "unwrap_or_default"}
_CONSTRUCTORS = {"HeaderValue::from_static", "HeaderValue::from_str", "String::from", "HeaderValue::try_from",
                 "Some"}


def rust_string(source: ForeignSource, node) -> Optional[str]:
    text = source.text_of(node)
    if node.type == "raw_string_literal":
        start = text.find('"')
        hashes = text[1:start]
        return text[start + 1:len(text) - 1 - len(hashes)]
    if node.type == "string_literal":
        return unescape(text[text.find('"') + 1:-1])
    if node.type == "char_literal":
        return text[1:-1] if len(text) == 3 else None
    return None


def _rust_int(text: str) -> Optional[int]:
    text = text.replace("_", "")
    for suffix in ("usize", "isize", "u128", "i128", "u64", "i64", "u32", "i32", "u16", "i16", "u8", "i8"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    try:
        return int(text, 0)
    except ValueError:
        return None


class RustValues(ForeignValues):
    STRING_KINDS = ("string_literal", "raw_string_literal")
    INT_KIND = "integer_literal"

    def __init__(self, source: ForeignSource):
        super().__init__(source)
        self.items: Dict[str, List[object]] = {}
        for node in walk(source.root):
            if node.type in ("const_item", "static_item"):
                name, value = child(node, "name"), child(node, "value")
                if name is not None:
                    self.items.setdefault(source.text_of(name), []).append(value)
        self._locals: Dict[int, Dict[str, List[object]]] = {}

    def _bindings(self, function) -> Dict[str, List[object]]:
        table = self._locals.get(function.id)
        if table is None:
            table = {}
            for node in walk(function):
                if node.type == "let_declaration":
                    pattern = child(node, "pattern")
                    if pattern is not None and pattern.type == "identifier":
                        table.setdefault(self.source.text_of(pattern), []).append(child(node, "value"))
                    elif pattern is not None:
                        for name in walk(pattern):
                            if name.type == "identifier":
                                table.setdefault(self.source.text_of(name), []).append(None)
                elif node.type in ("assignment_expression", "compound_assignment_expr"):
                    left = child(node, "left")
                    if left is not None and left.type == "identifier":  # `age = 600;`: not one value
                        table.setdefault(self.source.text_of(left), []).append(None)
                elif node.type in ("parameter", "closure_parameters"):
                    for name in walk(node):
                        if name.type == "identifier":
                            table.setdefault(self.source.text_of(name), []).append(None)
            self._locals[function.id] = table
        return table

    def definition(self, node):
        """The one expression bound to the identifier ``node``, or None when unknown."""
        return only_definition(node, self.source.text_of(node), ("function_item", "closure_expression"),
                               self._bindings, self.items)

    def string(self, node) -> Optional[str]:
        return rust_string(self.source, node)

    def integer(self, text: str) -> Optional[int]:
        return _rust_int(text)

    def resolve_form(self, node, kind: str, span, depth: int) -> Value:
        source = self.source
        if kind == "boolean_literal":
            return Value("bool", source.text_of(node) == "true", span, literal=True)
        if kind in ("parenthesized_expression", "reference_expression") and node.named_child_count >= 1:
            return self.resolve(node.named_children[-1], depth + 1)
        if kind == "array_expression":
            items = [self.resolve(item, depth + 1) for item in node.named_children if item.type != "attribute_item"]
            return Value("list", items, span, literal=True)
        if kind == "macro_invocation":
            return self._macro(node, span, depth)
        if kind == "binary_expression":
            left, right = self.resolve(child(node, "left"), depth + 1), self.resolve(child(node, "right"), depth + 1)
            operator = source.text_of(child(node, "operator")) if child(node, "operator") is not None else ""
            return integer_arithmetic(operator, left, right, span, left.conditions + right.conditions, ("*", "+", "-"))
        if kind == "call_expression":
            return self._call(node, span, depth)
        if kind == "try_expression" and node.named_child_count == 1:
            return self.resolve(node.named_children[0], depth + 1)
        return Value.unknown(span)

    def _macro(self, node, span, depth: int) -> Value:
        """`vec!["a", "b"]`: the token tree's string literals, when every entry is one."""
        macro = child(node, "macro")
        if macro is None or self.source.text_of(macro) != "vec":
            return Value.unknown(span)
        tree = next((c for c in node.named_children if c.type == "token_tree"), None)
        if tree is None:
            return Value.unknown(span)
        items, current = [], []
        for token in tree.children[1:-1]:
            if self.source.text_of(token) == ",":
                items.append(current)
                current = []
            else:
                current.append(token)
        if current:
            items.append(current)
        values = []
        for tokens in items:
            strings = [t for t in tokens if t.type in ("string_literal", "raw_string_literal")]
            if len(strings) != 1 or any(t.type == "token_tree" for t in tokens):
                values.append(Value.unknown(self.source.span(tokens[0]) if tokens else span))
                continue
            values.append(self.resolve(strings[0], depth + 1))
        return Value("list", values, span, literal=True)

    def _call(self, node, span, depth: int) -> Value:
        source = self.source
        function = child(node, "function")
        arguments = child(node, "arguments")
        args = [a for a in (arguments.named_children if arguments is not None else []) if a.type != "line_comment"]
        if function is None:
            return Value.unknown(span)
        if function.type == "generic_function":
            function = child(function, "function") or function
        name = source.text_of(function)
        short_name = name.rsplit("::", 2)
        path = "::".join(short_name[-2:])
        if path in _CONSTRUCTORS and len(args) == 1:
            return self.resolve(args[0], depth + 1)
        if path in ("env::var", "std::env::var") or name == "std::env::var" or path == "env::var_os":
            return environment_read(self.resolve(args[0], depth + 1) if args else Value.unknown(), span)
        if path in ("Duration::from_secs",) and len(args) == 1:
            return self.resolve(args[0], depth + 1)
        if path == "Duration::from_mins" and len(args) == 1:
            minutes = self.resolve(args[0], depth + 1)
            return Value("int", minutes.data * 60, span, minutes.conditions) if minutes.kind == "int" \
                else Value.unknown(span)
        if function.type != "field_expression":
            return Value.unknown(span)
        method = source.text_of(child(function, "field"))
        receiver_node = child(function, "value")
        receiver = self.resolve(receiver_node, depth + 1)
        if method in _PASS_THROUGH or method == "map":
            if receiver.is_known:
                return receiver
            return receiver if receiver.data else Value.unknown(span)
        if method in ("split", "split_terminator") and len(args) == 1:
            return split_string(receiver, self.resolve(args[0], depth + 1), span)
        if method in ("unwrap_or", "unwrap_or_else") and len(args) == 1:
            env = receiver.data if receiver.kind == "unknown" and isinstance(receiver.data, tuple) else None
            fallback_node = args[0]
            if method == "unwrap_or_else" and fallback_node.type == "closure_expression":
                fallback_node = child(fallback_node, "body")
            fallback = self.resolve(fallback_node, depth + 1)
            if env is not None and fallback.is_known:
                return when_unset(env[1], fallback)
            return Value.unknown(span)
        return Value.unknown(span)

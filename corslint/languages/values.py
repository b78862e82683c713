"""What the Go and Rust value readers share (``go/values.py``, ``rust/values.py``).

Both follow a value the same way: a bounded depth, string and integer literals, a name
followed to the one expression bound to it, and the forms both languages write alike
(splitting a string, reading the environment, a fallback when the variable is unset,
integer arithmetic). What each language writes differently (its literals, its bindings,
its calls and macros) stays in its own reader.
"""
from __future__ import annotations

from typing import Callable, Optional, Tuple

from corslint.languages.source import ForeignSource
from corslint.policy import Value

MAX_DEPTH = 24


class ForeignValues:
    """The frame of a reader: :meth:`resolve` reads literals and names; a language gives its
    literal kinds and readers, :meth:`definition` and :meth:`resolve_form` (the rest)."""

    STRING_KINDS: Tuple[str, ...] = ()
    INT_KIND = ""
    # Whether a name whose value is unknown but carries a reason (an environment read)
    # says where it was bound (``via``), as a known value's name always does.
    VIA_FOR_UNKNOWN_REASONS = False

    def __init__(self, source: ForeignSource):
        self.source = source

    def string(self, node) -> Optional[str]:
        raise NotImplementedError

    def integer(self, text: str) -> Optional[int]:
        raise NotImplementedError

    def definition(self, node) -> Optional[object]:
        """The one expression bound to the identifier ``node``, or None when unknown."""
        raise NotImplementedError

    def resolve_form(self, node, kind: str, span, depth: int) -> Value:
        """A node that is neither a literal nor a name."""
        raise NotImplementedError

    def resolve(self, node, depth: int = 0) -> Value:
        if node is None or depth > MAX_DEPTH:
            return Value.unknown()
        span = self.source.span(node)
        kind = node.type
        if kind in self.STRING_KINDS:
            return _literal("str", self.string(node), span)
        if kind == self.INT_KIND:
            return _literal("int", self.integer(self.source.text_of(node)), span)
        if kind == "identifier":
            definition = self.definition(node)
            if definition is None:
                return Value.unknown(span)
            value = self.resolve(definition, depth + 1)
            if value.is_known or (self.VIA_FOR_UNKNOWN_REASONS and value.data):
                name = self.source.text_of(node)
                value.via = value.via or f"{name} ({self.source.path}:{definition.start_point[0] + 1})"
            return value
        return self.resolve_form(node, kind, span, depth)


def _literal(kind: str, data, span) -> Value:
    return Value(kind, data, span, literal=True) if data is not None else Value.unknown(span)


def split_string(text: Value, separator: Value, span) -> Value:
    """`strings.Split(text, sep)`, `text.split(sep)`: the parts, each where the text is."""
    if text.kind == "str" and separator.kind == "str" and separator.data:
        parts = text.data.split(separator.data)
        return Value("list", [Value("str", p, text.span, text.conditions) for p in parts], span,
                     text.conditions, via=text.via)
    return Value.unknown(span)


def environment_read(key: Value, span) -> Value:
    """`os.Getenv("X")`, `std::env::var("X")`: unknown, with the variable's name when known."""
    return Value.unknown(span, ("env", key.data)) if key.kind == "str" else Value.unknown(span)


def when_unset(variable: str, fallback: Value) -> Value:
    """The fallback an unset environment variable gives, under that condition."""
    return fallback.with_conditions((f"when {variable} is unset",))


_INTEGER_OPERATORS: dict = {
    "*": lambda a, b: a * b, "+": lambda a, b: a + b, "-": lambda a, b: a - b,
    "/": lambda a, b: int(a / b) if b else None,  # Go's integer division truncates toward zero
}


def integer_arithmetic(operator: str, left: Value, right: Value, span, conditions: tuple,
                       operators: Tuple[str, ...] = ("*", "+", "-", "/")) -> Value:
    """`a * b` and friends on two known integers (the language's ``operators``), else unknown."""
    compute: Optional[Callable] = _INTEGER_OPERATORS.get(operator) if operator in operators else None
    if compute is not None and left.kind == "int" and right.kind == "int":
        number = compute(left.data, right.data)
        if number is not None:
            return Value("int", number, span, conditions)
    return Value.unknown(span)

"""Helpers every extractor shares: walking a module with its scopes, and turning call
arguments into policy options."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst

from corslint.policy import Option, Span, Value
from corslint.parsing.scopes import Scope, SkipsPlainDisplays


class ScopedVisitor(SkipsPlainDisplays, cst.CSTVisitor):
    """A visitor that always knows the scope it is in (for resolving names). It skips long
    displays of plain literals: a subclass that looks at names or strings in them must
    override visit_List, visit_Tuple and visit_Set."""

    def __init__(self, module, resolver):
        super().__init__()
        self.module = module
        self.resolver = resolver
        # The scope-opening nodes we are inside. The scope index (a full pass over the
        # module) is built only when a name is first resolved: many modules never need it.
        self._scope_nodes: List[object] = [module.tree]

    @property
    def scope(self) -> Scope:
        scopes = self.module.scopes
        for node in reversed(self._scope_nodes):
            found = scopes.scope_of(node)
            if found is not None:
                return found
        return scopes.module_scope

    def _enter(self, node) -> None:
        self._scope_nodes.append(node)

    def _leave(self, node) -> None:
        self._scope_nodes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> Optional[bool]:
        self.on_function(node)
        self._enter(node)
        return True

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._leave(original_node)

    def visit_ClassDef(self, node: cst.ClassDef) -> Optional[bool]:
        self._enter(node)
        return True

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._leave(original_node)

    def visit_Lambda(self, node: cst.Lambda) -> Optional[bool]:
        self._enter(node)
        return True

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._leave(original_node)

    def on_function(self, node: cst.FunctionDef) -> None:
        """Called before entering a function (its decorators are seen in the outer scope)."""

    # convenience
    def qualify(self, node: cst.BaseExpression) -> Optional[str]:
        return self.resolver.qualify(self.module, node, self.scope)

    def resolve(self, node: cst.BaseExpression) -> Value:
        return self.resolver.resolve(self.module, node, self.scope)

    def span(self, node: cst.CSTNode) -> Span:
        return self.module.span(node)


@dataclass
class CallOptions:
    """The options a call sets: keyword name -> (value, where it is set)."""

    given: Dict[str, Tuple[Value, Span]] = field(default_factory=dict)
    # A `**kwargs` whose content is not fully known: options not given may be set there.
    open_ended: bool = False
    order: List[str] = field(default_factory=list)
    # Option name -> the span of the expression written as its value (for fixes).
    value_spans: Dict[str, Span] = field(default_factory=dict)


def call_options(visitor: ScopedVisitor, args: Sequence[cst.Arg], positional_names: Sequence[str],
                 skip_positional: int = 0) -> CallOptions:
    """Map a call's arguments to option names: positionals by signature order, keywords,
    and the entries of `**dict` splats that resolve."""
    options = CallOptions()
    position = 0
    for arg in args:
        if arg.star == "*":
            options.open_ended = True
            continue
        if arg.star == "**":
            splat = visitor.resolve(arg.value)
            if splat.kind != "dict":
                options.open_ended = True
                continue
            if not splat.complete:
                options.open_ended = True
            for key, value in splat.data:
                if key.kind == "str":
                    options.given[key.data] = (value, value.entry_span or value.span or visitor.span(arg))
                    options.order.append(key.data)
                    options.value_spans.pop(key.data, None)
                    if value.literal and value.via is None and not value.conditions and value.span is not None:
                        options.value_spans[key.data] = value.span  # `"key": <literal>` in the dict
                else:
                    options.open_ended = True
            continue
        if arg.keyword is not None:
            name = arg.keyword.value
        else:
            if position < skip_positional:
                position += 1
                continue
            index = position - skip_positional
            position += 1
            if index >= len(positional_names):
                continue
            name = positional_names[index]
        options.given[name] = (visitor.resolve(arg.value), visitor.span(arg))
        options.order.append(name)
        options.value_spans[name] = visitor.span(arg.value)
    return options


def make_option(options: CallOptions, name: str, default: Callable[[], Value]) -> Option:
    """The option as given, else the framework default, else (after an unknown **kwargs) unknown."""
    if name in options.given:
        value, span = options.given[name]
        return Option(name, value, span, value_span=options.value_spans.get(name))
    if options.open_ended:
        return Option(name, Value.unknown(), None, implicit=True)
    return Option(name, default(), None, implicit=True)


def literal_default(kind: str, data) -> Callable[[], Value]:
    def build() -> Value:
        if kind in ("list", "tuple"):
            return Value(kind, [Value("str", d) for d in data])
        return Value(kind, data)

    return build

"""Name bindings per scope, and the import map, collected in one pass over a module."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union

import libcst as cst

ScopeNode = Union[cst.Module, cst.FunctionDef, cst.ClassDef, cst.Lambda]


@dataclass
class Binding:
    """One way a name gets its value in one scope.

    kind: "assign" (value is the assigned expression), "augassign" (value is the
    right-hand side, op in ``op``), "import" (qualified is the dotted target, module
    relative level in ``level``), "def", "class", "mutate" (``.append`` & co: value is
    the call), "other" (loop targets, parameters, unpacking: never resolvable).
    ``conditional`` marks a binding under if/try/for/while/with.
    """

    kind: str
    scope: "Scope"
    node: Optional[cst.CSTNode] = None
    value: Optional[cst.BaseExpression] = None
    qualified: Optional[str] = None
    level: int = 0
    op: Optional[str] = None
    conditional: bool = False
    order: int = 0


@dataclass
class Scope:
    node: ScopeNode
    parent: Optional["Scope"]
    is_class: bool = False
    bindings: Dict[str, List[Binding]] = field(default_factory=dict)
    # "from x import *" statements in this scope, in order: (module, level, order).
    star_imports: List[tuple] = field(default_factory=list)

    def lookup_chain(self):
        """Scopes searched for a name used here, innermost first (class scopes are skipped
        for code nested inside them, as in Python)."""
        scope: Optional[Scope] = self
        first = True
        while scope is not None:
            if first or not scope.is_class:
                yield scope
            first = False
            scope = scope.parent


_MUTATORS = {"append", "extend", "insert", "remove", "update", "add", "pop", "clear", "discard"}


def literal_value(node):
    """``node.evaluated_value`` of a libcst literal (string, number), with Python's warnings
    about the user's code (`"\\."`: an invalid escape) silenced: libcst evaluates with
    ``ast.literal_eval``, and the warning is not ours to raise in an API caller's process."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (DeprecationWarning, SyntaxWarning))
        return node.evaluated_value


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


_PLAIN = (cst.SimpleString, cst.Integer, cst.Float, cst.Name)


def plain_literals(elements) -> bool:
    """A long display of plain literals and names (a generated allow-list): nothing in it
    binds a name, calls anything or holds a statement, so walks need not descend into it."""
    return len(elements) > 16 and all(type(e) is cst.Element and isinstance(e.value, _PLAIN) for e in elements)


class SkipsPlainDisplays:
    """Mixed into a visitor that looks for calls, assignments or scopes: it does not descend
    into a long display of plain literals (a generated 10,000-origin allow-list cost as
    much as the parse). A visitor that looks at names or strings must not use it."""

    def visit_List(self, node: cst.List) -> Optional[bool]:
        return not plain_literals(node.elements)

    def visit_Tuple(self, node: cst.Tuple) -> Optional[bool]:
        return not plain_literals(node.elements)

    def visit_Set(self, node: cst.Set) -> Optional[bool]:
        return not plain_literals(node.elements)


class ScopeIndex(SkipsPlainDisplays, cst.CSTVisitor):
    def __init__(self, tree: cst.Module):
        super().__init__()
        self.module_scope = Scope(tree, None)
        self.by_node: Dict[int, Scope] = {id(tree): self.module_scope}
        self._stack: List[Scope] = [self.module_scope]
        self._conditional_depth: List[int] = [0]
        self._order = 0
        tree.visit(self)

    # -- helpers ---------------------------------------------------------------
    @property
    def current(self) -> Scope:
        return self._stack[-1]

    def scope_of(self, node: cst.CSTNode) -> Optional[Scope]:
        return self.by_node.get(id(node))

    def _bind(self, name: str, binding: Binding) -> None:
        self._order += 1
        binding.order = self._order
        binding.conditional = self._conditional_depth[-1] > 0
        self.current.bindings.setdefault(name, []).append(binding)

    def _bind_target(self, target: cst.BaseExpression, value: Optional[cst.BaseExpression], node) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, Binding("assign" if value is not None else "other",
                                             self.current, node, value))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                inner = element.value
                if isinstance(inner, cst.StarredElement):
                    inner = inner.value
                self._bind_target(inner, None, node)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None, node)
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            # `OPTIONS["allow_origins"] = [...]` changes the dict bound to OPTIONS.
            self._bind(target.value.value, Binding("mutate", self.current, node, node, op="setitem"))
        # Attribute targets bind no name.

    def _push(self, node: ScopeNode, is_class: bool = False) -> None:
        scope = Scope(node, self.current, is_class=is_class)
        self.by_node[id(node)] = scope
        self._stack.append(scope)
        self._conditional_depth.append(0)

    def _pop(self) -> None:
        self._stack.pop()
        self._conditional_depth.pop()

    # -- scopes ----------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> Optional[bool]:
        self._bind(node.name.value, Binding("def", self.current, node))
        self._push(node)
        params = node.params
        for param in [*params.posonly_params, *params.params, *params.kwonly_params]:
            self._bind(param.name.value, Binding("other", self.current, param))
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self._bind(star.name.value, Binding("other", self.current, star))
        return True

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> Optional[bool]:
        self._bind(node.name.value, Binding("class", self.current, node))
        self._push(node, is_class=True)
        return True

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._pop()

    def visit_Lambda(self, node: cst.Lambda) -> Optional[bool]:
        self._push(node)
        return True

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._pop()

    # Comprehension variables do not leak; skip their targets entirely.
    def visit_CompFor(self, node: cst.CompFor) -> Optional[bool]:
        return True

    # -- conditional blocks ----------------------------------------------------
    def _enter_conditional(self, node) -> Optional[bool]:
        self._conditional_depth[-1] += 1
        return True

    def _leave_conditional(self, node) -> None:
        self._conditional_depth[-1] -= 1

    visit_If = visit_Try = visit_While = visit_With = _enter_conditional
    leave_If = leave_Try = leave_While = leave_With = _leave_conditional

    def visit_For(self, node: cst.For) -> Optional[bool]:
        self._bind_target(node.target, None, node)
        return self._enter_conditional(node)

    def leave_For(self, original_node: cst.For) -> None:
        self._leave_conditional(original_node)

    def visit_WithItem(self, node: cst.WithItem) -> Optional[bool]:
        if node.asname is not None:
            self._bind_target(node.asname.name, None, node)
        return True

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> Optional[bool]:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name.value, Binding("other", self.current, node))
        return True

    # -- assignments (a display of plain literals binds nothing: SkipsPlainDisplays) --
    def visit_Assign(self, node: cst.Assign) -> Optional[bool]:
        for target in node.targets:
            self._bind_target(target.target, node.value, node)
        return True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> Optional[bool]:
        if isinstance(node.target, cst.Name):
            kind = "assign" if node.value is not None else "annotation"
            self._bind(node.target.value, Binding(kind, self.current, node, node.value))
        return True

    def visit_AugAssign(self, node: cst.AugAssign) -> Optional[bool]:
        if isinstance(node.target, cst.Name):
            op = type(node.operator).__name__
            self._bind(node.target.value, Binding("augassign", self.current, node, node.value, op=op))
        return True

    def visit_NamedExpr(self, node: cst.NamedExpr) -> Optional[bool]:
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, Binding("other", self.current, node))
        return True

    def visit_Expr(self, node: cst.Expr) -> Optional[bool]:
        # ORIGINS.append("...") and friends: recorded so that a name that is mutated
        # is never mistaken for its first literal value.
        call = node.value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
            if isinstance(call.func.value, cst.Name) and call.func.attr.value in _MUTATORS:
                self._bind(call.func.value.value, Binding("mutate", self.current, node, call,
                                                          op=call.func.attr.value))
        return True

    def visit_Global(self, node: cst.Global) -> Optional[bool]:
        for item in node.names:
            self._bind(item.name.value, Binding("other", self.current, node))
        return True

    visit_Nonlocal = visit_Global

    def visit_Del(self, node: cst.Del) -> Optional[bool]:
        targets = node.target.elements if isinstance(node.target, cst.Tuple) else [node.target]
        for target in targets:
            target = getattr(target, "value", target) if isinstance(node.target, cst.Tuple) else target
            if isinstance(target, cst.Name):
                self._bind(target.value, Binding("other", self.current, node))
            elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
                # `del ORIGINS[0]` changes the list bound to ORIGINS.
                self._bind(target.value.value, Binding("mutate", self.current, node, None, op="delitem"))
        return True

    # -- imports -----------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> Optional[bool]:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, Binding("import", self.current, node, qualified=full))
            else:
                top = full.split(".")[0]
                self._bind(top, Binding("import", self.current, node, qualified=top))
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> Optional[bool]:
        module = dotted_name(node.module) if node.module is not None else ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            self._order += 1
            self.current.star_imports.append((module or "", level, self._order,
                                              self._conditional_depth[-1] > 0))
            return False
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            name = alias.name.value
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            qualified = f"{module}.{name}" if module else name
            self._bind(local, Binding("import", self.current, node, qualified=qualified, level=level))
        return False

"""Where code changes an object's attributes after the object was made.

A settings object is often adjusted after it is built: ``settings.origins = [...]`` at
module level, ``self.origins = [...]`` in ``__init__``, ``setattr(settings, "origins", ...)``,
``settings.origins.append(...)`` in a function. The resolver follows the plain forms (an
unconditional assignment in the order the module runs) and must know about every other
form so that it never keeps a stale class default: this module only finds the writes
(a CST walk, cached per scope); ``values.resolver`` decides what they mean.
"""
from __future__ import annotations

import re
import weakref
from typing import Dict, List, NamedTuple, Optional

import libcst as cst

from corslint.parsing.scopes import literal_value

_MUTATING_METHODS = {"append", "extend", "insert", "remove", "update", "add", "pop", "clear", "discard",
                     "setdefault", "sort", "reverse", "__setitem__", "__delitem__"}
# An attribute name standing for "any attribute": the object was changed in a way that
# may touch every attribute (`setattr(obj, name, ...)`, `obj.__dict__.update(...)`).
ANY = "*"


class AttributeWrite(NamedTuple):
    """One change of ``<base>.<attr>``. ``value`` is the assigned expression for a plain
    assignment (``kind == "assign"``), else None (a mutation, ``del``, ``+=``...).
    ``plain`` is true for a statement directly in the scope's body, run once in order
    (not under if/try/for/while/with, not in a nested function)."""

    base: str
    attr: str
    kind: str
    value: Optional[cst.BaseExpression]
    statement: cst.CSTNode
    plain: bool


def _base_and_attr(node: cst.BaseExpression):
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        return node.value.value, node.attr.value
    return None


class _Writes(cst.CSTVisitor):
    def __init__(self, root: cst.CSTNode):
        super().__init__()
        self.root = root
        self.found: List[AttributeWrite] = []
        self._depth = 0  # nesting under compound statements or functions
        self._statement: Optional[cst.CSTNode] = None

    # -- where we are ------------------------------------------------------------------
    def _enter(self, node) -> bool:
        if node is not self.root:
            self._depth += 1
        return True

    def _leave(self, node) -> None:
        if node is not self.root:
            self._depth -= 1

    visit_If = visit_Try = visit_TryStar = visit_For = visit_While = visit_With = visit_Match = _enter
    leave_If = leave_Try = leave_TryStar = leave_For = leave_While = leave_With = leave_Match = _leave
    visit_FunctionDef = visit_Lambda = visit_ClassDef = _enter
    leave_FunctionDef = leave_Lambda = leave_ClassDef = _leave

    def visit_SimpleStatementLine(self, node) -> bool:
        """Writes are statements: each small statement is read here and no expression is
        walked (a module's expressions are most of its nodes)."""
        self._statement = node
        for small in node.body:
            if isinstance(small, cst.Assign):
                self.visit_Assign(small)
            elif isinstance(small, cst.AnnAssign):
                self.visit_AnnAssign(small)
            elif isinstance(small, cst.AugAssign):
                self.visit_AugAssign(small)
            elif isinstance(small, cst.Del):
                self.visit_Del(small)
            elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                self.visit_Call(small.value)
        return False

    def _add(self, base: str, attr: str, kind: str, value=None) -> None:
        self.found.append(AttributeWrite(base, attr, kind, value, self._statement,
                                         self._depth == 0 and kind == "assign"))

    # -- writes --------------------------------------------------------------------------
    def _target(self, target: cst.BaseExpression, value, kind: str) -> None:
        pair = _base_and_attr(target)
        if pair is not None:
            self._add(pair[0], pair[1], kind, value if kind == "assign" else None)
            return
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value, None, "other")
        elif isinstance(target, cst.StarredElement):
            self._target(target.value, None, "other")
        elif isinstance(target, cst.Subscript):
            # `obj.attr[...] = v` changes what obj.attr holds.
            pair = _base_and_attr(target.value)
            if pair is not None:
                self._add(pair[0], pair[1], "other")

    def visit_Assign(self, node: cst.Assign) -> bool:
        for target in node.targets:
            self._target(target.target, node.value, "assign")
        return True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> bool:
        if node.value is not None:
            self._target(node.target, node.value, "assign")
        return True

    def visit_AugAssign(self, node: cst.AugAssign) -> bool:
        self._target(node.target, None, "other")
        return True

    def visit_Del(self, node: cst.Del) -> bool:
        self._target(node.target, None, "other")
        return True

    def visit_Call(self, node: cst.Call) -> bool:
        func = node.func
        if isinstance(func, cst.Name) and func.value in ("setattr", "delattr") and node.args:
            owner = node.args[0].value
            if isinstance(owner, cst.Name):
                name = node.args[1].value if len(node.args) > 1 else None
                if isinstance(name, cst.SimpleString) and isinstance(literal_value(name), str):
                    value = node.args[2].value if func.value == "setattr" and len(node.args) > 2 else None
                    self._add(owner.value, literal_value(name), "assign" if value is not None else "other", value)
                else:
                    self._add(owner.value, ANY, "other")
        elif isinstance(func, cst.Attribute) and func.attr.value in _MUTATING_METHODS:
            pair = _base_and_attr(func.value)
            if pair is not None:
                # `obj.attr.append(...)`; `obj.__dict__.update(...)` may change any attribute.
                self._add(pair[0], ANY if pair[1] == "__dict__" else pair[1], "other")
            elif isinstance(func.value, cst.Call) and isinstance(func.value.func, cst.Name) \
                    and func.value.func.value == "vars" and func.value.args \
                    and isinstance(func.value.args[0].value, cst.Name):
                self._add(func.value.args[0].value.value, ANY, "other")
        return True


_ANY_OBJECT_WRITE = re.compile(r"\b(?:setattr|delattr|vars)\b|__dict__")


def may_write_attributes(text: str, name: str) -> bool:
    """Whether the module's text could hold a write to an attribute of ``name`` (an
    assignment, augmented assignment or ``del`` of ``name.attr``, a ``for``/``as`` target,
    a mutating method call on ``name.attr``, or ``setattr``/``vars``/``__dict__``).

    A cheap text test that may say yes wrongly but never no wrongly: most objects a
    configuration reads are never written, and the CST scan it spares costs a full visit
    of the module."""
    if _ANY_OBJECT_WRITE.search(text):
        return True
    escaped = re.escape(name)
    dotted = rf"\b{escaped}\s*\.\s*\w+(?:\s*\.\s*\w+)*"
    patterns = (
        # name.attr = / += / : T = / name.attr[key] =
        dotted + r"\s*(?:\[[^\]\n]*\]\s*)*(?::[^=\n]*)?(?:[-+*/%&|^@]|//|\*\*|>>|<<)?=(?!=)",
        # del / for / with-as / walrus-free targets written after a keyword on the same line
        r"\b(?:del|for|as)\b[^\n]*" + dotted,
        # name.attr.append(...) and the other mutating methods
        dotted + r"\s*\.\s*(?:" + "|".join(sorted(_MUTATING_METHODS)) + r")\s*\(",
        # a line continuation inside the target: be conservative
        rf"\b{escaped}\s*\\\n",
    )
    # Our own patterns (the name is escaped), not a user's: plain `re` is safe here.
    return any(re.compile(pattern).search(text) for pattern in patterns)


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def attribute_writes(module, scope_node: cst.CSTNode) -> Dict[str, List[AttributeWrite]]:
    """Every attribute write inside ``scope_node`` (nested functions included), by base name,
    in source order. Cached per module and scope: every world asks again."""
    try:
        per_module = _CACHE.setdefault(module, {})
    except TypeError:
        per_module = {}
    found = per_module.get(id(scope_node))
    if found is None:
        visitor = _Writes(scope_node)
        scope_node.visit(visitor)
        found = {}
        for write in visitor.found:
            found.setdefault(write.base, []).append(write)
        per_module[id(scope_node)] = found
    return found


def bare_uses(function: cst.FunctionDef, name: str) -> bool:
    """Whether ``name`` (a method's ``self``) is used other than as ``name.attr``: passed
    to a call, returned, stored. Such an object may be changed by code corslint does not
    follow."""

    class _Uses(cst.CSTVisitor):
        found = False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            if isinstance(node.value, cst.Name) and node.value.value == name:
                return False  # `self.attr`: not a bare use (the attr is a plain Name child)
            return True

        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                self.found = True

        def visit_Param(self, node: cst.Param) -> bool:
            return False

    visitor = _Uses()
    function.body.visit(visitor)
    return visitor.found

"""Branches as possibilities: which assignment of a name (or which ``return``) a run of a
block reaches, and under which condition.

A block is walked in order, the way Python runs it. Where an ``if``/``elif``/``else``,
``try``/``except`` or ``match`` decides between assignments of the followed name and its
test cannot be decided statically, each feasible arm is a possibility: the resolver's
:meth:`~corslint.values.resolver.Resolver.choose` picks one arm per world, and the
extractors judge every world (``values.possibilities``). An arm that is development-only by
its test (``if DEBUG:``, ``if ENV == "local":``, the ``else`` of ``if ENV == "production":``)
is not a production configuration and is not judged. Loops that assign the name leave it
unknown; so does a test that is decided only under an environment default when its other
arm would need the variable's real value (the arm taken is the default's, with its
condition).
"""
from __future__ import annotations

import functools
import re
import weakref
from typing import TYPE_CHECKING, Dict, List, Optional, Protocol, Sequence, Tuple

import libcst as cst

from corslint import budget
from corslint.policy import Value, env_string_name

if TYPE_CHECKING:  # pragma: no cover
    from corslint.parsing.scopes import Binding, Scope

class ValueResolver(Protocol):
    """What a walk needs of the resolver (values.resolver.Resolver), which imports this module."""

    def resolve(self, module, node: cst.BaseExpression, scope: "Scope") -> Value: ...

    def choose(self, node: cst.CSTNode, arms: List["Arm"], in_function: bool = False) -> Optional[int]: ...

    def line_of(self, module, node: cst.CSTNode) -> int: ...


# Whole words or name parts: `production.py`, `settings_prod`, `ENV == "prod"`, but not
# `ENABLE_PRODUCT_FEED`; `dev.py`, `settings_local`, but not `devices.py` or `latest.py`.
PRODUCTION_NAME = re.compile(r"(?<![a-z])prod(?:uction)?(?![a-z])", re.IGNORECASE)
DEVELOPMENT_NAME = re.compile(r"(?<![a-z])(?:dev|development|local|localhost|test|tests|testing|debug)(?![a-z])",
                              re.IGNORECASE)
_NEGATION = re.compile(r"\bnot\b|!=")
_DEBUG_TESTS = {"DEBUG", "settings.DEBUG", "DEBUG is True", "DEBUG == True", "app.debug", "app.config['DEBUG']",
                'app.config["DEBUG"]'}
_NOT_DEBUG_TESTS = {"not DEBUG", "not settings.DEBUG", "DEBUG is False", "DEBUG == False", "not app.debug"}
_BARE_NAME = re.compile(r"^[A-Za-z_][\w.]*$")
# The condition an environment default holds under (resolver: "when X is unset").
_ENV_DEFAULT = re.compile(r"^when ([A-Za-z_][A-Za-z0-9_]*) is unset(?: or empty)?$")
# How an environment read whose variable corslint cannot name (a helper's parameter:
# `def flag(name): return os.environ.get(name, "false") ...`) is spoken of.
UNNAMED_VARIABLE = "the environment variable"
_UNNAMED_ENV_DEFAULT = re.compile(rf"^when {UNNAMED_VARIABLE} is unset(?: or empty)?$")
MAX_CODE = 60


def branch_direction(code: str) -> Optional[str]:
    """Whether an if-test evidently selects production ("production") or development ("debug")."""
    if code in _NOT_DEBUG_TESTS:
        return "production"
    if code in _DEBUG_TESTS:
        return "debug"
    if _NEGATION.search(code):
        return None
    if PRODUCTION_NAME.search(code):
        return "production"
    if DEVELOPMENT_NAME.search(code):
        return "debug"
    return None


_CODES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def test_code(module, test: cst.BaseExpression) -> str:
    """The test as written, on one line and shortened (generated once per node: every world
    asks again)."""
    try:
        codes = _CODES.setdefault(module, {})
    except TypeError:
        codes = {}
    code = codes.get(id(test))
    if code is None:
        code = " ".join(module.code(test).split())
        code = codes[id(test)] = code if len(code) <= MAX_CODE else code[: MAX_CODE - 1] + "…"
    return code


@functools.lru_cache(maxsize=4096)
def _negated_operand(code: str) -> Optional[str]:
    """`X` for a test written `not X` as a whole (not `not a or b`, which is `(not a) or b`),
    without the parentheses `not (a and b)` needed; None otherwise or when the code does
    not parse (a test shortened with `…`)."""
    if not code.startswith("not"):
        return None
    try:
        expression = cst.parse_expression(code)
    except Exception:  # noqa: BLE001 - any unparsable test is simply left as written
        return None
    if not (isinstance(expression, cst.UnaryOperation) and isinstance(expression.operator, cst.Not)) \
            or expression.lpar:
        return None
    operand = expression.expression
    if operand.lpar:
        operand = operand.with_changes(lpar=[], rpar=[])
    return cst.Module([]).code_for_node(operand).strip() or None


def arm_condition(code: str, truthy: bool, test_value: Optional[Value] = None) -> str:
    """How a message says that an if-test came out true or false."""
    env = env_string_name(test_value) if test_value is not None else None
    if env:
        return f"when {env} is set" if truthy else f"when {env} is unset or empty"
    negated = _negated_operand(code)
    while negated is not None:  # `unless not X` reads as `when X`
        code, truthy = negated, not truthy
        negated = _negated_operand(code)
    if _BARE_NAME.match(code):
        return f"when `{code}` is {'true' if truthy else 'false'}"
    return f"when `{code}`" if truthy else f"unless `{code}`"


class Arm:
    """One way through a branching statement: its statements and the condition it needs.
    ``refutes`` are conditions that cannot hold when this arm is taken (the environment
    default that would have chosen the other arm): values resting on them are unknown in
    this arm's world."""

    __slots__ = ("body", "condition", "development", "refutes", "default")

    def __init__(self, body: Sequence[cst.CSTNode], condition: Tuple[str, ...], development: bool = False,
                 refutes: Tuple[str, ...] = (), default: bool = False):
        self.body = body
        self.condition = condition
        self.development = development
        self.refutes = refutes
        # The arm an environment default takes in a truthiness test: outside an exploration
        # it is the one followed (the other arm needs the variable's real value).
        self.default = default


def else_of(node: cst.If) -> Sequence[cst.CSTNode]:
    orelse = node.orelse
    if isinstance(orelse, cst.Else):
        return orelse.body.body
    if isinstance(orelse, cst.If):
        return (orelse,)
    return ()


def _is_comparison(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    return isinstance(test, cst.Comparison)


def arms_for_test(module, node: cst.If, test_value: Value) -> List[Arm]:
    """The arms of an ``if`` whose test resolved to ``test_value``.

    Decided without conditions: that arm alone. Decided by an environment default: that
    arm under the default's condition; when the test compares (``STAGE == "staging"``),
    the other arm too, which a deployment selects by setting the variable, with the
    default refuted there. Undecided: both arms, each under its condition. Arms that are
    development-only by the test's wording are marked."""
    body, else_body = node.body.body, else_of(node)
    truth = test_value.truth()
    other_condition = None
    if truth is not None:
        conditions = test_value.all_conditions()
        decided = Arm(body if truth else else_body, conditions)
        if not conditions:
            return [decided]
        if not _is_comparison(node.test):
            # `if origins:` with `origins` resting on one variable's default: the other arm
            # is what a deployment gets by setting it (non-empty, or empty when the default
            # is not), and there the values resting on the default are unknown.
            variables = {m.group(1) for c in conditions if (m := _ENV_DEFAULT.match(c))}
            if len(conditions) == 1 and _UNNAMED_ENV_DEFAULT.match(conditions[0]):
                # `if not is_env_var_true("NO_HTTPS"):` with the helper resolved: the other arm
                # is as reachable as when the helper is not (or the variable is read directly),
                # and is said by the test as written.
                worded, flipped = _worded_test(module, node.test)
                other_condition = arm_condition(worded, (not truth) != flipped)
            elif len(variables) != 1 or len(conditions) != 1:
                return [decided]
            else:
                variable = variables.pop()
                other_condition = f"when {variable} is set" if not truth else f"when {variable} is set but empty"
    code = test_code(module, node.test)
    direction = branch_direction(code)
    if truth is not None:
        # The default's arm is what a fresh deployment gets, whatever its test is called
        # (`DEBUG = env.bool("DEBUG", True)`, `if os.getenv("ENV", "development") ==
        # "production":`): it is always judged, under "when ENV is unset".
        from_default = other_condition is not None or any(
            _ENV_DEFAULT.match(c) or _UNNAMED_ENV_DEFAULT.match(c) for c in conditions)
        decided.development = not from_default and direction == ("debug" if truth else "production")
        decided.default = other_condition is not None
        if other_condition is None:
            worded, flipped = _worded_test(module, node.test)
            other_condition = arm_condition(worded, (not truth) != flipped)
        other = Arm(else_body if truth else body, (other_condition,),
                    development=direction == ("production" if truth else "debug"), refutes=conditions)
        return [decided, other]
    worded, flipped = _worded_test(module, node.test)
    if flipped:  # `not X` as a whole: said from X, which may be an environment read of its own
        test_value = None
    return [Arm(body, (arm_condition(worded, not flipped, test_value),), development=direction == "debug"),
            Arm(else_body, (arm_condition(worded, flipped, test_value),), development=direction == "production")]


def _worded_test(module, test: cst.BaseExpression) -> Tuple[str, bool]:
    """The test to say in a condition, and whether it is the negation of the one written:
    `not X` is said from `X` (shortened to fit as `X` is, so a long test loses no `not`)."""
    flipped = False
    while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and not test.lpar:
        test, flipped = test.expression, not flipped
    return test_code(module, test), flipped


def if_arms(resolver: "ValueResolver", module, node: cst.If, scope: "Scope") -> List[Arm]:
    """The feasible arms of an ``if`` (its ``elif`` chain is the else arm, itself an ``if``)."""
    return arms_for_test(module, node, resolver.resolve(module, node.test, scope))


def try_arms(module, node: cst.Try) -> List[Arm]:
    body = list(node.body.body)
    if node.orelse is not None:
        body += list(node.orelse.body.body)
    arms = [Arm(body, ())]
    first = node.body.body[0] if node.body.body else None
    attempt = test_code(module, first) if first is not None else "the try block"
    for handler in node.handlers:
        kind = test_code(module, handler.type) if handler.type is not None else "an exception"
        arms.append(Arm(handler.body.body, (f"when `{attempt}` raises {kind}",)))
    return arms


def match_arms(module, node) -> List[Arm]:
    subject = test_code(module, node.subject)
    arms: List[Arm] = []
    irrefutable = False
    for case in node.cases:
        pattern = test_code(module, case.pattern)
        if isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None and case.guard is None:
            irrefutable = True
            arms.append(Arm(case.body.body, (f"when `{subject}` matches no other case",)))
            break
        development = bool(DEVELOPMENT_NAME.search(pattern)) and not PRODUCTION_NAME.search(pattern)
        arms.append(Arm(case.body.body, (f"when `{subject}` is `{pattern}`",), development=development))
    if not irrefutable:
        arms.append(Arm((), (f"when `{subject}` matches no case",)))
    return arms


class BlockWalk:
    """Follow one name's bindings (or, given ``returns``, the ``return`` reached) through a
    block in the resolver's current world, up to ``stop_line`` (the use) when given.
    ``events`` are the bindings in the order they run; ``returned`` is the Return reached;
    ``unknown`` is set when the walk cannot tell."""

    def __init__(self, resolver: "ValueResolver", module, scope: "Scope", bindings: Sequence["Binding"],
                 stop_line: Optional[int] = None, returns: Sequence[cst.Return] = ()):
        self.resolver = resolver
        self.module = module
        self.scope = scope
        self.by_node: Dict[int, "Binding"] = {id(b.node): b for b in bindings if b.node is not None}
        self.lines = sorted(resolver.line_of(module, b.node) for b in bindings if b.node is not None)
        self.lines += [resolver.line_of(module, r) for r in returns]
        self.returns = {id(r) for r in returns}
        self.stop_line = stop_line
        self.events: List["Binding"] = []
        self.conditions: Tuple[str, ...] = ()
        self.active: Tuple[str, ...] = ()
        self.returned: Optional[cst.Return] = None
        self.unknown = False
        # Every arm condition this path went through, whether or not it bound the name.
        self.taken: List[str] = []

    # Each method returns False when the path ends (the use point, a return, or unknown).
    def block(self, statements: Sequence[cst.CSTNode]) -> bool:
        for statement in statements:
            budget.check()
            if not self.statement(statement):
                return False
        return True

    def _range(self, node) -> Tuple[int, int]:
        position = self.module.position(node)
        return position.start.line, position.end.line

    def _relevant(self, start: int, end: int) -> bool:
        return any(start <= line <= end for line in self.lines)

    def statement(self, statement) -> bool:
        start, end = self._range(statement)
        if self.stop_line is not None and start >= self.stop_line:
            return False
        inside = self.stop_line is not None and start <= self.stop_line <= end
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if not self.small(small):
                    return False
            return True
        if id(statement) in self.by_node:  # def / class
            self.bind(self.by_node[id(statement)])
            return not inside
        if not inside and not self._relevant(start, end):
            return True
        if isinstance(statement, cst.If):
            return self.branch(statement, inside)
        if isinstance(statement, cst.Try):
            return self.try_(statement, inside)
        if isinstance(statement, cst.With):
            return self.block(statement.body.body)
        if hasattr(cst, "Match") and isinstance(statement, cst.Match):
            return self.choose(statement, match_arms(self.module, statement), inside)
        if isinstance(statement, (cst.For, cst.While)):
            if inside:
                return self.block(statement.body.body) and False
            self.unknown = True  # assigned in a loop: how many times is not known
            return False
        return not inside

    def small(self, small) -> bool:
        if isinstance(small, cst.Return) and (id(small) in self.returns):
            self.returned = small
            self.conditions = self.conditions + tuple(c for c in self.active if c not in self.conditions)
            return False
        binding = self.by_node.get(id(small))
        if binding is not None:
            self.bind(binding)
        return not self.unknown

    def bind(self, binding: "Binding") -> None:
        if binding.kind in ("augassign", "mutate"):
            self.events.append(binding)
            self.conditions = self.conditions + tuple(c for c in self.active if c not in self.conditions)
        elif binding.kind == "other":
            self.unknown = True
        else:
            self.events = [binding]
            self.conditions = self.active

    def _arm_containing(self, arms: List[Arm]) -> Optional[Arm]:
        # Latest first: a try's first arm spans its handlers too (body, then else block).
        for arm in reversed(arms):
            if arm.body and self._range(arm.body[0])[0] <= self.stop_line <= self._range(arm.body[-1])[1]:
                return arm
        return None

    def branch(self, node: cst.If, inside: bool) -> bool:
        if inside:
            arms = [Arm(node.body.body, ())]
            orelse = node.orelse
            if isinstance(orelse, cst.Else):
                arms.append(Arm(orelse.body.body, ()))
            elif isinstance(orelse, cst.If):
                arms.append(Arm((orelse,), ()))
            return self.choose(node, arms, inside)
        arms = if_arms(self.resolver, self.module, node, self.scope)
        return self.choose(node, arms, inside)

    def try_(self, node: cst.Try, inside: bool) -> bool:
        if not self.choose(node, try_arms(self.module, node), inside):
            return False
        if node.finalbody is not None:
            return self.block(node.finalbody.body.body)
        return True

    def choose(self, node, arms: List[Arm], inside: bool) -> bool:
        if inside:
            arm = self._arm_containing(arms)
            if arm is None:
                return False
            self.block(arm.body)
            return False
        index = self.resolver.choose(node, arms, isinstance(self.scope.node, cst.FunctionDef))
        if index is None:
            self.unknown = True
            return False
        arm = arms[index]
        self.taken.extend(arm.condition)
        saved = self.active
        self.active = self.active + tuple(c for c in arm.condition if c not in self.active)
        try:
            return self.block(arm.body)
        finally:
            self.active = saved


def scope_body(scope: "Scope") -> Optional[Sequence[cst.CSTNode]]:
    node = scope.node
    if isinstance(node, cst.Module):
        return node.body
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        body = node.body
        return body.body if isinstance(body, cst.IndentedBlock) else None
    return None

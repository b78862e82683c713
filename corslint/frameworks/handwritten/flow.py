"""Following the request Origin through one function to the header writes.

A small abstract interpretation over the function's statements, in order: local names
hold *alternatives* (the request Origin, a literal, or unknown), and every path carries
a *guard*: the tests of the Origin that must have passed to reach it. ``if`` splits the
guard (``origin in ALLOWED`` holds in the body, ``origin not in ALLOWED`` in the
``else``); a branch that always leaves (``return``, ``raise``, ``abort()``) hands the
other branch's guard to the statements after the ``if``; branches that both fall
through merge their names and drop their tests. Loops are walked once and merged with
the path that skips them.

What counts as a check, decided here so that rules only read the verdict:

* exact: ``origin in <set/list/tuple/dict>`` (resolved), ``origin == x``; the negated
  forms hold on the other branch;
* regex: ``re.fullmatch``/``re.match``/compiled ``.match`` and ``re.search`` with a
  ``^…$`` pattern (their patterns are judged by the regex rules);
* weak (COR206): ``startswith``, ``endswith`` without a leading dot, ``in``/``find`` on a
  string, unanchored ``re.search``, on the Origin or on its host;
* opaque: any other test that passes the Origin somewhere (``is_allowed(origin)``,
  ``origin in settings.X`` unresolved). Unknown is not a finding, so these count as checked.

Truthiness (``if origin:``) and ``is None`` tests check nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Dict, FrozenSet, List, Optional, Tuple

import libcst as cst

from corslint.policy import SEQUENCE_KINDS, OriginCheck, Value, short
from corslint.frameworks.handwritten.headers import HeaderWrite, find_writes
from corslint.parsing.scopes import literal_value
from corslint.parsing.walk import suite_statements
from corslint.values.branches import Arm, if_arms

# `request.method == "OPTIONS"`: the branch of the preflight only.
_PREFLIGHT_TEST = re.compile(r"\.method\s*(?:==|!=)\s*['\"]OPTIONS['\"]|['\"]OPTIONS['\"]\s*(?:==|!=)\s*\S*\.method")
# A logged-in user or a credential an attacker's page cannot send.
# `token_authenticated` and `user_authenticated` count; `unauthenticated` and
# `not_authenticated` do not.
_AUTH_TEST = re.compile(r"is_authenticated|\bcurrent_user\b|\bauthenticated\b|(?<!not)_authenticated\b"
                        r"|\bauth(?:orization)?\b|HTTP_AUTHORIZATION"
                        r"|\bapi_key\b|\btoken\b|\bsession\.get\(|is_anonymous", re.IGNORECASE)
# An opt-in switch: a bare setting name (`CORS_ALLOW_ANY`, `settings.ALLOW_ANY_ORIGIN`,
# `app.config["CORS_ECHO"]`, `config.get_option("server.enableCORS")`).
# `config.get("site.cors.allow_all")` too: a configuration mapping read by key.
_SWITCH_TEST = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Z][A-Z0-9_]{2,}"
                          r"|[A-Za-z_.]*config\[u?['\"][A-Za-z0-9_.]+['\"]\]"
                          r"|[A-Za-z_.]*(?:get_option|getboolean|get_bool)\(u?['\"][A-Za-z0-9_.]+['\"]\)"
                          r"|[A-Za-z_.]*(?:config|conf)\.get\(u?['\"][A-Za-z0-9_.]+['\"]\)")

_EXIT_CALLS = {"abort", "flask.abort", "werkzeug.exceptions.abort", "sys.exit"}
_PASS_THROUGH_METHODS = {"strip", "lstrip", "rstrip", "lower", "casefold", "encode", "decode"}
_REGEX_FUNCS = {"re.match": "match", "re.fullmatch": "fullmatch", "re.search": "search",
                "regex.match": "match", "regex.fullmatch": "fullmatch", "regex.search": "search"}


@dataclass(frozen=True)
class Guard:
    exact: bool = False
    regex: bool = False
    opaque: bool = False
    weak: Tuple[OriginCheck, ...] = ()
    dynamic: bool = False  # the path depends on the Origin
    # Tests of the request that are not about the Origin but decide what an echo gives an
    # attacker: "authenticated" (a token or logged-in user an attacker's page cannot send),
    # "preflight" (only OPTIONS requests), "switch" (an opt-in setting is on).
    context: Tuple[str, ...] = ()
    # The `if` branches taken to get here: (id of the If node, True for its body, False for
    # the rest), so two writes on exclusive branches are known never to meet.
    branches: Tuple[Tuple[int, bool], ...] = ()

    @property
    def checked(self) -> bool:
        return self.exact or self.regex or self.opaque

    def plus(self, other: "Guard") -> "Guard":
        return Guard(self.exact or other.exact, self.regex or other.regex, self.opaque or other.opaque,
                     self.weak + tuple(c for c in other.weak if c not in self.weak),
                     self.dynamic or other.dynamic,
                     self.context + tuple(c for c in other.context if c not in self.context),
                     self.branches + tuple(b for b in other.branches if b not in self.branches))


NO_GUARD = Guard()


@dataclass(frozen=True)
class Alt:
    """One thing a name or expression may hold."""

    # "origin", "host" (derived from the Origin), "parsed" (`urlparse(origin)`), "literal",
    # "unknown", "flag"/"flag-false" (a boolean set by a test)
    kind: str
    value: Optional[Value] = None
    guard: Guard = NO_GUARD
    read: str = ""

    def under(self, guard: Guard) -> "Alt":
        return replace(self, guard=self.guard.plus(guard)) if guard != NO_GUARD else self


@dataclass
class State:
    env: Dict[str, Tuple[Alt, ...]]
    guard: Guard
    # The conditions of the configuration arms this path is inside (values.branches wording:
    # "when `settings.X` is true"): a literal met here carries them into the messages.
    conditions: Tuple[str, ...] = ()

    def copy(self, guard: Optional[Guard] = None) -> "State":
        return State(dict(self.env), self.guard if guard is None else self.guard.plus(guard), self.conditions)


@dataclass
class Write:
    """A header write with the alternatives its value may hold on the path that reaches it."""

    header: HeaderWrite
    alts: Tuple[Alt, ...]
    guard: Guard


@dataclass
class FunctionFlow:
    writes: List[Write] = field(default_factory=list)
    checks: List[OriginCheck] = field(default_factory=list)
    # Values an exact check compares the Origin with (allow-list entries), for the origin rules.
    allowed: List[Value] = field(default_factory=list)
    regexes: List[Tuple[Value, str]] = field(default_factory=list)


_ORIGIN_PARTS = ("netloc", "hostname", "host", "scheme", "port")


def _rebuilds_origin(node: cst.FormattedString, evaluate) -> bool:
    """`f"{url.scheme}://{url.netloc}"`: scheme, `://` and netloc of a parsed Origin, nothing else."""
    parts = node.parts
    if len(parts) != 3 or not isinstance(parts[1], cst.FormattedStringText) or parts[1].value != "://":
        return False
    ends = [parts[0], parts[2]]
    if not all(isinstance(p, cst.FormattedStringExpression) and isinstance(p.expression, cst.Attribute)
               for p in ends):
        return False
    if [p.expression.attr.value for p in ends] != ["scheme", "netloc"]:
        return False
    return all(any(a.kind == "host" for a in evaluate(p.expression)) for p in ends)


def _is_boolean_test(node) -> bool:
    if isinstance(node, cst.Name):
        return node.value in ("True", "False")
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Not)
    return isinstance(node, (cst.Comparison, cst.BooleanOperation))


def _merge(states: List[State], base: Guard) -> Optional[State]:
    live = [s for s in states if s is not None]
    if not live:
        return None
    if len(live) == 1:
        return live[0]
    env: Dict[str, Tuple[Alt, ...]] = {}
    for name in set().union(*[s.env.keys() for s in live]):
        alts: List[Alt] = []
        for s in live:
            for alt in s.env.get(name, (Alt("unknown"),)):
                if alt not in alts:
                    alts.append(alt)
        env[name] = tuple(alts)
    return State(env, base, live[0].conditions)


class FlowAnalysis:
    """``cors_lines`` (the lines of the CORS headers the unit writes at more than one place) and ``parameters`` (the
    function's) let configuration branches be taken one arm per world: see
    :meth:`_configuration_arms`. Without them every ``if`` is merged."""

    def __init__(self, module, resolver, scope, header_name, closures: Optional[dict] = None,
                 cors_lines: FrozenSet[int] = frozenset(), parameters: FrozenSet[str] = frozenset()):
        self.closures = closures if closures is not None else {}
        self.module = module
        self.resolver = resolver
        self.scope = scope
        self.header_name = header_name
        self.result = FunctionFlow()
        self.cors_lines = cors_lines
        self.parameters = parameters

    # ------------------------------------------------------------------ statements
    def run(self, body: List[cst.BaseStatement], outer_env: Optional[dict] = None) -> FunctionFlow:
        self.block(body, State(dict(outer_env or {}), NO_GUARD))
        return self.result

    def block(self, statements, state: State) -> Optional[State]:
        for statement in statements:
            state = self.statement(statement, state)
            if state is None:
                return None
        return state

    def statement(self, node, state: State) -> Optional[State]:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                state = self.small(small, state)
                if state is None:
                    return None
            return state
        if isinstance(node, cst.If):
            positive, negative = self.test(node.test, state)
            positive = positive.plus(Guard(branches=((id(node), True),)))
            negative = negative.plus(Guard(branches=((id(node), False),)))
            arm = self._configuration_arm(node, state, positive, negative)
            if arm is not None:
                taken, in_body = arm
                inner = state.copy(positive if in_body else negative)
                inner.conditions = state.conditions + tuple(c for c in taken.condition if c not in state.conditions)
                after = self.block(taken.body, inner)
                if after is not None:
                    after.conditions = state.conditions
                return after
            body = self.block(suite_statements(node.body), state.copy(positive))
            if node.orelse is None:
                other = state.copy(negative)
            elif isinstance(node.orelse, cst.If):
                other = self.statement(node.orelse, state.copy(negative))
            else:
                other = self.block(suite_statements(node.orelse.body), state.copy(negative))
            if body is None or other is None:
                return other if body is None else body
            return _merge([body, other], state.guard)
        if isinstance(node, (cst.For, cst.While)):
            inner = state.copy()
            if isinstance(node, cst.For):
                self._bind_unknown(node.target, inner)
            else:
                positive, _ = self.test(node.test, state)
                inner = state.copy(positive)
            after = self.block(suite_statements(node.body), inner)
            result = _merge([state, after], state.guard)
            if node.orelse is not None:
                result = self.block(suite_statements(node.orelse.body), result) if result else None
            return result
        if isinstance(node, cst.Try) or type(node).__name__ == "TryStar":
            after_body = self.block(suite_statements(node.body), state.copy())
            if after_body is not None and node.orelse is not None:
                after_body = self.block(suite_statements(node.orelse.body), after_body)
            branches = [after_body]
            for handler in node.handlers:
                branches.append(self.block(suite_statements(handler.body), state.copy()))
            result = _merge(branches, state.guard)
            if node.finalbody is not None:
                final = self.block(suite_statements(node.finalbody.body), result or state.copy())
                return final if result is not None else None
            return result
        if isinstance(node, cst.With):
            inner = state.copy()
            for item in node.items:
                if item.asname is not None:
                    self._bind_unknown(item.asname.name, inner)
            return self.block(suite_statements(node.body), inner)
        if isinstance(node, cst.FunctionDef):
            # Analysed on its own; remember the names it closes over, as they are here.
            self.closures[id(node)] = {name: tuple(a.under(state.guard) for a in alts)
                                       for name, alts in state.env.items()}
        return state  # nested functions and classes are analysed on their own

    def _configuration_arm(self, node: cst.If, state: State, positive: Guard,
                           negative: Guard) -> Optional[Tuple[Arm, bool]]:
        """The arm of a configuration branch taken in the resolver's world, and whether it is
        the ``if`` body; None to merge both arms as before.

        A branch is taken arm by arm, like a middleware's configuration, when it holds a
        CORS header write and its test reads configuration, not the request: no Origin, no
        preflight or authentication test, no local name or parameter (other than ``self``),
        nothing named for the request. Its arms then set different headers for different
        deployments, and merging them would combine writes that never meet; tests of the
        request stay merged, with the guards the rules read."""
        if not self.cors_lines or positive.dynamic or negative.dynamic or not all(
                c.startswith("switch:") for c in positive.context + negative.context):
            return None
        position = self.module.positions[node]
        start, end = position.start.line, position.end.line
        if not any(start <= line <= end for line in self.cors_lines):
            return None
        test = node.test
        text = self.module.code(test)
        if _REQUEST_WORDS.search(text):
            return None
        for name in _load_names(test):
            if name in state.env or (name in self.parameters and name not in ("self", "cls")):
                return None
        if self.mentions_origin(test, state):
            return None
        arms = if_arms(self.resolver, self.module, node, self.scope)
        index = self.resolver.choose(node, arms)
        if index is None:
            return None
        return arms[index], arms[index].body is node.body.body

    def small(self, node, state: State) -> Optional[State]:
        self._writes(node, state)
        if isinstance(node, cst.Assign) and _is_boolean_test(node.value) \
                and all(isinstance(t.target, cst.Name) for t in node.targets):
            # A flag (`allowed = request.method == "OPTIONS"`, later `allowed = True` after a
            # match): remember under which guard it is true, for a later `if not allowed:`.
            if isinstance(node.value, cst.Name) and node.value.value == "False":
                flag = (Alt("flag-false", guard=state.guard),)
            elif isinstance(node.value, cst.Name):
                flag = (Alt("flag", guard=state.guard),)
            else:
                positive, _ = self.test(node.value, state)
                flag = (Alt("flag", guard=state.guard.plus(positive)),)
            for target in node.targets:
                state.env[target.target.value] = flag
        elif isinstance(node, cst.Assign):
            alts = self.eval(node.value, state)
            setting = self.module.code(node.value).strip()
            if all(a.kind == "unknown" for a in alts) and _SWITCH_TEST.fullmatch(setting):
                # `allow_all = config.get("site.cors.allow_all")`: a later `if allow_all:`
                # tests the operator's setting, as `if config.get(...)` would.
                alts = (Alt("unknown", guard=state.guard, read=setting),)
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    state.env[target.target.value] = alts
                else:
                    self._bind_unknown(target.target, state)
        elif isinstance(node, cst.AnnAssign) and node.value is not None and isinstance(node.target, cst.Name):
            state.env[node.target.value] = self.eval(node.value, state)
        elif isinstance(node, cst.AugAssign):
            self._bind_unknown(node.target, state)
        elif isinstance(node, (cst.Return, cst.Raise, cst.Continue, cst.Break)):
            return None
        elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
            if self.resolver.callee(self.module, node.value, self.scope) in _EXIT_CALLS:
                return None
        return state

    def _bind_unknown(self, target, state: State) -> None:
        if isinstance(target, cst.Name):
            state.env[target.value] = (Alt("unknown"),)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_unknown(element.value, state)
        elif isinstance(target, cst.StarredElement):
            self._bind_unknown(target.value, state)

    def _writes(self, node, state: State) -> None:
        for header in find_writes(self.module, node, self.header_name):
            alts = self.eval(header.value, state) if header.value is not None else (Alt("unknown"),)
            self.result.writes.append(Write(header, alts, state.guard))

    # ------------------------------------------------------------------ expressions
    def origin_read(self, node) -> Optional[str]:
        """The text of an expression that reads the request's Origin header, else None."""
        key = None
        receiver = None
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value in ("get", "getone", "get_first", "getheader", "get_header") and node.args:
            key, receiver = node.args[0].value, node.func.value
        elif isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key, receiver = node.slice[0].slice.value, node.value
        elif isinstance(node, cst.Attribute) and node.attr.value == "origin":
            base = self.module.code(node.value)
            if base in ("request", "req", "self.request") or \
                    self.resolver.qualify(self.module, node.value, self.scope) == "flask.request":
                return self.module.code(node)
            return None
        if key is None or not isinstance(key, (cst.SimpleString, cst.ConcatenatedString)):
            return None
        try:
            text = literal_value(key)
        except Exception:
            return None
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        if not isinstance(text, str):
            return None
        text = text.lower()
        receiver_text = self.module.code(receiver).lower()
        if text == "http_origin" and ("meta" in receiver_text or "environ" in receiver_text):
            return self.module.code(node)
        if text == "origin" and "header" in receiver_text:
            return self.module.code(node)
        return None

    def eval(self, node, state: State) -> Tuple[Alt, ...]:
        guard = state.guard
        read = self.origin_read(node)
        if read is not None:
            return (Alt("origin", guard=guard.plus(Guard(dynamic=True)), read=read),)
        if isinstance(node, cst.Name) and node.value in state.env:
            return tuple(alt.under(guard) for alt in state.env[node.value])
        if isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            alts = self.eval(node.value, state)
            state.env[node.target.value] = alts
            return alts
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in _PASS_THROUGH_METHODS:
                inner = self.eval(func.value, state)
                if any(a.kind in ("origin", "host") for a in inner):
                    return inner
            if isinstance(func, cst.Name) and func.value in ("str", "bytes") and node.args:
                inner = self.eval(node.args[0].value, state)
                if any(a.kind in ("origin", "host") for a in inner):
                    return inner
        if isinstance(node, cst.Call) and node.args:
            callee = self.resolver.callee(self.module, node, self.scope) or ""
            if callee.rsplit(".", 1)[-1] in ("urlparse", "urlsplit") and \
                    self.mentions_origin(node.args[0].value, state):
                return (Alt("parsed", guard=guard.plus(Guard(dynamic=True)), read=self.module.code(node)),)
        if isinstance(node, cst.Attribute) and node.attr.value in _ORIGIN_PARTS and isinstance(node.value, cst.Name) \
                and any(a.kind == "parsed" for a in state.env.get(node.value.value, ())):
            return (Alt("host", guard=guard.plus(Guard(dynamic=True)), read=self.module.code(node)),)
        if isinstance(node, cst.FormattedString) and _rebuilds_origin(node, lambda e: self.eval(e, state)):
            # f"{url.scheme}://{url.netloc}" of a parsed Origin: the Origin itself, echoed.
            return (Alt("origin", guard=guard.plus(Guard(dynamic=True)), read=self.module.code(node)),)
        if isinstance(node, cst.Attribute) and node.attr.value in ("netloc", "hostname", "host") \
                and isinstance(node.value, cst.Call) and node.value.args:
            callee = self.resolver.callee(self.module, node.value, self.scope) or ""
            if callee.rsplit(".", 1)[-1] in ("urlparse", "urlsplit") and \
                    self.mentions_origin(node.value.args[0].value, state):
                return (Alt("host", guard=guard.plus(Guard(dynamic=True)), read=self.module.code(node)),)
        if isinstance(node, cst.BooleanOperation):
            left = self.eval(node.left, state)
            right = self.eval(node.right, state)
            if isinstance(node.operator, cst.Or):
                return left + tuple(a for a in right if a not in left)
            return right
        if isinstance(node, cst.IfExp):
            positive, negative = self.test(node.test, state)
            body = self.eval(node.body, state.copy(positive))
            orelse = self.eval(node.orelse, state.copy(negative))
            return body + tuple(a for a in orelse if a not in body)
        if isinstance(node, cst.FormattedString) and len(node.parts) == 1 and \
                isinstance(node.parts[0], cst.FormattedStringExpression):
            inner = self.eval(node.parts[0].expression, state)
            if any(a.kind == "origin" for a in inner):
                return inner
        if self.mentions_origin(node, state):
            return (Alt("unknown", guard=guard.plus(Guard(dynamic=True))),)
        value = self.resolver.resolve(self.module, node, self.scope)
        if value.is_known:
            # A literal met only where an operator's switch holds (`if allow_all: origin = "*"`,
            # written further down) carries it too: the switch's opt-in, not the default.
            switched = tuple(f"when `{c.split(':', 1)[1]}` is true" for c in guard.context if c.startswith("switch:"))
            conditions = state.conditions + tuple(c for c in switched if c not in state.conditions)
            if conditions:
                value = replace(value, conditions=value.conditions + tuple(
                    c for c in conditions if c not in value.conditions))
            return (Alt("literal", value, guard),)
        return (Alt("unknown", guard=guard),)

    def mentions_origin(self, node, state: State) -> bool:
        analysis = self

        class _Finder(cst.CSTVisitor):
            found = False

            def on_visit(self, inner) -> bool:
                if self.found:
                    return False
                if analysis.origin_read(inner) is not None:
                    self.found = True
                    return False
                if isinstance(inner, cst.Name) and any(a.kind in ("origin", "host", "parsed")
                                                       for a in state.env.get(inner.value, ())):
                    self.found = True
                return not isinstance(inner, (cst.Lambda, cst.FunctionDef))

        finder = _Finder()
        node.visit(finder)
        return finder.found

    def _tainted(self, node, state: State) -> Optional[str]:
        """"origin" or "host" when the expression is the Origin or a part of it, else None."""
        alts = self.eval(node, state.copy())
        kinds = {a.kind for a in alts}
        if "origin" in kinds:
            return "origin"
        if "host" in kinds:
            return "host"
        return None

    # ------------------------------------------------------------------ tests
    def test(self, node, state: State) -> Tuple[Guard, Guard]:
        """(guard added where the test is true, guard added where it is false)."""
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            positive, negative = self.test(node.expression, state)
            return negative, positive
        if isinstance(node, cst.BooleanOperation):
            p1, n1 = self.test(node.left, state)
            p2, n2 = self.test(node.right, state)
            if isinstance(node.operator, cst.And):
                return p1.plus(p2), Guard(dynamic=n1.dynamic or n2.dynamic)
            either = Guard(exact=p1.exact and p2.exact, regex=(p1.checked and p2.checked) and (p1.regex or p2.regex),
                           opaque=(p1.checked and p2.checked) and (p1.opaque or p2.opaque),
                           weak=p1.weak + p2.weak, dynamic=p1.dynamic or p2.dynamic)
            return either, n1.plus(n2)
        if isinstance(node, cst.NamedExpr):
            self.eval(node, state)
            return self.test(node.value, state)
        if isinstance(node, cst.Name) and state.env.get(node.value) \
                and all(a.kind in ("flag", "flag-false") for a in state.env[node.value]):
            return self._flag_test(state.env[node.value])
        if isinstance(node, cst.Name) and state.env.get(node.value) \
                and all(a.kind == "unknown" and a.read for a in state.env[node.value]):
            settings = sorted({a.read for a in state.env[node.value]})
            return Guard(context=tuple(f"switch:{s}" for s in settings)), NO_GUARD
        if not self.mentions_origin(node, state):
            return self._context_test(node)
        dynamic = Guard(dynamic=True)
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            return self._comparison(node, state)
        if isinstance(node, cst.Call):
            found = self._call_test(node, state)
            if found is not None:
                return found, dynamic
        if isinstance(node, (cst.Name, cst.Attribute, cst.Subscript)) or self._is_truthiness(node, state) \
                or self.origin_read(node) is not None:
            return dynamic, dynamic  # `if request.headers.get("Origin"):` tests presence only
        check = OriginCheck("opaque", self.module.span(node), short(self.module.code(node)))
        self.result.checks.append(check)
        return Guard(opaque=True, dynamic=True), dynamic

    def _flag_test(self, alts) -> Tuple[Guard, Guard]:
        """Where a flag is true: each way it became true must have held. A flag true only
        after a check of the Origin, or only for a preflight, guards like a check: the
        real response is never echoed unchecked."""
        ways = [a.guard for a in alts if a.kind == "flag"]
        if not ways:
            return NO_GUARD, NO_GUARD
        checked = [g for g in ways if g.checked]
        preflight = [g for g in ways if not g.checked and "preflight" in g.context]
        dynamic = Guard(dynamic=any(g.dynamic for g in ways))
        if checked and len(checked) + len(preflight) == len(ways):
            return Guard(exact=all(g.exact for g in checked), opaque=not all(g.exact for g in checked),
                         dynamic=True), dynamic
        if preflight and len(preflight) == len(ways):
            return Guard(context=("preflight",)), dynamic
        return dynamic, dynamic

    def _context_test(self, node) -> Tuple[Guard, Guard]:
        """A test that does not read the Origin: which context it establishes where it holds."""
        text = self.module.code(node)
        if _PREFLIGHT_TEST.search(text):
            negated = bool(re.search(r"!=|\bnot\b", text))
            guard = Guard(context=("preflight",))
            return (NO_GUARD, guard) if negated else (guard, NO_GUARD)
        if _AUTH_TEST.search(text):
            negated = text.lstrip().startswith("not ") or bool(re.search(r"\bis None\b|==\s*None", text))
            guard = Guard(context=("authenticated",))
            return (NO_GUARD, guard) if negated else (guard, NO_GUARD)
        if _SWITCH_TEST.fullmatch(text.strip()):
            return Guard(context=(f"switch:{text.strip()}",)), NO_GUARD
        return NO_GUARD, NO_GUARD

    def _is_truthiness(self, node, state) -> bool:
        return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("bool", "len")

    def _comparison(self, node: cst.Comparison, state: State) -> Tuple[Guard, Guard]:
        left = node.left
        target = node.comparisons[0]
        operator, right = target.operator, target.comparator
        dynamic = Guard(dynamic=True)
        left_taint = self._tainted(left, state)
        right_taint = self._tainted(right, state)
        span = self.module.span(node)
        text = short(self.module.code(node))
        if isinstance(operator, (cst.Is, cst.IsNot)):
            return dynamic, dynamic
        if isinstance(operator, (cst.Equal, cst.NotEqual)):
            other = right if left_taint else left
            if left_taint and right_taint:
                return dynamic, dynamic
            value = self.resolver.resolve(self.module, other, self.scope)
            if value.kind in ("none",) or (value.kind == "str" and value.data == ""):
                return dynamic, dynamic  # `origin != ""` is a truthiness test
            check = OriginCheck("exact", span, text, value)
            self.result.checks.append(check)
            if value.kind == "str" and left_taint != "host" and right_taint != "host":
                self.result.allowed.append(value)
            guard = Guard(exact=True, dynamic=True)
            return (guard, dynamic) if isinstance(operator, cst.Equal) else (dynamic, guard)
        if isinstance(operator, (cst.In, cst.NotIn)):
            negated = isinstance(operator, cst.NotIn)
            if left_taint and not right_taint:
                container = self.resolver.resolve(self.module, right, self.scope)
                if container.kind == "str":
                    check = OriginCheck("in-string", span, text, container,
                                        _in_string_evidence(container.data, left_taint),
                                        operand_span=self.module.span(right))
                elif container.kind in SEQUENCE_KINDS or container.kind == "dict":
                    check = OriginCheck("exact", span, text, container)
                    if left_taint == "origin":
                        entries = container.items() if container.kind != "dict" else [k for k, _ in container.data]
                        self.result.allowed.extend(e for e in entries if e.kind == "str")
                else:
                    check = OriginCheck("opaque", span, text, container)
            elif right_taint and not left_taint:
                # `"example.com" in origin`: a substring of the Origin.
                needle = self.resolver.resolve(self.module, left, self.scope)
                if needle.kind == "str" and not negated:
                    check = OriginCheck("in-string", span, text, needle, contains_evidence(needle.data),
                                        operand_span=self.module.span(left))
                else:
                    return dynamic, dynamic
            else:
                return dynamic, dynamic
            self.result.checks.append(check)
            guard = self._guard_for(check)
            return (dynamic, guard) if negated else (guard, dynamic)
        return dynamic, dynamic

    def _guard_for(self, check: OriginCheck) -> Guard:
        if check.kind == "exact":
            return Guard(exact=True, dynamic=True)
        if check.kind == "regex":
            return Guard(regex=True, dynamic=True)
        if check.kind == "opaque" or not check.evidence:
            return Guard(opaque=True, dynamic=True)
        return Guard(weak=(check,), dynamic=True)

    def _call_test(self, node: cst.Call, state: State) -> Optional[Guard]:
        func = node.func
        span = self.module.span(node)
        text = short(self.module.code(node))
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if isinstance(func, cst.Attribute) and func.attr.value in ("startswith", "endswith") and positional:
            taint = self._tainted(func.value, state)
            if taint:
                operand = self.resolver.resolve(self.module, positional[0], self.scope)
                evidence = affix_evidence(func.attr.value, operand, taint)
                check = OriginCheck(func.attr.value, span, text, operand, evidence,
                                    operand_span=self.module.span(positional[0]))
                self.result.checks.append(check)
                return self._guard_for(check)
        callee = self.resolver.callee(self.module, node, self.scope) or ""
        mode = _REGEX_FUNCS.get(callee)
        pattern_node = positional[0] if mode and positional else None
        subject = positional[1] if mode and len(positional) > 1 else None
        if mode is None and isinstance(func, cst.Attribute) and func.attr.value in ("match", "fullmatch", "search") \
                and positional:
            compiled = self.resolver.resolve(self.module, func.value, self.scope)
            if compiled.kind == "pattern":
                mode, subject = func.attr.value, positional[0]
                pattern_value = compiled.data[0]
                return self._regex_check(mode, pattern_value, subject, state, span, text)
        if mode is not None and subject is not None:
            pattern_value = self.resolver.resolve(self.module, pattern_node, self.scope)
            return self._regex_check(mode, pattern_value, subject, state, span, text)
        return None

    def _regex_check(self, mode, pattern: Value, subject, state, span, text) -> Optional[Guard]:
        if not self._tainted(subject, state):
            return None
        if mode == "search" and pattern.kind == "str" and not _anchored(pattern.data):
            check = OriginCheck("search", span, text, pattern, _search_evidence(pattern.data))
        else:
            check = OriginCheck("regex", span, text, pattern)
            if pattern.kind == "str":
                self.result.regexes.append((pattern, "fullmatch" if mode == "search" else mode))
        self.result.checks.append(check)
        return self._guard_for(check)


# A test that reads the request (its method, headers, session...): not a configuration.
_REQUEST_WORDS = re.compile(r"\b(?:request|req|scope|environ|headers|session|method|path|current_user|user|g)\b|\.META\b")


def _load_names(test) -> List[str]:
    """The plain names a test reads (not attribute names, not keyword names)."""
    names: List[str] = []

    class _Names(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            names.append(node.value)

        def visit_Lambda(self, node) -> bool:
            return False

    test.visit(_Names())
    return names


def _anchored(pattern: str) -> bool:
    return pattern.startswith(("^", "\\A")) and pattern.endswith(("$", "\\Z", "\\z"))


def _origin_like(text: str) -> bool:
    return "://" in text


def affix_evidence(method: str, operand: Value, taint: str) -> str:
    """An origin an attacker can register that the startswith/endswith test accepts (a
    tuple of affixes, as str.startswith takes it, accepts what any of them accepts)."""
    if operand.is_sequence:
        return next((found for item in operand.items() if (found := affix_evidence(method, item, taint))), "")
    if operand.kind != "str" or not operand.data.strip():
        return ""
    text = operand.data
    if method == "startswith":
        if text.endswith("/"):
            return ""  # no Origin carries a path: this test never passes
        if taint == "host":
            return f"https://{text}.evil-example.net"
        return f"{text}.evil-example.net" if _origin_like(text) else ""
    # endswith: a suffix that starts at a label boundary only lets in subdomains.
    if text.startswith(".") or _origin_like(text):
        return ""
    return f"https://evil{text}" if not text.startswith("-") else ""


def _in_string_evidence(container: str, taint: str) -> str:
    """`origin in "https://a.example.com https://b.example.com"`: a prefix of a listed origin."""
    for part in re.split(r"[\s,;|]+", container):
        if "://" in part and len(part.split("://", 1)[1]) > 1:
            candidate = part[:-1]
            if candidate not in re.split(r"[\s,;|]+", container):
                return candidate
    return ""


def contains_evidence(needle: str) -> str:
    needle = needle.strip()
    if not needle or "/" in needle.replace("://", ""):
        return ""
    if "://" in needle:
        return f"{needle}.evil-example.net"
    return f"https://{needle.strip('.')}.evil-example.net"


def _search_evidence(pattern: str) -> str:
    """An origin that an unanchored re.search accepts: the trusted host under the attacker's domain."""
    literal = pattern.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\-", "-")
    if re.search(r"[\\\[\](){}*+?|]", literal):
        return ""
    candidate = f"{literal}.evil-example.net" if "://" in literal else f"https://{literal}.evil-example.net"
    # User patterns go through the bounded engine only (catastrophic backtracking).
    from corslint.origins.matching import regex_accepts

    return candidate if regex_accepts(pattern, candidate, "search") else ""

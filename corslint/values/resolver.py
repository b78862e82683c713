"""Resolve an expression to a :class:`~corslint.policy.Value` without running anything.

What is followed: literals, f-strings and concatenation of known parts, names bound
once (or bound and then extended with ``+=`` / ``.append`` in order) in the enclosing
scopes, imports inside the project (``from .config import ORIGINS``), ``from x import *``,
``**kwargs`` dicts, class attributes and pydantic ``BaseSettings`` defaults, objects
with what their constructor, ``__init__`` and later plain writes leave in them
(``values.objects`` finds the writes), functions that just ``return`` a value,
``str.split``/``strip``/``join``, comprehensions over known sequences and dicts,
``list()``/``tuple()``/``set()``, ``getattr`` with a default, ``re.compile``, and environment
readers with defaults (``os.getenv``, ``os.environ.get``, django-environ, python-decouple,
``starlette.config.Config``). Anything else is unknown, and unknown never produces a
finding. An environment default is returned with the condition under which it holds.
"""
from __future__ import annotations

import re
import string
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Tuple

import libcst as cst

from corslint import budget, limits
from corslint.parsing.scopes import Binding, Scope, dotted_name, literal_value
from corslint.parsing.walk import nodes_of
from corslint.policy import SEQUENCE_KINDS, Span, Value, env_string_name, template_marker
from corslint.values.branches import (DEVELOPMENT_NAME, PRODUCTION_NAME, UNNAMED_VARIABLE, Arm, BlockWalk,
                                      arms_for_test, scope_body, test_code)
from corslint.values.objects import ANY, attribute_writes, bare_uses, may_write_attributes

if TYPE_CHECKING:  # pragma: no cover
    from corslint.parsing.parse import ParsedModule
    from corslint.parsing.project import Project

# Names, calls and operations followed to build one value. Real settings chain constants
# a few levels deep; 40 was reached by generated chains (`O41 = O40`), so the bound is
# well above that, below what Python's recursion limit allows (about six frames a level).
MAX_DEPTH = 120

# Expressions evaluated to build one value (a top-level `resolve`). A name used twice in
# its own definition (`O1 = O0 + O0`, ...; or `O2 = O1 + O0`) is followed once per use,
# so a chain of such lines costs 2**n steps however small the value stays. A 50,000-entry
# list (MAX_SEQUENCE_ITEMS) takes about 50,000; past the bound the value is unknown, and noted.
MAX_STEPS = 200_000

# Callables that read one environment variable: qualified name -> (name arg index,
# default arg index or None). The default may also be given as `default=`.
ENV_READERS = {
    "os.getenv": (0, 1),
    "os.environ.get": (0, 1),
    "os.environ.setdefault": (0, 1),
    "decouple.config": (0, None),
}
# Factories whose instances read the environment when called, or through typed methods.
ENV_CONFIG_FACTORIES = {
    "starlette.config.Config", "decouple.AutoConfig", "decouple.Config", "decouple.RepositoryEnv",
    "environ.Env", "environ.environ.Env",
}
# Casts that split a comma-separated string into a list.
SPLITTING_CASTS = {"decouple.Csv", "starlette.datastructures.CommaSeparatedStrings"}
ENV_TYPED_METHODS = {"list": "list", "tuple": "list", "bool": "bool", "int": "int", "str": "str",
                     "float": "float", "json": None, "url": None, "dict": None}
SETTINGS_BASES = {"pydantic_settings.BaseSettings", "pydantic.BaseSettings",
                  "pydantic.v1.BaseSettings", "pydantic_settings.main.BaseSettings"}
FIELD_FACTORIES = {"pydantic.Field", "pydantic.fields.Field", "dataclasses.field", "attr.ib", "attr.attrib",
                   "attr.field", "attrs.field", "pydantic.v1.Field", "sqlmodel.Field"}
# A default_factory given as a type builds an empty container.
EMPTY_FACTORIES = {"list": "list", "tuple": "tuple", "set": "set", "frozenset": "set", "dict": "dict"}
FACTORY_WRAPPERS = {"attr.Factory", "attrs.Factory"}
# Classes whose generated constructor takes their fields as keywords.
FIELD_CLASS_DECORATORS = {"dataclasses.dataclass", "attr.s", "attr.attrs", "attr.define", "attr.frozen",
                          "attr.mutable", "attrs.define", "attrs.frozen", "attrs.mutable", "attr.dataclass"}
MODEL_BASES = {"pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.v1.BaseModel", "sqlmodel.SQLModel"}

_ARITHMETIC = {
    cst.Multiply: lambda a, b: a * b,
    cst.Subtract: lambda a, b: a - b,
    cst.FloorDivide: lambda a, b: a // b,
    cst.Divide: lambda a, b: a / b,
    cst.Modulo: lambda a, b: a % b,
    cst.Power: lambda a, b: a ** b if abs(b) <= 64 else None,
}

_INSIDE_STATEMENTS = (cst.NamedExpr, cst.WithItem, cst.ExceptHandler)

_COMPARISONS = {
    cst.Equal: lambda a, b: a == b,
    cst.NotEqual: lambda a, b: a != b,
    cst.Is: lambda a, b: a is b if b is None or isinstance(b, bool) else a == b,
    cst.IsNot: lambda a, b: a is not b if b is None or isinstance(b, bool) else a != b,
    cst.LessThan: lambda a, b: a < b,
    cst.GreaterThan: lambda a, b: a > b,
    cst.LessThanEqual: lambda a, b: a <= b,
    cst.GreaterThanEqual: lambda a, b: a >= b,
}


def _plain(value: Value):
    """A comparable Python value: a scalar, or a complete sequence of scalars."""
    if value.kind in ("str", "int", "float", "bool", "none"):
        return value.data
    if value.kind in SEQUENCE_KINDS and value.complete:
        items = value.items()
        if all(i.kind in ("str", "int", "float", "bool", "none") for i in items):
            return [i.data for i in items]
    raise ValueError("not comparable")


# A cheap look for the writes `_environment_writes` follows, before walking the module.
_WRITES_ENVIRONMENT = re.compile(r"environ\s*\[[^\]\n]*\]\s*=(?!=)|environ\.(?:setdefault|update)\s*\(|putenv\s*\(")
_UNSET = re.compile(r"^when (\S+) is unset(?: or empty)?$")

_STR_METHODS = {"strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title"}


# The largest list (items) or string (characters) a concatenation may build. A chain of
# self-concatenations (`O1 = O0 + O0`, ...) doubles at each step: 2**20 entries from 20
# lines. Real allow-lists hold hundreds of entries; past the bound the value is unknown
# and the limit is noted (corslint.limits).
MAX_SEQUENCE_ITEMS = 50_000
MAX_STRING_CHARS = 1_000_000


_CODE_CONDITION = re.compile(r"^(?:when|unless) `(.+)`")
_IDENTIFIER = re.compile(r"(?<![\w.'\"])[A-Za-z_]\w*")


def _names_local(condition: str, local) -> bool:
    """Whether a condition's test reads a name bound in the called function (its parameters
    and locals), which the reader of the call site cannot see."""
    found = _CODE_CONDITION.match(condition)
    return bool(found) and any(name in local for name in _IDENTIFIER.findall(found.group(1)))


def _returned_text(value: Value, line: int) -> str:
    """"returns True", or where it returns when the value is not a short plain one."""
    try:
        text = repr(_plain(value))
    except ValueError:
        text = ""
    if text and len(text) <= 40:
        return f"returns {text}"
    return f"returns at line {line} of its definition"


def too_large(left: Value, right: Value) -> bool:
    """Whether concatenating the two values would pass the bounds above (and say so)."""
    if left.kind == right.kind == "str" and isinstance(left.data, str) and isinstance(right.data, str):
        if len(left.data) + len(right.data) > MAX_STRING_CHARS:
            limits.reached(f"a concatenated string would exceed {MAX_STRING_CHARS:,} characters" + limits.UNKNOWN_VALUE)
            return True
    elif left.kind in SEQUENCE_KINDS and right.kind in SEQUENCE_KINDS:
        if len(left.data) + len(right.data) > MAX_SEQUENCE_ITEMS:
            limits.reached(f"a concatenated list would exceed {MAX_SEQUENCE_ITEMS:,} entries" + limits.UNKNOWN_VALUE)
            return True
    return False


class Resolver:
    def __init__(self, project: "Project"):
        self.project = project
        self._depth = 0
        self._steps = 0  # expressions evaluated for the current top-level value (MAX_STEPS)
        self._active: set = set()
        # Names bound by comprehensions while their element is being evaluated.
        self._locals: List[Dict[str, Value]] = []
        # The world being explored (values.possibilities): branching statement -> arm
        # index, and the undecided branches met so far. None outside an exploration, where
        # an undecidable branch leaves its names unknown.
        self._world: Optional[Dict[int, int]] = None
        self._met: List[Tuple[int, int]] = []
        # Conditions that cannot hold in this world (an environment default whose other
        # arm was taken): a value resting on one is unknown here.
        self._refuted: set = set()
        # Module-level names changed inside functions, per module (by id, as below).
        self._escaped: Dict[int, set] = {}
        # Environment variables each module writes (by id, as below).
        self._env_written: Dict[int, set] = {}
        # Return statements per function (by id: the modules live as long as the run).
        self._returns: Dict[int, List[cst.Return]] = {}
        # Values shared between the worlds of one exploration: an expression whose
        # resolution met no world-dependent choice, no cut cycle and no refuted condition
        # has the same value in every world (cleared when the exploration ends).
        self._memo: Dict[Tuple[int, int], Value] = {}
        self._touched = 0  # counts what makes a value depend on the world or the path to it
        # An extractor's own reading of some expressions of one module, consulted first:
        # (module, read) where read(node, scope) is a Value or None (see `reading`).
        self._reader: Optional[Tuple["ParsedModule", Callable]] = None

    # ------------------------------------------------------------------ public
    def resolve(self, module: "ParsedModule", node: Optional[cst.BaseExpression], scope: Scope) -> Value:
        if node is None:
            return Value.unknown()
        budget.check()  # every value goes through here: long lists, chains, calls
        if self._depth == 0:
            self._steps = 0
        self._steps += 1
        if self._steps > MAX_STEPS:
            if self._steps == MAX_STEPS + 1:
                limits.reached(f"a value needs more than {MAX_STEPS:,} steps to build (a name used several "
                               "times in its own definition, line after line)" + limits.UNKNOWN_VALUE)
            self._touched += 1  # cut short: never shared between worlds
            return Value.unknown(None, "too much work")
        if self._depth > MAX_DEPTH:
            limits.reached(f"a value is built through more than {MAX_DEPTH} names, calls or operations "
                           "(the resolver's depth limit)" + limits.UNKNOWN_VALUE)
            self._touched += 1
            return Value.unknown(None, "too deep")
        reader = self._reader
        if reader is not None and reader[0] is module and isinstance(node, (cst.Subscript, cst.Call, cst.Name)):
            self._depth += 1
            try:
                read = reader[1](node, scope)
            finally:
                self._depth -= 1
            if read is not None:
                self._touched += 1  # rests on the extractor's state at this point: never shared
                if self._refuted and read.is_known and not self._refuted.isdisjoint(read.all_conditions()):
                    return Value.unknown(read.span, "contradicts the branch taken")
                return read
        memo_key = None
        if self._world is not None and not self._locals and not self._refuted:
            # A value found while a reader was consulted (and never used: it would have
            # touched the value) is kept apart from one found without it.
            memo_key = (id(node), id(scope), reader is not None)
            shared = self._memo.get(memo_key)
            if shared is not None:
                return shared
            touched = self._touched
        self._depth += 1
        try:
            value = self._resolve(module, node, scope)
            if self._refuted and value.is_known and not self._refuted.isdisjoint(value.all_conditions()):
                return Value.unknown(value.span, "contradicts the branch taken")
            if memo_key is not None and self._touched == touched and not self._refuted:
                self._memo[memo_key] = value
            return value
        except RecursionError:
            limits.reached("a value is nested deeper than Python's recursion limit allows to follow"
                           + limits.UNKNOWN_VALUE)
            self._touched += 1
            return Value.unknown(None, "too deep")
        finally:
            self._depth -= 1

    @contextmanager
    def reading(self, module: "ParsedModule", read: Callable):
        """Resolve with ``read(node, scope)`` asked first about every subscript, call and
        name of ``module``, however deeply it sits in the value (`app.config["ORIGINS"].split(",")`,
        a comprehension over `app.config.get("CORS_ORIGINS", "")`, a name bound to such a
        read): an extractor that knows what some expressions hold at this point of its walk
        (Flask's config read back, a followed helper's parameters) gives that value, or None
        for the resolver's own."""
        saved = self._reader
        self._reader = (module, read)
        try:
            yield
        finally:
            self._reader = saved

    @contextmanager
    def names_bound(self, values: Dict[str, Value]):
        """Resolve with these names already bound, ahead of the module's own bindings: a
        Django settings module evaluated statement by statement (with what it inherits
        through `from .base import *`) knows each setting's value at that point."""
        self._locals.append(values)
        try:
            yield
        finally:
            self._locals.pop()

    def qualify(self, module: "ParsedModule", node: cst.BaseExpression, scope: Scope) -> Optional[str]:
        """The dotted name an expression refers to, with imports followed: a local alias
        of ``fastapi.middleware.cors.CORSMiddleware`` qualifies to that name."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        root, _, rest = dotted.partition(".")
        binding = self.single_binding(module, scope, root)
        if binding is None:
            return dotted
        if binding.kind == "import":
            base = self._absolute(module, binding.qualified or root, binding.level)
            return f"{base}.{rest}" if rest else base
        if binding.kind == "assign" and isinstance(binding.value, (cst.Name, cst.Attribute)) \
                and id(binding) not in self._active:
            self._active.add(id(binding))
            try:
                target = self.qualify(module, binding.value, binding.scope)
            finally:
                self._active.discard(id(binding))
            if target:
                return f"{target}.{rest}" if rest else target
        elif binding.kind == "assign" and isinstance(binding.value, (cst.Name, cst.Attribute)):
            self._touched += 1  # a cycle cut here: not the name's value everywhere
        prefix = module.module_name or "<module>"
        return f"{prefix}.{dotted}"

    def callee(self, module: "ParsedModule", call: cst.Call, scope: Scope) -> Optional[str]:
        return self.qualify(module, call.func, scope)

    # ------------------------------------------------------------------ worlds
    def choose(self, node: cst.CSTNode, arms: List["Arm"], in_function: bool = False) -> Optional[int]:
        """The arm of a branching statement taken in the current world. Development-only
        arms are never taken; a single feasible arm needs no world; an undecided choice met
        outside an exploration is None (unknown). ``in_function``: the branch is in a
        function body that a value was followed into (see ``branches_met``)."""
        feasible = [i for i, arm in enumerate(arms) if not arm.development]
        if not feasible:
            return None
        if len(feasible) > 1 or arms[feasible[0]].refutes:
            self._touched += 1  # what follows depends on the world
        if len(feasible) == 1:
            if self._world is not None:
                self._refuted.update(arms[feasible[0]].refutes)
            return feasible[0]
        if self._world is None:
            return feasible[0] if arms[feasible[0]].default else None
        key = id(node)
        if key in self._world:
            index = self._world[key]
        else:
            self._met.append((key, tuple(feasible), in_function))
            self._world[key] = index = feasible[0]
        self._refuted.update(arms[index].refutes)
        return index

    @property
    def exploring(self) -> bool:
        return self._world is not None

    def enter_world(self, fixed: Dict[int, int]) -> None:
        """Resolve in the world where each branch in ``fixed`` takes the given arm
        (values.possibilities drives this)."""
        self._world = dict(fixed)
        self._met = []
        self._refuted = set()

    def branches_met(self, in_functions: bool = True) -> List[Tuple[int, Tuple[int, ...]]]:
        """The undecided branches met in this world, in order, with their feasible arms;
        without ``in_functions``, only those outside the function bodies a value was
        followed into."""
        return [(key, feasible) for key, feasible, in_function in self._met if in_functions or not in_function]

    def leave_worlds(self) -> None:
        self._world = None
        self._met = []
        self._refuted = set()
        self._memo = {}

    def line_of(self, module: "ParsedModule", node) -> int:
        try:
            return module.position(node).start.line
        except (KeyError, TypeError):
            return 0

    def scope_at(self, module: "ParsedModule", scope_node) -> Scope:
        return module.scopes.scope_of(scope_node) or module.scopes.module_scope

    # ------------------------------------------------------------------ dispatch
    def _resolve(self, module: "ParsedModule", node: cst.BaseExpression, scope: Scope) -> Value:
        span = module.span(node)
        if isinstance(node, cst.SimpleString):
            try:
                data = string_value(node)
            except Exception:  # malformed escapes
                return Value.unknown(span)
            kind = "bytes" if isinstance(data, bytes) else "str"
            return Value(kind, data, span, literal=True)
        if isinstance(node, cst.ConcatenatedString):
            left = self.resolve(module, node.left, scope)
            right = self.resolve(module, node.right, scope)
            if left.kind == right.kind == "str":
                return Value("str", left.data + right.data, span,
                             left.conditions + right.conditions, literal=left.literal and right.literal)
            return Value.unknown(span)
        if isinstance(node, cst.FormattedString):
            return self._fstring(module, node, scope, span)
        if isinstance(node, (cst.Integer, cst.Float)):
            try:
                return Value("int" if isinstance(node, cst.Integer) else "float",
                             literal_value(node), span, literal=True)
            except Exception:
                return Value.unknown(span)
        if isinstance(node, cst.Name):
            return self._name(module, node, scope, span)
        if isinstance(node, cst.UnaryOperation):
            inner = self.resolve(module, node.expression, scope)
            if isinstance(node.operator, cst.Minus) and inner.kind in ("int", "float"):
                return Value(inner.kind, -inner.data, span, inner.conditions, literal=inner.literal)
            if isinstance(node.operator, cst.Not) and inner.truth() is not None:
                return Value("bool", not inner.truth(), span, inner.conditions)
            return Value.unknown(span)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            kind = {cst.List: "list", cst.Tuple: "tuple", cst.Set: "set"}[type(node)]
            return self._sequence(module, node.elements, scope, span, kind)
        if isinstance(node, cst.Dict):
            return self._dict(module, node, scope, span)
        if isinstance(node, cst.BinaryOperation):
            return self._binary(module, node, scope, span)
        if isinstance(node, cst.BooleanOperation):
            return self._boolean(module, node, scope, span)
        if isinstance(node, cst.IfExp):
            return self._conditional_expression(module, node, scope, span)
        if isinstance(node, cst.Comparison):
            return self._comparison(module, node, scope, span)
        if isinstance(node, cst.Call):
            return self._call(module, node, scope, span)
        if isinstance(node, cst.Attribute):
            return self._attribute(module, node, scope, span)
        if isinstance(node, cst.Subscript):
            return self._subscript(module, node, scope, span)
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            return self._comprehension(module, node, scope, span)
        return Value.unknown(span)

    # ------------------------------------------------------------------ literals
    def _fstring(self, module, node: cst.FormattedString, scope, span) -> Value:
        """A string when every part is known; else a template (policy.string_template)
        whose unknown parts are None: `f"https://{tenant}.example.com"`."""
        parts: List[Optional[str]] = []
        conditions: Tuple[str, ...] = ()
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value.replace("{{", "{").replace("}}", "}"))
                continue
            if part.format_spec or part.conversion:
                parts.append(None)
                continue
            value = self.resolve(module, part.expression, scope)
            if value.kind not in ("str", "int"):
                parts.append(None)
                continue
            parts.append(str(value.data))
            conditions += value.conditions
        if any(p is None for p in parts):
            return Value.unknown(span, template_marker(parts, "f-string"))
        return Value("str", "".join(parts), span, conditions)

    def _sequence(self, module, elements, scope, span, kind) -> Value:
        items: List[Value] = []
        complete = True
        conditions: Tuple[str, ...] = ()
        for element in elements:
            if isinstance(element, cst.StarredElement):
                inner = self.resolve(module, element.value, scope)
                if inner.kind in SEQUENCE_KINDS:
                    items.extend(inner.items())
                    complete = complete and inner.complete
                else:
                    complete = False
                continue
            items.append(self.resolve(module, element.value, scope))
        return Value(kind, items, span, conditions, literal=True, complete=complete)

    def _dict(self, module, node: cst.Dict, scope, span) -> Value:
        pairs: List[Tuple[Value, Value]] = []
        complete = True
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                inner = self.resolve(module, element.value, scope)
                if inner.kind == "dict":
                    pairs.extend(inner.data)
                    complete = complete and inner.complete
                else:
                    complete = False
                continue
            key = self.resolve(module, element.key, scope)
            value = self.resolve(module, element.value, scope)
            if key.kind == "str":
                # Remember where the key is written: rules point at `"key": value`.
                value = _with_key_span(value, module.span(element))
            pairs.append((key, value))
        return Value("dict", pairs, span, literal=True, complete=complete)

    def _binary(self, module, node: cst.BinaryOperation, scope, span) -> Value:
        left = self.resolve(module, node.left, scope)
        if left.kind == "unknown" and left.data == "too large":
            # Whatever the other side is, the result is larger still: do not build it
            # (`O16 = O15 + O15` would build O15 again).
            return Value.unknown(span, "too large")
        right = self.resolve(module, node.right, scope)
        conditions = left.conditions + tuple(c for c in right.conditions if c not in left.conditions)
        if too_large(left, right):
            return Value.unknown(span, "too large")
        if isinstance(node.operator, cst.Modulo) and left.kind == "str":
            return self._percent_format(left, right, span, conditions)
        operation = _ARITHMETIC.get(type(node.operator))
        if operation is not None:
            if left.kind in ("int", "float") and right.kind in ("int", "float"):
                try:
                    result = operation(left.data, right.data)
                except (ArithmeticError, ValueError, OverflowError):
                    return Value.unknown(span)
                if isinstance(result, (int, float)) and abs(result) < 1 << 64:
                    return Value("int" if isinstance(result, int) else "float", result, span, conditions)
            if isinstance(node.operator, cst.Multiply) and left.kind in SEQUENCE_KINDS and right.kind == "int" \
                    and 0 <= right.data <= 16:
                return Value(left.kind, left.items() * right.data, span, complete=left.complete)
            return Value.unknown(span)
        if not isinstance(node.operator, (cst.Add, cst.BitOr)):
            return Value.unknown(span)
        if isinstance(node.operator, cst.Add):
            if left.kind == right.kind == "str":
                return Value("str", left.data + right.data, span, conditions)
            if left.kind in SEQUENCE_KINDS and right.kind in SEQUENCE_KINDS:
                # items() carries each side's conditions down to its own elements.
                return Value(left.kind, left.items() + right.items(), span,
                             complete=left.complete and right.complete)
        elif left.kind == right.kind == "set":
            return Value("set", left.items() + right.items(), span, conditions,
                         complete=left.complete and right.complete)
        return Value.unknown(span)

    def _conditional_expression(self, module, node: cst.IfExp, scope, span) -> Value:
        test_value = self.resolve(module, node.test, scope)
        as_if = cst.If(test=node.test, body=cst.IndentedBlock(body=()), orelse=None)
        arms = arms_for_test(module, as_if, test_value)
        # arms_for_test speaks of statements; here arm 0 is the body whenever the truth is
        # unknown or the body was decided, so map the arms back to the two expressions.
        truth = test_value.truth()
        expressions = [node.body, node.orelse]
        if truth is False:
            expressions = [node.orelse, node.body]
        index = self.choose(node, arms)
        if index is None:
            return Value.unknown(span)
        return self.resolve(module, expressions[index], scope).with_conditions(arms[index].condition)

    def _comparison(self, module, node: cst.Comparison, scope, span) -> Value:
        """`ENV == "staging"`, `stage in ("dev", "local")` on known values: a bool that holds
        under the operands' conditions (an environment default, say)."""
        left = self.resolve(module, node.left, scope)
        conditions = list(left.all_conditions()) if left.kind not in SEQUENCE_KINDS else list(left.conditions)
        result = True
        for target in node.comparisons:
            right = self.resolve(module, target.comparator, scope)
            try:
                a, b = _plain(left), _plain(right)
            except ValueError:
                return Value.unknown(span)
            operator = type(target.operator)
            if operator in (cst.In, cst.NotIn):
                if not isinstance(b, (list, tuple, str)):
                    return Value.unknown(span)
                outcome = a in b
                if operator is cst.NotIn:
                    outcome = not outcome
            elif operator in _COMPARISONS:
                try:
                    outcome = _COMPARISONS[operator](a, b)
                except TypeError:
                    return Value.unknown(span)
            else:
                return Value.unknown(span)
            conditions += [c for c in right.all_conditions() if c not in conditions]
            result = result and outcome
            left = right
        return Value("bool", result, span, tuple(conditions))

    @staticmethod
    def _percent_format(template: Value, args: Value, span, conditions) -> Value:
        """`"https://%s" % HOST` and `"%s://%s" % (scheme, host)` with every part known."""
        parts = args.items() if args.kind == "tuple" else [args]
        if args.kind == "tuple" and not args.complete:
            return Value.unknown(span)
        if any(p.kind not in ("str", "int", "float") for p in parts):
            # `"https://%s.example.com" % tenant`: a template when only plain %s stand for the unknowns.
            pieces = template.data.split("%s")
            if "%" in "".join(pieces).replace("%%", "") or len(pieces) != len(parts) + 1:
                return Value.unknown(span)
            out: List[Optional[str]] = [pieces[0].replace("%%", "%")]
            for part, piece in zip(parts, pieces[1:]):
                out.append(str(part.data) if part.kind in ("str", "int", "float") else None)
                out.append(piece.replace("%%", "%"))
            return Value.unknown(span, template_marker(out, "%"))
        try:
            text = template.data % tuple(p.data for p in parts)
        except (TypeError, ValueError, KeyError):
            return Value.unknown(span)
        extra = tuple(c for p in parts for c in p.conditions if c not in conditions)
        return Value("str", text, span, conditions + extra)

    def _boolean(self, module, node: cst.BooleanOperation, scope, span) -> Value:
        left = self.resolve(module, node.left, scope)
        is_or = isinstance(node.operator, cst.Or)
        truth = left.truth()
        if truth is None:
            env = _env_marker(left)
            if is_or:
                # `x or default`: the default is what a run gets when x is empty (x's own arm
                # is unknown and judged as such).
                right = self.resolve(module, node.right, scope)
                when = f"when {env} is unset or empty" if env else f"when `{test_code(module, node.left)}` is empty"
                return right.with_conditions((when,)) if right.is_known else right
            return Value.unknown(span)
        # Whichever side is chosen holds only when the left side is what it resolved to.
        if is_or:
            return left if truth else self.resolve(module, node.right, scope).with_conditions(left.all_conditions())
        return self.resolve(module, node.right, scope).with_conditions(left.all_conditions()) if truth else left

    # ------------------------------------------------------------------ names
    def _name(self, module, node: cst.Name, scope: Scope, span: Span) -> Value:
        name = node.value
        for frame in reversed(self._locals):
            if name in frame:
                return frame[name]
        if name in ("True", "False"):
            return Value("bool", name == "True", span, literal=True)
        if name == "None":
            return Value("none", None, span, literal=True)
        return self.lookup(module, scope, name, use_line=span.start_line)

    def lookup(self, module, scope: Scope, name: str, use_line: Optional[int] = None) -> Value:
        """The value of `name` as seen from `scope` (at `use_line`, for module-level code)."""
        for frame in scope.lookup_chain():
            bindings = [b for b in frame.bindings.get(name, []) if b.kind != "annotation"]
            if frame is scope and frame.parent is None and use_line is not None:
                # Module-level code sees only what was bound above it.
                before = [b for b in bindings if self._line(module, b) < use_line]
                if before or not bindings:
                    bindings = before
            if bindings and frame.parent is None and name in self._changed_in_functions(module, frame):
                return Value.unknown(None, f"{name} is changed inside a function")
            if bindings:
                if any(b.conditional for b in bindings) or not self._foldable(bindings):
                    value = self._walked(module, frame, name, use_line if frame is scope else None)
                else:
                    value = self._from_bindings(module, name, bindings)
                return self._with_writes(module, frame, name, value, use_line if frame is scope else None)
            star = self._from_star_imports(module, frame, name)
            if star is not None:
                return self._with_writes(module, frame, name, star, use_line if frame is scope else None)
        return Value.unknown(None, f"{name} is not bound")

    def _environment_writes(self, module) -> set:
        """Variables the module writes into the environment (`os.environ["X"] = ...`,
        `os.environ.setdefault("X", ...)` as a statement, `os.environ.update(...)`,
        `os.putenv`): a default read there may never apply. ANY when the name is not known."""
        cached = self._env_written.get(id(module))
        if cached is not None:
            return cached
        written: set = set()
        if _WRITES_ENVIRONMENT.search(module.source.text):
            resolver = self

            class _Writes(cst.CSTVisitor):
                def _name(self, node) -> None:
                    found = resolver.resolve(module, node, module.scopes.module_scope) if node is not None else None
                    written.add(found.data if found is not None and found.kind == "str" else ANY)

                def _is_environ(self, node) -> bool:
                    return (resolver.qualify(module, node, module.scopes.module_scope) or "") in ("os.environ",)

                def visit_Assign(self, node: cst.Assign) -> None:
                    for target in node.targets:
                        if isinstance(target.target, cst.Subscript) and self._is_environ(target.target.value):
                            index = target.target.slice[0].slice
                            self._name(index.value if isinstance(index, cst.Index) else None)

                def visit_Expr(self, node: cst.Expr) -> None:
                    call = node.value
                    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
                        return
                    method = call.func.attr.value
                    if method == "setdefault" and self._is_environ(call.func.value):
                        self._name(call.args[0].value if call.args else None)
                    elif method == "update" and self._is_environ(call.func.value):
                        written.add(ANY)
                    elif method == "putenv" and (resolver.qualify(module, call.func, module.scopes.module_scope)
                                                 == "os.putenv"):
                        self._name(call.args[0].value if call.args else None)

            module.tree.visit(_Writes())
        self._env_written[id(module)] = written
        return written

    def _changed_in_functions(self, module, frame: Scope) -> set:
        """Module-level names that a function changes in place or rebinds through `global`
        (`ORIGINS.append(...)`, `ORIGINS[:] = ...`, `global ORIGINS`): their module-level
        value may not be what a reader sees, so they are unknown."""
        cached = self._escaped.get(id(module))
        if cached is not None:
            return cached
        changed: set = set()
        for scope in module.scopes.by_node.values():
            if scope is frame or scope.is_class:
                continue
            for name, bindings in scope.bindings.items():
                kinds = {b.kind for b in bindings}
                if any(isinstance(b.node, cst.Global) for b in bindings) or ("mutate" in kinds and kinds <= {"mutate"}):
                    changed.add(name)
        self._escaped[id(module)] = changed
        return changed

    def _line(self, module, binding: Binding) -> int:
        try:
            return module.position(binding.node).start.line
        except (KeyError, TypeError):
            return 0

    @staticmethod
    def _foldable(bindings: List[Binding]) -> bool:
        return len(bindings) == 1 or (bindings[0].kind == "assign" and
                                      all(b.kind in ("augassign", "mutate") for b in bindings[1:]))

    def _walked(self, module, frame: Scope, name: str, stop_line: Optional[int]) -> Value:
        """A name bound in branches (or rebound): the binding this world's run reaches."""
        body = scope_body(frame)
        bindings = [b for b in frame.bindings.get(name, []) if b.kind != "annotation"]
        if body is None or any(b.node is None or isinstance(b.node, _INSIDE_STATEMENTS) for b in bindings):
            # A walrus, `with ... as`, `except ... as` binds inside a statement the walk
            # does not look into.
            return Value.unknown(None, f"{name} is bound more than once")
        key = ("walk", id(frame), name)
        if key in self._active:  # a test of the branch reads the name being followed
            self._touched += 1
            return Value.unknown(None, "cycle")
        self._active.add(key)
        try:
            walk = BlockWalk(self, module, frame, bindings, stop_line)
            walk.block(body)
        finally:
            self._active.discard(key)
        if walk.unknown or not walk.events:
            return Value.unknown(None, f"{name} is set conditionally")
        value = self._binding_value(module, name, walk.events[0])
        env = _env_marker(value)
        if env is not None and f"when {env} is unset or empty" in walk.taken:
            return Value.unknown(None, f"{env} is unset or empty here")  # None or "", not a string
        for binding in walk.events[1:]:
            value = self.apply_update(module, value, binding)
        return value.with_conditions(walk.conditions) if value.is_known else value

    def _from_bindings(self, module, name: str, bindings: List[Binding]) -> Value:
        first = bindings[0]
        if len(bindings) == 1:
            return self._binding_value(module, name, first)
        # An assignment extended in order (`X = [...]`, `X += [...]`, `X.append(...)`),
        # nothing conditional: fold it.
        if first.kind != "assign" or any(b.conditional for b in bindings) \
                or any(b.kind not in ("augassign", "mutate") for b in bindings[1:]):
            return Value.unknown(None, f"{name} is bound more than once")
        value = self._binding_value(module, name, first)
        for binding in bindings[1:]:
            value = self.apply_update(module, value, binding)
        return value

    def apply_update(self, module, value: Value, binding: Binding) -> Value:
        """Apply `X += ...` or `X.append(...)`/`.extend`/`.insert` to a known sequence."""
        if binding.kind == "mutate" and binding.op == "setitem":
            return self._set_item(module, value, binding)
        if binding.kind == "mutate" and not isinstance(binding.value, cst.Call):
            return Value.unknown(value.span)  # `del ORIGINS[0]`
        if value.kind not in SEQUENCE_KINDS:
            return Value.unknown(value.span)
        items = list(value.items())
        if binding.kind == "augassign" and binding.op == "AddAssign":
            extra = self.resolve(module, binding.value, binding.scope)
            if extra.kind not in SEQUENCE_KINDS:
                return Value.unknown(value.span)
            return Value(value.kind, items + extra.items(), value.span, value.conditions + extra.conditions,
                         complete=value.complete and extra.complete)
        if binding.kind == "mutate":
            call: cst.Call = binding.value
            args = [self.resolve(module, a.value, binding.scope) for a in call.args]
            if binding.op in ("append", "add") and len(args) == 1:
                return Value(value.kind, items + args, value.span, value.conditions, complete=value.complete)
            if binding.op == "extend" and len(args) == 1 and args[0].kind in SEQUENCE_KINDS:
                return Value(value.kind, items + args[0].items(), value.span, value.conditions,
                             complete=value.complete and args[0].complete)
            if binding.op == "insert" and len(args) == 2 and args[0].kind == "int":
                items.insert(args[0].data, args[1])
                return Value(value.kind, items, value.span, value.conditions, complete=value.complete)
            if binding.op == "remove" and len(args) == 1 and args[0].kind == "str":
                kept = [i for i in items if not (i.kind == "str" and i.data == args[0].data)]
                return Value(value.kind, kept, value.span, value.conditions, complete=value.complete)
        return Value.unknown(value.span)

    def _set_item(self, module, value: Value, binding: Binding) -> Value:
        """`D["key"] = value` on a known dict: the entry replaced or added."""
        assign = binding.value
        target = next((t.target for t in getattr(assign, "targets", ()) if isinstance(t.target, cst.Subscript)), None)
        if value.kind != "dict" or target is None or len(target.slice) != 1 \
                or not isinstance(target.slice[0].slice, cst.Index):
            return Value.unknown(value.span)
        key = self.resolve(module, target.slice[0].slice.value, binding.scope)
        if key.kind != "str":
            return Value.unknown(value.span)
        item = _with_key_span(self.resolve(module, assign.value, binding.scope), module.span(assign))
        pairs = [(k, v) for k, v in value.data if not (k.kind == "str" and k.data == key.data)]
        return replace(value, data=pairs + [(key, item)])

    def _binding_value(self, module, name: str, binding: Binding) -> Value:
        if id(binding) in self._active:
            self._touched += 1
            return Value.unknown(None, "cycle")
        self._active.add(id(binding))
        try:
            if binding.kind == "assign":
                value = self.resolve(module, binding.value, binding.scope)
                if value.via is None and value.is_known:
                    value = replace(value, via=name)
                return value
            if binding.kind == "import":
                return self._import(module, binding)
            if binding.kind == "class":
                return Value("class", (module, binding.node), module.span(binding.node))
            if binding.kind == "def":
                return Value("function", (module, binding.node), module.span(binding.node))
            return Value.unknown(None, f"{name} cannot be resolved statically")
        finally:
            self._active.discard(id(binding))

    def single_binding(self, module, scope: Scope, name: str) -> Optional[Binding]:
        for frame in scope.lookup_chain():
            bindings = [b for b in frame.bindings.get(name, []) if b.kind != "annotation"]
            if bindings:
                return bindings[0] if len(bindings) == 1 else None
        return None

    # ------------------------------------------------------------------ imports
    def _absolute(self, module, qualified: str, level: int) -> str:
        if level == 0:
            return qualified
        base = (module.module_name or "").split(".") if module.module_name else []
        # A module's package is its name minus the last part (unless it is a package itself).
        if module.source.abspath and not module.source.abspath.endswith("__init__.py"):
            base = base[:-1]
        if level > 1:
            base = base[: len(base) - (level - 1)] if len(base) >= level - 1 else []
        return ".".join([*base, qualified]) if base else qualified

    def _import(self, module, binding: Binding) -> Value:
        qualified = binding.qualified or ""
        target = self.project.find_module(qualified, binding.level, module)
        if target is not None:
            return Value("module", target, None)
        # `from pkg.mod import NAME`: find pkg.mod, then NAME inside it.
        head, _, attr = qualified.rpartition(".")
        if head or binding.level:
            owner = self.project.find_module(head, binding.level, module)
            if owner is not None:
                return self.module_attribute(owner, attr)
        return Value.unknown(None, f"{qualified} is outside the project")

    def module_attribute(self, target: "ParsedModule", name: str) -> Value:
        return self.lookup(target, target.scopes.module_scope, name)

    def _from_star_imports(self, module, frame: Scope, name: str) -> Optional[Value]:
        for star_module, level, _order, _conditional in reversed(frame.star_imports):
            target = self.project.find_module(star_module, level, module)
            if target is None or id(target) in self._active:
                self._touched += target is not None
                continue
            self._active.add(id(target))
            try:
                value = self.lookup(target, target.scopes.module_scope, name)
            finally:
                self._active.discard(id(target))
            if value.is_known:
                return value
        return None

    # ------------------------------------------------------------------ attributes
    def _attribute(self, module, node: cst.Attribute, scope, span) -> Value:
        owner = self.resolve(module, node.value, scope)
        attr = node.attr.value
        changed = self.changed_attribute(owner, attr)
        if changed is not None:
            return changed.with_conditions(owner.conditions) if changed.is_known else changed
        if owner.kind == "module":
            return self.module_attribute(owner.data, attr)
        if owner.kind in ("class", "instance"):
            found = self.class_attribute(owner, attr, instance=owner.kind == "instance",
                                         env_file=_env_file_of(owner))
            # A nested model reached through a settings field holds under that field's condition.
            return found.with_conditions(owner.conditions) if found.is_known else found
        return Value.unknown(span)

    # ------------------------------------------------------------------ object state
    def _with_writes(self, module, frame: Scope, name: str, value: Value, use_line: Optional[int]) -> Value:
        """An object bound to `name` in `frame`, with the attribute writes that code in that
        scope makes to it (`settings.origins = [...]`): a plain write run before the use is
        followed, any other write (in a function, under a branch, a mutation) makes that
        attribute unknown."""
        if value.kind not in ("instance", "class", "module") or frame.is_class:
            return value
        if not may_write_attributes(module.source.text, name):
            return value
        writes = attribute_writes(module, frame.node).get(name)
        if not writes:
            return value
        changed = list(value.attributes)
        for write in writes:
            if write.plain:
                if use_line is not None and self.line_of(module, write.statement) >= use_line:
                    continue
                changed.append((write.attr, Value("deferred", (module, write.value, frame, None))))
            else:
                changed.append((write.attr, Value.unknown(None, f"{name}.{write.attr} is changed where "
                                                                "corslint does not follow")))
        return replace(value, attributes=tuple(changed))

    def changed_attribute(self, owner: Value, attr: str) -> Optional[Value]:
        """The value of `owner.attr` set after the object was made, or None when nothing
        changed it (its definition holds)."""
        for name, value in reversed(owner.attributes):
            if name == attr or name == ANY:
                return self._settle(value)
        return None

    def _settle(self, value: Value) -> Value:
        if value.kind != "deferred":
            return value
        module, node, scope, frame = value.data
        if frame is None:
            return self.resolve(module, node, scope)
        with self.names_bound(frame):
            return self.resolve(module, node, scope)

    def _find_method(self, owner: Value, names: Tuple[str, ...], _depth: int = 0):
        """The first method of `names` defined by the class or a base inside the project:
        (module, funcdef), or None."""
        target_module, classdef = owner.data
        class_scope = target_module.scopes.scope_of(classdef)
        if class_scope is not None:
            for name in names:
                for binding in class_scope.bindings.get(name, []):
                    if binding.kind == "def":
                        return target_module, binding.node
        if _depth > 10:
            return None
        for base in classdef.bases:
            base_value = self.resolve(target_module, base.value, self.scope_at(target_module, classdef))
            if base_value.kind == "class":
                found = self._find_method(base_value, names, _depth + 1)
                if found is not None:
                    return found
        return None

    def _classes(self, owner: Value, _depth: int = 0):
        """The class and its bases inside the project, nearest first."""
        yield owner.data
        if _depth > 10:
            return
        target_module, classdef = owner.data
        for base in classdef.bases:
            base_value = self.resolve(target_module, base.value, self.scope_at(target_module, classdef))
            if base_value.kind == "class":
                yield from self._classes(base_value, _depth + 1)

    def _field_class(self, owner: Value) -> Optional[str]:
        """"settings" for pydantic-settings, "fields" for a class whose constructor takes its
        fields as keywords (pydantic model, dataclass, attrs), None for a plain class."""
        for target_module, classdef in self._classes(owner):
            if self._is_settings_class(target_module, classdef):
                return "settings"
        for target_module, classdef in self._classes(owner):
            scope = self.scope_at(target_module, classdef)
            for decorator in classdef.decorators:
                node = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
                name = self.qualify(target_module, node, scope) or ""
                if name in FIELD_CLASS_DECORATORS:
                    return "fields"
            for base in classdef.bases:
                name = self.qualify(target_module, base.value, scope) or ""
                if name in MODEL_BASES:
                    return "fields"
        return None

    def _instance(self, module, call: cst.Call, scope, cls: Value, span) -> Value:
        """`Settings()`, `Settings(origins=[...])`, `Settings(_env_file=".env")`, `Config()`
        whose `__init__` sets `self.origins`: an instance whose attributes are what the
        constructor leaves (unknown where it is not followed)."""
        if any(arg.star for arg in call.args):
            return Value.unknown(span)
        kind = self._field_class(cls)
        attributes: List[Tuple[str, Value]] = list(cls.attributes)
        initialiser = self._find_method(cls, ("__init__",))
        if initialiser is None:
            for arg in call.args:
                if kind is None or arg.keyword is None:
                    return Value.unknown(span)  # object() takes no arguments; positional fields not mapped
                key = arg.keyword.value
                if key.startswith("_"):
                    if kind != "settings":
                        return Value.unknown(span)
                    # pydantic-settings source options (`_env_file`, `_secrets_dir`, ...) set no field.
                    given = self.resolve(module, arg.value, scope)
                    if key == "_env_file":
                        attributes.append(("(env file)", given))
                    elif key == "_env_prefix":
                        return Value.unknown(span)
                    continue
                attributes.append((key, self.resolve(module, arg.value, scope)))
            if kind is not None:
                attributes += [(name, Value.unknown(None, "an alias may take it"))
                               for name in self._aliased_fields(cls) if call.args]
        else:
            init_module, funcdef = initialiser
            frame = self._bind_parameters(module, call, scope, init_module, funcdef)
            if frame is None:
                return Value.unknown(span)
            attributes += self._initialiser_writes(init_module, funcdef, frame, cls)
        post = self._find_method(cls, ("__post_init__", "__attrs_post_init__", "model_post_init"))
        if post is not None:
            attributes += self._initialiser_writes(post[0], post[1], {}, cls, attributes)
        # Attributes any other method assigns (a validator, a `reload()`) may differ.
        for target_module, classdef in self._classes(cls):
            for statement in classdef.body.body:
                if not isinstance(statement, cst.FunctionDef) or statement is initialiser \
                        or (post is not None and statement is post[1]) or statement.name.value == "__init__":
                    continue
                self_name = _first_parameter(statement)
                for write in attribute_writes(target_module, statement).get(self_name or "", []):
                    attributes.append((write.attr, Value.unknown(None, f"{statement.name.value}() sets it")))
                for attr in self._validated(target_module, statement):
                    attributes.append((attr, Value.unknown(None, f"the validator {statement.name.value}() may change it")))
        return Value("instance", cls.data, span, attributes=tuple(attributes))

    def _bind_parameters(self, module, call: cst.Call, scope, init_module, funcdef: cst.FunctionDef):
        """The `__init__` parameters (after self) bound to the call's arguments, or to their
        defaults; None when an argument cannot be placed."""
        params = funcdef.params
        named = [*params.posonly_params, *params.params][1:]
        frame: Dict[str, Value] = {}
        positional = [arg for arg in call.args if arg.keyword is None]
        keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
        if len(positional) > len(named) and not isinstance(params.star_arg, cst.Param):
            return None
        outer = self.scope_at(init_module, funcdef)
        outer = outer.parent or outer
        for index, param in enumerate([*named, *params.kwonly_params]):
            name = param.name.value
            if index < len(positional) and param in named:
                frame[name] = self.resolve(module, positional[index].value, scope)
            elif name in keywords:
                frame[name] = self.resolve(module, keywords.pop(name).value, scope)
            elif param.default is not None:
                frame[name] = self.resolve(init_module, param.default, outer)
            else:
                return None
        if keywords and not isinstance(params.star_kwarg, cst.Param):
            return None
        if isinstance(params.star_arg, cst.Param):
            frame[params.star_arg.name.value] = Value.unknown() if len(positional) > len(named) else Value("tuple", [])
        if isinstance(params.star_kwarg, cst.Param):
            frame[params.star_kwarg.name.value] = Value.unknown() if keywords else Value("dict", [])
        return frame

    def _initialiser_writes(self, module, funcdef: cst.FunctionDef, frame: Dict[str, Value], cls: Value,
                            before: Optional[List[Tuple[str, Value]]] = None) -> List[Tuple[str, Value]]:
        """What `__init__` (or `__post_init__`) leaves in `self.<attr>`: a plain assignment
        in its body is followed, with the parameters bound; anything else makes the
        attribute unknown, and `self` handed to other code makes every attribute unknown."""
        self_name = _first_parameter(funcdef)
        if self_name is None:
            return [(ANY, Value.unknown(None, "no self"))]
        scope = self.scope_at(module, funcdef)
        changed: List[Tuple[str, Value]] = []
        if bare_uses(funcdef, self_name):
            changed.append((ANY, Value.unknown(None, f"{funcdef.name.value}() hands self to other code")))
        for statement in _super_calls(funcdef):
            # `super().__init__(**values)` passes nothing when the call gave no extra arguments.
            passed = [arg for arg in statement.args
                      if not (arg.star and isinstance(arg.value, cst.Name) and arg.value.value in frame
                              and frame[arg.value.value].kind in ("tuple", "dict") and not frame[arg.value.value].data)]
            if passed:
                changed.append((ANY, Value.unknown(None, "the base class's __init__ takes arguments")))
        for write in attribute_writes(module, funcdef).get(self_name, []):
            if write.plain:
                current = dict(frame)
                current[self_name] = Value("instance", cls.data,
                                           attributes=tuple([*cls.attributes, *(before or ()), *changed]))
                changed.append((write.attr, Value("deferred", (module, write.value, scope, current))))
            else:
                changed.append((write.attr, Value.unknown(None, f"{funcdef.name.value}() changes it conditionally")))
        return changed

    def _aliased_fields(self, cls: Value) -> List[str]:
        """Fields declared with an alias: a constructor keyword may set them by that name."""
        found = []
        for target_module, classdef in self._classes(cls):
            for statement in classdef.body.body:
                for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                            and isinstance(small.value, cst.Call) \
                            and any(a.keyword is not None and a.keyword.value in ("alias", "validation_alias")
                                    for a in small.value.args):
                        found.append(small.target.value)
        return found

    def _validated(self, module, funcdef: cst.FunctionDef) -> List[str]:
        """The fields a pydantic validator may change even when they keep their default:
        a model/root validator changes what it names; a field validator runs on a default
        only with `always=True` (v1) or `validate_default=True` (v2), taken here as named."""
        scope = self.scope_at(module, funcdef)
        names: List[str] = []
        for decorator in funcdef.decorators:
            node = decorator.decorator
            call = node if isinstance(node, cst.Call) else None
            qualified = self.qualify(module, call.func if call else node, scope) or ""
            short = qualified.rsplit(".", 1)[-1]
            if short in ("root_validator", "model_validator"):
                mentioned = _mentioned_names(funcdef)
                names += [ANY] if mentioned is None else mentioned
            elif short in ("validator", "field_validator") and call is not None:
                runs_on_default = short == "field_validator" or any(
                    a.keyword is not None and a.keyword.value == "always" for a in call.args)
                if not runs_on_default:
                    continue
                for arg in call.args:
                    if arg.keyword is None:
                        field = self.resolve(module, arg.value, scope)
                        names += [ANY if field.data == "*" else field.data] if field.kind == "str" else [ANY]
        return names

    def _getattr(self, module, node: cst.Call, scope, span) -> Value:
        """`getattr(settings, "CORS_ORIGINS", [...])`: the attribute when it is known, the
        default when the object certainly lacks it, else unknown."""
        if self.qualify(module, node.args[0].value, scope) == "django.conf.settings":
            # Django fills its run-time settings object from the settings module: what
            # django.conf's own source binds says nothing about it (and resolving into
            # Django's source, when it lies in the tree, is costly).
            return Value.unknown(span)
        owner = self.resolve(module, node.args[0].value, scope)
        name = self.resolve(module, node.args[1].value, scope)
        if name.kind != "str" or owner.kind not in ("instance", "class", "module"):
            return Value.unknown(span)
        changed = self.changed_attribute(owner, name.data)
        if changed is not None:
            return changed
        if owner.kind == "module":
            found = self.module_attribute(owner.data, name.data)
        else:
            found = self.class_attribute(owner, name.data, instance=owner.kind == "instance",
                                         env_file=_env_file_of(owner))
        if found.is_known or len(node.args) == 2:
            return found.with_conditions(owner.conditions) if found.is_known else found
        if self._lacks(owner, name.data):
            return self.resolve(module, node.args[2].value, scope)
        return Value.unknown(span)

    def _lacks(self, owner: Value, attr: str) -> bool:
        """Whether the object certainly has no attribute `attr`: nothing binds it in the
        module (no star import, no module `__getattr__`) or in the class and its bases, all
        inside the project, and no method or later write sets it."""
        if owner.kind == "module":
            scope = owner.data.scopes.module_scope
            return attr not in scope.bindings and "__getattr__" not in scope.bindings and not scope.star_imports
        for target_module, classdef in self._classes(owner):
            class_scope = target_module.scopes.scope_of(classdef)
            if class_scope is None or attr in class_scope.bindings or "__getattr__" in class_scope.bindings \
                    or "__getattribute__" in class_scope.bindings:
                return False
            outer = self.scope_at(target_module, classdef)
            for base in classdef.bases:
                if self.resolve(target_module, base.value, outer).kind != "class" and \
                        self.qualify(target_module, base.value, outer) != "object":
                    return False  # a base outside the project may define it
            for statement in classdef.body.body:
                if isinstance(statement, cst.FunctionDef):
                    self_name = _first_parameter(statement) or ""
                    if any(w.attr in (attr, ANY) for w in attribute_writes(target_module, statement).get(self_name, [])):
                        return False
            if classdef.decorators and self._field_class(owner) is None:
                return False  # an unknown class decorator may add attributes
        return True

    def _has_initialiser(self, owner: Value, _depth: int = 0) -> bool:
        target_module, classdef = owner.data
        class_scope = target_module.scopes.scope_of(classdef)
        if class_scope is not None and any(name in class_scope.bindings for name in ("__init__", "__post_init__")):
            return True
        if _depth > 10:
            return True
        for base in classdef.bases:
            base_value = self.resolve(target_module, base.value, self.scope_at(target_module, classdef))
            if base_value.kind == "class" and self._has_initialiser(base_value, _depth + 1):
                return True
        return False

    def class_attribute(self, owner: Value, attr: str, _seen: int = 0, instance: bool = False,
                        env_file: Optional[str] = None) -> Value:
        target_module, classdef = owner.data
        class_scope = target_module.scopes.scope_of(classdef)
        if class_scope is None or _seen > 10:
            return Value.unknown()
        bindings = class_scope.bindings.get(attr, [])
        if instance and len(bindings) == 1 and bindings[0].kind == "def" \
                and self._is_property(target_module, bindings[0].node, class_scope):
            # `@property` / `@cached_property` returning a known value (`self` is this object).
            funcdef = bindings[0].node
            self_name = _first_parameter(funcdef)
            with self.names_bound({self_name: owner} if self_name else {}):
                return self._function_result(Value("function", (target_module, funcdef)),
                                             target_module.span(funcdef))
        if bindings:
            values = [b for b in bindings if b.kind != "annotation"]
            if len(values) > 1 or any(b.conditional for b in values):
                return Value.unknown()  # rebound, or bound under if/try: not one known value
            binding = bindings[-1] if all(b.kind in ("assign", "annotation") for b in bindings) else None
            if binding is None or binding.kind != "assign":
                return Value.unknown()
            value = self.resolve(target_module, binding.value, binding.scope)
            value = self._field_default(target_module, binding.value, binding.scope, value)
            if value.is_known and self._is_settings_class(target_module, classdef):
                env, configured_file = self._settings_env_name(target_module, classdef, binding.value,
                                                               binding.scope, attr)
                source = env_file or configured_file
                where = f"the environment or the env file {source}" if source else "the environment"
                value = value.with_conditions(
                    (f"the default of {classdef.name.value}.{attr}, used unless {where} sets {env}",))
            return value
        for base in classdef.bases:
            base_value = self.resolve(target_module, base.value, self.scope_at(target_module, classdef))
            if base_value.kind == "class":
                found = self.class_attribute(base_value, attr, _seen + 1, instance=instance, env_file=env_file)
                if found.is_known:
                    return found
        return Value.unknown()

    def _is_property(self, module, funcdef: cst.FunctionDef, scope) -> bool:
        for decorator in funcdef.decorators:
            name = self.qualify(module, decorator.decorator, scope) or ""
            if name in ("property", "functools.cached_property", "cached_property") \
                    or name.endswith(".cached_property"):
                return True
        return False

    def _field_default(self, module, node, scope, value: Value) -> Value:
        """The default of `Field(default=...)`, `field(default_factory=lambda: [...])`,
        `attr.ib(factory=list)` and the like; `value` when the node is no field call."""
        if not isinstance(node, cst.Call):
            return value
        callee = self.callee(module, node, scope)
        if callee in FACTORY_WRAPPERS and node.args:  # `origins: list = attr.Factory(lambda: [...])`
            return self._factory_result(module, node.args[0].value, scope)
        if callee not in FIELD_FACTORIES:
            return value
        keywords = {arg.keyword.value: arg.value for arg in node.args if arg.keyword is not None}
        if "default" in keywords:
            return self.resolve(module, keywords["default"], scope)
        for name in ("default_factory", "factory"):
            if name in keywords:
                return self._factory_result(module, keywords[name], scope)
        if node.args and node.args[0].keyword is None:
            first = node.args[0].value
            if isinstance(first, cst.Call) and self.callee(module, first, scope) in FACTORY_WRAPPERS and first.args:
                return self._factory_result(module, first.args[0].value, scope)
            if not (isinstance(first, cst.Ellipsis)):
                return self.resolve(module, first, scope)
        return Value.unknown()

    def _factory_result(self, module, factory: cst.BaseExpression, scope) -> Value:
        """What calling a default factory returns: a lambda's body, a project function's
        return value, or an empty container for `list`/`dict`/..."""
        if isinstance(factory, cst.Lambda):
            return self.resolve(module, factory.body, self.scope_at(module, factory))
        qualified = self.qualify(module, factory, scope)
        if qualified in EMPTY_FACTORIES:
            kind = EMPTY_FACTORIES[qualified]
            return Value(kind, [], module.span(factory))
        target = self.resolve(module, factory, scope)
        if target.kind == "function":
            return self._function_result(target, module.span(factory))
        if target.kind == "class":  # `Field(default_factory=ProjectSettings)`: a fresh instance
            return self._instance(module, cst.Call(func=factory), scope, target, module.span(factory))
        return Value.unknown(module.span(factory))

    def _settings_env_name(self, module, classdef: cst.ClassDef, node, scope, attr: str) -> Tuple[str, Optional[str]]:
        """The variable pydantic-settings reads for a field: its alias / `env=` if given, else
        the field name (matched case-insensitively) after the class's `env_prefix`; and the
        env file the class reads (`env_file=".env"`), if any."""
        name = None
        if isinstance(node, cst.Call):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in ("env", "validation_alias", "alias"):
                    given = self.resolve(module, arg.value, scope)
                    if given.kind == "str":
                        name = given.data
        prefix = ""
        env_file: Optional[str] = None
        class_scope = module.scopes.scope_of(classdef)
        config = None
        if class_scope is not None:
            for binding in class_scope.bindings.get("model_config", []):
                if isinstance(binding.value, cst.Call):
                    config = binding.value
            for binding in class_scope.bindings.get("Config", []):
                inner = module.scopes.scope_of(binding.node) if binding.kind == "class" else None
                if inner is not None:
                    for b in inner.bindings.get("env_prefix", []):
                        found = self.resolve(module, b.value, inner) if b.value is not None else Value.unknown()
                        if found.kind == "str":
                            prefix = found.data
                    for b in inner.bindings.get("env_file", []):
                        found = self.resolve(module, b.value, inner) if b.value is not None else Value.unknown()
                        env_file = _env_file_name(found)
        if config is not None:
            for arg in config.args:
                if arg.keyword is not None and arg.keyword.value == "env_prefix":
                    found = self.resolve(module, arg.value, class_scope)
                    if found.kind == "str":
                        prefix = found.data
                if arg.keyword is not None and arg.keyword.value == "env_file":
                    env_file = _env_file_name(self.resolve(module, arg.value, class_scope))
        return name or f"{prefix}{attr}".upper(), env_file

    def _is_settings_class(self, module, classdef: cst.ClassDef, _depth: int = 0) -> bool:
        scope = self.scope_at(module, classdef)
        for base in classdef.bases:
            qualified = self.qualify(module, base.value, scope) or ""
            if qualified in SETTINGS_BASES or qualified.endswith(".BaseSettings"):
                return True
            if _depth < 5:
                base_value = self.resolve(module, base.value, scope)
                if base_value.kind == "class" and self._is_settings_class(*base_value.data, _depth=_depth + 1):
                    return True
        return False

    def _subscript(self, module, node: cst.Subscript, scope, span) -> Value:
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return Value.unknown(span)
        container = self.resolve(module, node.value, scope)
        key = self.resolve(module, node.slice[0].slice.value, scope)
        if container.kind == "dict" and container.complete:
            chosen = self._chosen_by_environment(node, container, key, span)
            if chosen is not None:
                return chosen
        if container.kind == "dict" and container.complete and key.kind == "str":
            for k, v in reversed(container.data):
                if k.kind == "str" and k.data == key.data:
                    return v
        if container.kind in SEQUENCE_KINDS and container.complete and key.kind == "int":
            items = container.items()
            if -len(items) <= key.data < len(items):
                return items[key.data]
        return Value.unknown(span)

    def _chosen_by_environment(self, node, container: Value, key: Value, span) -> Optional[Value]:
        """`CONFIGS[os.getenv("APP_ENV", "production")]`: an entry chosen by an environment
        variable. Each entry a deployment can select is a possibility: the default's entry
        "when APP_ENV is unset", whatever it is called (a deployment that sets nothing gets
        it, as with `f"config.{env}"`), every other one "when APP_ENV is 'staging'", except
        development-only keys, which a deployment selects on purpose. None when the key does
        not come from the environment."""
        env = env_string_name(key) if not key.is_known else None
        unset = None
        if key.kind == "str":
            for condition in key.conditions:
                found = _UNSET.match(condition)
                if found:
                    env, unset = found.group(1), condition
                    break
        if env is None:
            return None
        entries: Dict[str, Value] = {}
        for entry_key, entry_value in container.data:
            if entry_key.kind != "str":
                return Value.unknown(span)
            entries[entry_key.data] = entry_value
        names = list(entries)
        arms: List[Arm] = []
        for name in names:
            development = bool(DEVELOPMENT_NAME.search(name)) and not PRODUCTION_NAME.search(name)
            if unset is not None and name == key.data:
                arms.append(Arm((), (unset,)))
            else:
                arms.append(Arm((), (f"when {env} is {name!r}",), development=development,
                                refutes=(unset,) if unset else ()))
        index = self.choose(node, arms)
        if index is None:
            return Value.unknown(span, f"chosen by {env}")
        return entries[names[index]].with_conditions(arms[index].condition)

    # ------------------------------------------------------------------ calls
    def _call(self, module, node: cst.Call, scope, span) -> Value:
        func = node.func
        if _names_split(func) and self._is_re_split(module, func, scope):
            return self._re_split(module, node, scope, span)
        # Methods on a known string: "a,b".split(","), " x ".strip(), ",".join([...]).
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in ("split", "rsplit", "join", "replace", "format", "removeprefix", "removesuffix") \
                    or method in _STR_METHODS:
                receiver = self.resolve(module, func.value, scope)
                if receiver.kind == "str":
                    return self._str_method(module, node, scope, receiver, method, span)
                if receiver.kind == "unknown" and _env_marker(receiver) is None:
                    return Value.unknown(span)
            if method in ("items", "keys", "values") and not node.args:
                receiver = self.resolve(module, func.value, scope)
                if receiver.kind == "dict":
                    return _dict_view(receiver, method, span)
            if method in ENV_TYPED_METHODS:
                reader = self.resolve(module, func.value, scope)
                if reader.kind == "env-config":
                    return self._env_read(module, node, scope, span, typed=ENV_TYPED_METHODS[method],
                                          splitter=method in ("list", "tuple"), scheme=reader.data[1])
        qualified = self.callee(module, node, scope)
        if qualified in ENV_READERS:
            return self._env_read(module, node, scope, span, reader=qualified)
        if qualified in ENV_CONFIG_FACTORIES:
            # django-environ's scheme: Env(VAR=(type, default)) declares each variable's default.
            scheme = {}
            for arg in node.args:
                if arg.keyword is not None and isinstance(arg.value, cst.Tuple) and len(arg.value.elements) == 2:
                    scheme[arg.keyword.value] = (arg.value.elements[0].value, arg.value.elements[1].value, scope,
                                                 module)
            return Value("env-config", (qualified, scheme), span)
        if qualified in ("re.compile",):
            pattern = self.resolve(module, node.args[0].value, scope) if node.args else Value.unknown(span)
            flags = self.resolve(module, node.args[1].value, scope) if len(node.args) > 1 else \
                Value("int", 0)
            return Value("pattern", (pattern, flags), span, pattern.conditions)
        if qualified in ("list", "tuple", "set", "frozenset", "sorted") and len(node.args) == 1:
            inner = self.resolve(module, node.args[0].value, scope)
            if inner.kind == "dict" and inner.complete:  # iterating a dict gives its keys
                inner = Value("list", [k for k, _ in inner.data], inner.span, inner.conditions)
            if inner.kind in SEQUENCE_KINDS:
                kind = {"frozenset": "set", "sorted": "list"}.get(qualified, qualified)
                return Value(kind, inner.items(), span, inner.conditions, complete=inner.complete)
            return Value.unknown(span)
        if qualified == "str" and len(node.args) == 1:
            inner = self.resolve(module, node.args[0].value, scope)
            if inner.kind in ("int", "float"):
                return Value("str", str(inner.data), span, inner.conditions)
            return inner if inner.kind == "str" else Value.unknown(span)
        if qualified in ("int", "float", "bool") and len(node.args) == 1 and node.args[0].keyword is None:
            return self._convert(module, qualified, node.args[0].value, scope, span)
        if qualified == "dict":
            return self._dict_call(module, node, scope, span)
        if qualified == "getattr" and len(node.args) in (2, 3) and not any(a.star or a.keyword for a in node.args):
            return self._getattr(module, node, scope, span)
        if qualified in FIELD_FACTORIES:
            return self._field_default(module, node, scope, Value.unknown(span))
        # A callable defined in the project: a class (an instance), a configured env
        # reader, or a function that returns a value.
        target = self.resolve(module, func, scope)
        if target.kind == "class":
            return self._instance(module, node, scope, target, span)
        if target.kind == "env-config":
            return self._env_read(module, node, scope, span, reader="config-call", scheme=target.data[1])
        if target.kind == "function":
            return self._function_result(target, span, (module, node))
        return Value.unknown(span)

    def _convert(self, module, kind: str, node, scope, span) -> Value:
        """`int("600")`, `int(os.getenv("MAX_AGE", "600"))`, `float(...)`, `bool(...)`."""
        inner = self.resolve(module, node, scope)
        try:
            if kind == "bool":
                truth = inner.truth()
                return Value("bool", truth, span, inner.all_conditions()) if truth is not None else Value.unknown(span)
            if inner.kind in ("str", "int", "float", "bool"):
                result = int(inner.data) if kind == "int" else float(inner.data)
                return Value(kind, result, inner.span or span, inner.conditions)
        except (TypeError, ValueError, OverflowError):
            pass
        return Value.unknown(span)

    def _dict_call(self, module, node: cst.Call, scope, span) -> Value:
        """`dict(a=1, **other)` and `dict(mapping, key=...)`: a dict with each entry's span."""
        pairs: List[Tuple[Value, Value]] = []
        complete = True
        for arg in node.args:
            if arg.keyword is not None:
                value = _with_key_span(self.resolve(module, arg.value, scope), module.span(arg))
                pairs.append((Value("str", arg.keyword.value, module.span(arg.keyword)), value))
                continue
            inner = self.resolve(module, arg.value, scope)
            if inner.kind == "dict":
                pairs.extend(inner.data)
                complete = complete and inner.complete
            else:
                complete = False
        return Value("dict", pairs, span, literal=True, complete=complete)

    def _returns_of(self, funcdef: cst.FunctionDef) -> List[cst.Return]:
        returns = self._returns.get(id(funcdef))
        if returns is not None:
            return returns
        returns = self._returns[id(funcdef)] = []

        class _Returns(cst.CSTVisitor):
            def visit_FunctionDef(self, node):  # nested functions return for themselves
                return node is funcdef

            def visit_Lambda(self, node):
                return False

            def visit_Return(self, node):
                returns.append(node)

        funcdef.visit(_Returns())
        return returns

    def _function_result(self, target: Value, span: Span, call=None) -> Value:
        target_module, funcdef = target.data
        returns = self._returns_of(funcdef)
        scope = self.scope_at(target_module, funcdef)
        if len(returns) == 1 and returns[0].value is not None:
            return self._at_call_site(self.resolve(target_module, returns[0].value, scope), scope, call,
                                      self.line_of(target_module, returns[0]))
        if not returns or len(returns) > 8 or not isinstance(funcdef.body, cst.IndentedBlock):
            return Value.unknown(span)
        # Several returns: the one this world's run of the body reaches.
        walk = BlockWalk(self, target_module, scope, (), returns=returns)
        walk.block(funcdef.body.body)
        if walk.unknown or walk.returned is None or walk.returned.value is None:
            return Value.unknown(span)
        value = self.resolve(target_module, walk.returned.value, scope).with_conditions(walk.conditions)
        return self._at_call_site(value, scope, call, self.line_of(target_module, walk.returned))

    def _at_call_site(self, value: Value, scope: Scope, call, line: int) -> Value:
        """A condition written in the called function's own names ("when `val in ("y",
        "yes")`", in a helper `is_truthy(arg)`) means nothing where the finding points: it is
        said as the call, as written there, and what it returns ("when
        `is_truthy(os.getenv("CORS_ALL", "False"))` returns True")."""
        if call is None or not value.all_conditions():
            return value
        local = set(scope.bindings)
        if not any(_names_local(c, local) for c in value.all_conditions()):
            return value
        caller, node = call
        said = f"when `{test_code(caller, node)}` {_returned_text(value, line)}"

        def rename(v: Value) -> Value:
            conditions = tuple(c for c in v.conditions if not _names_local(c, local))
            if len(conditions) != len(v.conditions) and said not in conditions:
                conditions += (said,)
            data = [rename(item) for item in v.data] if v.kind in SEQUENCE_KINDS else v.data
            return replace(v, conditions=conditions, data=data)

        return rename(value)

    def _format(self, module, node: cst.Call, scope, receiver: Value, span) -> Value:
        """`"https://{}.example.com".format(tenant)`: a string when every field is known,
        else a template whose unknown fields are None (like an f-string)."""
        if any(a.star for a in node.args):
            return Value.unknown(span)
        positional = [self.resolve(module, a.value, scope) for a in node.args if a.keyword is None]
        named = {a.keyword.value: self.resolve(module, a.value, scope) for a in node.args if a.keyword is not None}
        parts: List[Optional[str]] = []
        conditions = list(receiver.conditions)
        automatic = 0
        try:
            fields = list(string.Formatter().parse(receiver.data))
        except ValueError:
            return Value.unknown(span)
        for literal, field, spec, conversion in fields:
            parts.append(literal)
            if field is None:
                continue
            if field == "":
                field, automatic = str(automatic), automatic + 1
            head = field.split(".")[0].split("[")[0]
            value = positional[int(head)] if head.isdigit() and int(head) < len(positional) else named.get(head)
            if value is None:
                return Value.unknown(span)  # a field the call does not give: str.format raises
            if spec or conversion or head != field or value.kind not in ("str", "int", "float"):
                parts.append(None)
                continue
            parts.append(str(value.data))
            conditions += [c for c in value.conditions if c not in conditions]
        if any(p is None for p in parts):
            return Value.unknown(span, template_marker(parts, "format"))
        return Value("str", "".join(parts), span, tuple(conditions))

    def _is_re_split(self, module, func: cst.BaseExpression, scope) -> bool:
        """`re.split` / `from re import split` with the name bound by an import (a local
        `re` of the project's own is not the standard library's)."""
        dotted = dotted_name(func)
        if dotted is None:  # `make().split`
            return False
        binding = self.single_binding(module, scope, dotted.partition(".")[0])
        return binding is not None and binding.kind == "import" and self.qualify(module, func, scope) == "re.split"

    def _re_split(self, module, node: cst.Call, scope, span) -> Value:
        """`re.split(r",\\s*", os.environ.get("ORIGINS", "*"))` on known values: the real
        `re.split`, given only patterns whose backtracking is bounded small on this subject
        (the regex engine's own guard); anything else stays unknown."""
        from corslint.origins.regex_engine import DIRECT_LIMIT, backtracking_bound

        if any(a.star for a in node.args):
            return Value.unknown(span)
        names = ("pattern", "string", "maxsplit", "flags")
        given: Dict[str, cst.BaseExpression] = {}
        for index, arg in enumerate(node.args):
            name = arg.keyword.value if arg.keyword is not None else (names[index] if index < len(names) else None)
            if name not in names or name in given:
                return Value.unknown(span)
            given[name] = arg.value
        if "pattern" not in given or "string" not in given:
            return Value.unknown(span)
        pattern = self.resolve(module, given["pattern"], scope)
        text = self.resolve(module, given["string"], scope)
        maxsplit = self.resolve(module, given["maxsplit"], scope) if "maxsplit" in given else Value("int", 0, span)
        flags = self._re_flags(module, given["flags"], scope) if "flags" in given else 0
        if pattern.kind != "str" or text.kind != "str" or maxsplit.kind != "int" or flags is None \
                or isinstance(maxsplit.data, bool):
            return Value.unknown(span)
        bound = backtracking_bound(pattern.data, flags)
        # Splitting searches from every position: the `search` cost, as the engine counts it.
        if bound is None or bound[1] * (len(text.data) + 1) ** (bound[2] + 2) > DIRECT_LIMIT:
            return Value.unknown(span)
        try:
            parts = bound[0].split(text.data, maxsplit=maxsplit.data)
        except (TypeError, ValueError, re.error):
            return Value.unknown(span)
        if any(not isinstance(part, str) for part in parts):
            return Value.unknown(span)  # a capturing group that took no part gives None
        conditions = text.conditions + tuple(c for c in pattern.conditions + maxsplit.conditions
                                             if c not in text.conditions)
        return Value("list", [Value("str", part, text.span, conditions) for part in parts], span, conditions)

    def _re_flags(self, module, node: cst.BaseExpression, scope) -> Optional[int]:
        """`re.I`, `re.IGNORECASE | re.ASCII`, a known int: the flags' value; None otherwise."""
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            left, right = self._re_flags(module, node.left, scope), self._re_flags(module, node.right, scope)
            return None if left is None or right is None else left | right
        qualified = self.qualify(module, node, scope) if dotted_name(node) else None
        if qualified and qualified.startswith("re."):
            flag = getattr(re, qualified[3:], None)
            return int(flag) if isinstance(flag, re.RegexFlag) else None
        value = self.resolve(module, node, scope)
        return value.data if value.kind == "int" and not isinstance(value.data, bool) else None

    def _str_method(self, module, node: cst.Call, scope, receiver: Value, method: str, span) -> Value:
        if method == "format":
            return self._format(module, node, scope, receiver, span)
        args = [self.resolve(module, a.value, scope) for a in node.args if a.keyword is None]
        if any(not a.is_known for a in args):
            return Value.unknown(span)
        conditions = receiver.conditions
        text = receiver.data
        try:
            if method in ("split", "rsplit"):
                sep = args[0].data if args else None
                parts = text.split(sep) if method == "split" else text.rsplit(sep)
                item_span = receiver.span
                return Value("list", [Value("str", p, item_span, conditions) for p in parts], span, conditions)
            if method == "join":
                if not args or args[0].kind not in SEQUENCE_KINDS or not args[0].complete:
                    return Value.unknown(span)
                strings = [i.data for i in args[0].items() if i.kind == "str"]
                if len(strings) != len(args[0].items()):
                    return Value.unknown(span)
                return Value("str", text.join(strings), span, conditions + args[0].all_conditions())
            if method == "replace":
                return Value("str", text.replace(args[0].data, args[1].data), receiver.span, conditions)
            result = getattr(text, method)(*[a.data for a in args])
            return Value("str", result, receiver.span, conditions)
        except (TypeError, ValueError, IndexError, AttributeError):
            return Value.unknown(span)

    def _env_read(self, module, node: cst.Call, scope, span, reader: str = "", typed: Optional[str] = None,
                  splitter: bool = False, scheme: Optional[dict] = None) -> Value:
        positional = [a for a in node.args if a.keyword is None]
        keywords = {a.keyword.value: a for a in node.args if a.keyword is not None}
        name_arg = positional[0] if positional else keywords.get("key") or keywords.get("var")
        name = self.resolve(module, name_arg.value, scope) if name_arg is not None else Value.unknown()
        env_name = name.data if name.kind == "str" else UNNAMED_VARIABLE
        written = self._environment_writes(module)
        if env_name in written or ANY in written:
            return Value.unknown(span, f"the module itself sets {env_name}")
        default_node = None
        if "default" in keywords:
            default_node = keywords["default"].value
        else:
            index = ENV_READERS.get(reader, (0, 1))[1]
            if index is not None and len(positional) > index:
                default_node = positional[index].value
        cast = keywords.get("cast")
        if default_node is None and scheme and env_name in scheme:
            # The scheme may be declared in another module (`from .base import env`).
            cast_node, default_node, scheme_scope, scheme_module = scheme[env_name]
            declared = self.qualify(scheme_module, cast_node, scheme_scope) or ""
            typed = {"bool": "bool", "int": "int", "str": "str", "float": "float"}.get(declared, typed)
            splitter = splitter or declared in ("list", "tuple")
            default = self.resolve(scheme_module, default_node, scheme_scope)
            return self._typed_default(default, env_name, typed, splitter, span)
        if default_node is None:
            # Without a cast or a typed method, the reader returns a string (or None):
            # the marker lets rules know the type even though the value is unknown.
            if cast is None and typed in (None, "str") and not splitter:
                return Value("unknown", ("env", env_name), span)
            return Value.unknown(span)
        default = self.resolve(module, default_node, scope)
        if cast is not None:
            cast_name = self.qualify(module, cast.value, scope) or ""
            if isinstance(cast.value, cst.Call):
                cast_name = self.callee(module, cast.value, scope) or ""
            if cast_name in SPLITTING_CASTS or cast_name.endswith(".Csv") or \
                    cast_name.endswith("CommaSeparatedStrings"):
                splitter = True
            elif cast_name == "bool":
                typed = "bool"
            elif cast_name == "int":
                typed = "int"
            else:
                return Value.unknown(span)
        return self._typed_default(default, env_name, typed, splitter, span)

    @staticmethod
    def _typed_default(default: Value, env_name: str, typed: Optional[str], splitter: bool, span) -> Value:
        """The default an environment reader returns, converted as the reader would, with
        the condition under which it holds."""
        # An empty variable reads as the empty default: both give this value.
        unset = "unset or empty" if default.kind == "str" and default.data == "" else "unset"
        if splitter and default.kind == "str":
            default = Value("list", [Value("str", p.strip(), default.span, default.conditions)
                                     for p in default.data.split(",") if p.strip()],
                            default.span, default.conditions)
        elif typed == "bool" and default.kind == "str":
            default = Value("bool", default.data.strip().lower() in ("1", "true", "yes", "on", "t", "y"),
                            default.span, default.conditions)
        elif typed == "int" and default.kind == "str":
            try:
                default = Value("int", int(default.data), default.span, default.conditions)
            except ValueError:
                return Value.unknown(span)
        if not default.is_known:
            return default
        return default.with_conditions((f"when {env_name} is {unset}",))

    # ------------------------------------------------------------------ comprehensions
    def _comprehension(self, module, node, scope, span) -> Value:
        """`[o.strip() for o in ORIGINS if o]`, `{o for o in ...}`, `{k: v for k, v in D.items()}`
        and generators over known sequences (a dict iterates over its keys)."""
        comp: cst.CompFor = node.for_in
        if comp.inner_for_in is not None or comp.asynchronous is not None:
            return Value.unknown(span)
        source = self.resolve(module, comp.iter, scope)
        if source.kind == "dict" and source.complete:
            source = Value("list", [k for k, _ in source.data], source.span, source.conditions)
        if source.kind not in SEQUENCE_KINDS or not source.complete:
            return Value.unknown(span)
        items: List[Value] = []
        pairs: List[Tuple[Value, Value]] = []
        for item in source.items():
            bound = _unpack(comp.target, item)
            if bound is None:
                return Value.unknown(span)
            self._locals.append(bound)
            try:
                keep = True
                for condition in comp.ifs:
                    truth = self.resolve(module, condition.test, scope).truth()
                    if truth is None:
                        return Value.unknown(span)
                    keep = keep and truth
                if not keep:
                    continue
                if isinstance(node, cst.DictComp):
                    pairs.append((self.resolve(module, node.key, scope), self.resolve(module, node.value, scope)))
                else:
                    items.append(self.resolve(module, node.elt, scope))
            finally:
                self._locals.pop()
        if isinstance(node, cst.DictComp):
            if any(k.kind != "str" for k, _ in pairs):
                return Value.unknown(span)
            return Value("dict", pairs, span, source.conditions)
        kind = "set" if isinstance(node, cst.SetComp) else "list"
        return Value(kind, items, span, source.conditions)


def _unpack(target: cst.BaseExpression, item: Value) -> Optional[Dict[str, Value]]:
    """The names a `for` target binds to one item (`k, v` of a pair), or None."""
    if isinstance(target, cst.Name):
        return {target.value: item}
    if isinstance(target, (cst.Tuple, cst.List)) and item.kind in SEQUENCE_KINDS and item.complete:
        parts = item.items()
        if len(parts) != len(target.elements) or any(isinstance(e, cst.StarredElement) for e in target.elements):
            return None
        bound: Dict[str, Value] = {}
        for element, part in zip(target.elements, parts):
            inner = _unpack(element.value, part)
            if inner is None:
                return None
            bound.update(inner)
        return bound
    return None


_env_marker = env_string_name


def _first_parameter(funcdef: cst.FunctionDef) -> Optional[str]:
    params = [*funcdef.params.posonly_params, *funcdef.params.params]
    return params[0].name.value if params else None


def _super_calls(funcdef: cst.FunctionDef) -> List[cst.Call]:
    """`super().__init__(...)` calls in a method."""
    return [node for node in nodes_of(funcdef.body, cst.Call)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "__init__"
            and isinstance(node.func.value, cst.Call) and isinstance(node.func.value.func, cst.Name)
            and node.func.value.func.value == "super"]


def _mentioned_names(funcdef: cst.FunctionDef) -> Optional[List[str]]:
    """Names a validator mentions (attributes, strings, names), or None when it may touch
    any field (`setattr`, `__dict__`, `vars`, `values[key] = ...` with a computed key,
    `values.update(...)`)."""
    found: List[str] = []
    generic = []

    class _Mentions(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            found.append(node.attr.value)

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            try:
                value = literal_value(node)
            except Exception:
                return
            if isinstance(value, str):
                found.append(value)

        def visit_Name(self, node: cst.Name) -> None:
            if node.value in ("setattr", "__dict__", "vars"):
                generic.append(node.value)
            found.append(node.value)

        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            target = node.target
            if isinstance(target, cst.Subscript) and not (
                    len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index)
                    and isinstance(target.slice[0].slice.value, cst.SimpleString)):
                generic.append("computed key")

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "update":
                generic.append("update")

    funcdef.body.visit(_Mentions())
    return None if generic or "__dict__" in found else found


def _env_file_name(found: Value) -> Optional[str]:
    """How a message names the env file(s) a settings class reads."""
    if found.kind == "str":
        return found.data
    if found.kind in SEQUENCE_KINDS:
        names = [item.data for item in found.items() if item.kind == "str"]
        return " or ".join(names) if names else "an env file"
    if found.kind == "none":
        return None
    return "an env file"


def _env_file_of(owner: Value) -> Optional[str]:
    for name, value in owner.attributes:
        if name == "(env file)":
            return value.data if value.kind == "str" else "an env file"
    return None


def _dict_view(mapping: Value, method: str, span: Span) -> Value:
    """`D.items()` (pairs as 2-tuples), `D.keys()`, `D.values()` of a known dict (a key
    written twice keeps its first place and its last value, as in Python)."""
    entries: Dict[object, Tuple[Value, Value]] = {}
    for key, value in mapping.data:
        marker = (key.kind, key.data) if key.kind in ("str", "int", "bool", "none") else id(key)
        entries[marker] = (entries[marker][0] if marker in entries else key, value)
    pairs = list(entries.values())
    if method == "keys":
        items = [k for k, _ in pairs]
    elif method == "values":
        items = [v for _, v in pairs]
    else:
        items = [Value("tuple", [k, v], v.span or span) for k, v in pairs]
    return Value("list", items, span, mapping.conditions, complete=mapping.complete)


def _with_key_span(value: Value, key_span: Span) -> Value:
    return replace(value, entry_span=key_span)


def string_value(node: cst.SimpleString):
    """``node.evaluated_value`` without ``ast.literal_eval`` (a compile per string) for the
    common case: no prefix, no backslash, not triple-quoted, where the text between the
    quotes is the value. Anything else goes through libcst."""
    text = node.value
    quote = text[0]
    if quote in "'\"" and "\\" not in text and not text.startswith(quote * 3) and len(text) >= 2 \
            and text[-1] == quote:
        return text[1:-1]
    if quote in "rR" and len(text) >= 3 and text[1] in "'\"" and not text.startswith(text[1] * 3, 1) \
            and text[-1] == text[1]:
        return text[2:-1]  # a one-line raw string: its characters, backslashes included
    return literal_value(node)


def _names_split(func: cst.BaseExpression) -> bool:
    """`x.split` or a bare `split`: cheap to ask before qualifying the name."""
    return (isinstance(func, cst.Attribute) and func.attr.value == "split") or \
        (isinstance(func, cst.Name) and func.value == "split")

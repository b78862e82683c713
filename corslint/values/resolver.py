"""Resolve an expression to a :class:`~corslint.policy.Value` without running anything.

What is followed: literals, f-strings and concatenation of known parts, names bound
once (or bound and then extended with ``+=`` / ``.append`` in order) in the enclosing
scopes, imports inside the project (``from .config import ORIGINS``), ``from x import *``,
``**kwargs`` dicts, class attributes and pydantic ``BaseSettings`` defaults, functions
that just ``return`` a value, ``str.split``/``strip``/``join``, list comprehensions over
known sequences, ``list()``/``tuple()``/``set()``, ``re.compile``, and environment
readers with defaults (``os.getenv``, ``os.environ.get``, django-environ, python-decouple,
``starlette.config.Config``). Anything else is unknown, and unknown never produces a
finding. An environment default is returned with the condition under which it holds.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

import libcst as cst

from corslint.policy import SEQUENCE_KINDS, Span, Value, env_string_name
from corslint.parsing.scopes import Binding, Scope, dotted_name

if TYPE_CHECKING:  # pragma: no cover
    from corslint.parsing.parse import ParsedModule
    from corslint.parsing.project import Project

MAX_DEPTH = 40

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
FIELD_FACTORIES = {"pydantic.Field", "pydantic.fields.Field", "dataclasses.field"}

_STR_METHODS = {"strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title"}


class Resolver:
    def __init__(self, project: "Project"):
        self.project = project
        self._depth = 0
        self._active: set = set()
        # Names bound by comprehensions while their element is being evaluated.
        self._locals: List[Dict[str, Value]] = []

    # ------------------------------------------------------------------ public
    def resolve(self, module: "ParsedModule", node: Optional[cst.BaseExpression], scope: Scope) -> Value:
        if node is None:
            return Value.unknown()
        if self._depth > MAX_DEPTH:
            return Value.unknown(None, "too deep")
        self._depth += 1
        try:
            return self._resolve(module, node, scope)
        except RecursionError:
            return Value.unknown(None, "too deep")
        finally:
            self._depth -= 1

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
        prefix = module.module_name or "<module>"
        return f"{prefix}.{dotted}"

    def callee(self, module: "ParsedModule", call: cst.Call, scope: Scope) -> Optional[str]:
        return self.qualify(module, call.func, scope)

    def scope_at(self, module: "ParsedModule", scope_node) -> Scope:
        return module.scopes.scope_of(scope_node) or module.scopes.module_scope

    # ------------------------------------------------------------------ dispatch
    def _resolve(self, module: "ParsedModule", node: cst.BaseExpression, scope: Scope) -> Value:
        span = module.span(node)
        if isinstance(node, cst.SimpleString):
            try:
                data = node.evaluated_value
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
                             node.evaluated_value, span, literal=True)
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
            test_value = self.resolve(module, node.test, scope)
            test = test_value.truth()
            if test is None:
                return Value.unknown(span)
            # The branch holds only when the test does (an environment default, say).
            return self.resolve(module, node.body if test else node.orelse, scope).with_conditions(
                test_value.all_conditions())
        if isinstance(node, cst.Call):
            return self._call(module, node, scope, span)
        if isinstance(node, cst.Attribute):
            return self._attribute(module, node, scope, span)
        if isinstance(node, cst.Subscript):
            return self._subscript(module, node, scope, span)
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self._comprehension(module, node, scope, span)
        return Value.unknown(span)

    # ------------------------------------------------------------------ literals
    def _fstring(self, module, node: cst.FormattedString, scope, span) -> Value:
        parts: List[str] = []
        conditions: Tuple[str, ...] = ()
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value.replace("{{", "{").replace("}}", "}"))
                continue
            if part.format_spec or part.conversion:
                return Value.unknown(span)
            value = self.resolve(module, part.expression, scope)
            if value.kind not in ("str", "int"):
                return Value.unknown(span)
            parts.append(str(value.data))
            conditions += value.conditions
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
        if not isinstance(node.operator, (cst.Add, cst.BitOr)):
            return Value.unknown(span)
        left = self.resolve(module, node.left, scope)
        right = self.resolve(module, node.right, scope)
        conditions = left.conditions + tuple(c for c in right.conditions if c not in left.conditions)
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

    def _boolean(self, module, node: cst.BooleanOperation, scope, span) -> Value:
        left = self.resolve(module, node.left, scope)
        is_or = isinstance(node.operator, cst.Or)
        truth = left.truth()
        if truth is None:
            env = _env_marker(left)
            if is_or and env:
                right = self.resolve(module, node.right, scope)
                return right.with_conditions((f"when {env} is unset or empty",))
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
            if bindings:
                return self._from_bindings(module, name, bindings)
            star = self._from_star_imports(module, frame, name)
            if star is not None:
                return star
        return Value.unknown(None, f"{name} is not bound")

    def _line(self, module, binding: Binding) -> int:
        try:
            return module.positions[binding.node].start.line
        except (KeyError, TypeError):
            return 0

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

    def _binding_value(self, module, name: str, binding: Binding) -> Value:
        if id(binding) in self._active:
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
        if owner.kind == "module":
            return self.module_attribute(owner.data, attr)
        if owner.kind in ("class", "instance"):
            return self.class_attribute(owner, attr)
        return Value.unknown(span)

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

    def class_attribute(self, owner: Value, attr: str, _seen: int = 0) -> Value:
        target_module, classdef = owner.data
        class_scope = target_module.scopes.scope_of(classdef)
        if class_scope is None or _seen > 10:
            return Value.unknown()
        bindings = class_scope.bindings.get(attr, [])
        if bindings:
            values = [b for b in bindings if b.kind != "annotation"]
            if len(values) > 1 or any(b.conditional for b in values):
                return Value.unknown()  # rebound, or bound under if/try: not one known value
            binding = bindings[-1] if all(b.kind in ("assign", "annotation") for b in bindings) else None
            if binding is None or binding.kind != "assign":
                return Value.unknown()
            value = self.resolve(target_module, binding.value, binding.scope)
            value = self._field_default(target_module, binding.value, binding.scope, value)
            if self._is_settings_class(target_module, classdef):
                value = value.with_conditions((f"unless the environment sets {attr.upper()}",))
            return value
        for base in classdef.bases:
            base_value = self.resolve(target_module, base.value, self.scope_at(target_module, classdef))
            if base_value.kind == "class":
                found = self.class_attribute(base_value, attr, _seen + 1)
                if found.is_known:
                    return found
        return Value.unknown()

    def _field_default(self, module, node, scope, value: Value) -> Value:
        if not isinstance(node, cst.Call) or self.callee(module, node, scope) not in FIELD_FACTORIES:
            return value
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "default":
                return self.resolve(module, arg.value, scope)
        if node.args and node.args[0].keyword is None:
            return self.resolve(module, node.args[0].value, scope)
        return Value.unknown()

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
        if container.kind == "dict" and container.complete and key.kind == "str":
            for k, v in reversed(container.data):
                if k.kind == "str" and k.data == key.data:
                    return v
        if container.kind in SEQUENCE_KINDS and container.complete and key.kind == "int":
            items = container.items()
            if -len(items) <= key.data < len(items):
                return items[key.data]
        return Value.unknown(span)

    # ------------------------------------------------------------------ calls
    def _call(self, module, node: cst.Call, scope, span) -> Value:
        func = node.func
        # Methods on a known string: "a,b".split(","), " x ".strip(), ",".join([...]).
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in ("split", "rsplit", "join", "replace") or method in _STR_METHODS:
                receiver = self.resolve(module, func.value, scope)
                if receiver.kind == "str":
                    return self._str_method(module, node, scope, receiver, method, span)
                if receiver.kind == "unknown" and _env_marker(receiver) is None:
                    return Value.unknown(span)
            if method in ENV_TYPED_METHODS:
                reader = self.resolve(module, func.value, scope)
                if reader.kind == "env-config":
                    return self._env_read(module, node, scope, span, typed=ENV_TYPED_METHODS[method],
                                          splitter=method in ("list", "tuple"))
        qualified = self.callee(module, node, scope)
        if qualified in ENV_READERS:
            return self._env_read(module, node, scope, span, reader=qualified)
        if qualified in ENV_CONFIG_FACTORIES:
            return Value("env-config", qualified, span)
        if qualified in ("re.compile",):
            pattern = self.resolve(module, node.args[0].value, scope) if node.args else Value.unknown(span)
            flags = self.resolve(module, node.args[1].value, scope) if len(node.args) > 1 else \
                Value("int", 0)
            return Value("pattern", (pattern, flags), span, pattern.conditions)
        if qualified in ("list", "tuple", "set", "frozenset", "sorted") and len(node.args) == 1:
            inner = self.resolve(module, node.args[0].value, scope)
            if inner.kind in SEQUENCE_KINDS:
                kind = {"frozenset": "set", "sorted": "list"}.get(qualified, qualified)
                return Value(kind, inner.items(), span, inner.conditions, complete=inner.complete)
            return Value.unknown(span)
        if qualified == "str" and len(node.args) == 1:
            inner = self.resolve(module, node.args[0].value, scope)
            return inner if inner.kind == "str" else Value.unknown(span)
        if qualified in FIELD_FACTORIES:
            return self._field_default(module, node, scope, Value.unknown(span))
        # A callable defined in the project: a class (an instance), a configured env
        # reader, or a function that returns a value.
        target = self.resolve(module, func, scope)
        if target.kind == "class":
            # Class-body defaults describe an instance only when nothing overrides them:
            # no constructor arguments, no __init__/__post_init__ (a dataclass or pydantic
            # model given arguments takes them instead).
            if node.args or self._has_initialiser(target):
                return Value.unknown(span)
            return Value("instance", target.data, span)
        if target.kind == "env-config":
            return self._env_read(module, node, scope, span, reader="config-call")
        if target.kind == "function":
            return self._function_result(target, span)
        return Value.unknown(span)

    def _function_result(self, target: Value, span: Span) -> Value:
        target_module, funcdef = target.data
        returns: List[cst.Return] = []

        class _Returns(cst.CSTVisitor):
            def visit_FunctionDef(self, node):  # nested functions return for themselves
                return node is funcdef

            def visit_Lambda(self, node):
                return False

            def visit_Return(self, node):
                returns.append(node)

        funcdef.visit(_Returns())
        if len(returns) != 1 or returns[0].value is None:
            return Value.unknown(span)
        scope = self.scope_at(target_module, funcdef)
        return self.resolve(target_module, returns[0].value, scope)

    def _str_method(self, module, node: cst.Call, scope, receiver: Value, method: str, span) -> Value:
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
                  splitter: bool = False) -> Value:
        positional = [a for a in node.args if a.keyword is None]
        keywords = {a.keyword.value: a for a in node.args if a.keyword is not None}
        name_arg = positional[0] if positional else keywords.get("key") or keywords.get("var")
        name = self.resolve(module, name_arg.value, scope) if name_arg is not None else Value.unknown()
        env_name = name.data if name.kind == "str" else "the environment variable"
        default_node = None
        if "default" in keywords:
            default_node = keywords["default"].value
        else:
            index = ENV_READERS.get(reader, (0, 1))[1]
            if index is not None and len(positional) > index:
                default_node = positional[index].value
        cast = keywords.get("cast")
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
        return default.with_conditions((f"when {env_name} is unset",))

    # ------------------------------------------------------------------ comprehensions
    def _comprehension(self, module, node, scope, span) -> Value:
        comp: cst.CompFor = node.for_in
        if comp.inner_for_in is not None or comp.asynchronous is not None or not isinstance(comp.target, cst.Name):
            return Value.unknown(span)
        source = self.resolve(module, comp.iter, scope)
        if source.kind not in SEQUENCE_KINDS or not source.complete:
            return Value.unknown(span)
        items: List[Value] = []
        for item in source.items():
            self._locals.append({comp.target.value: item})
            try:
                keep = True
                for condition in comp.ifs:
                    truth = self.resolve(module, condition.test, scope).truth()
                    if truth is None:
                        return Value.unknown(span)
                    keep = keep and truth
                if keep:
                    items.append(self.resolve(module, node.elt, scope))
            finally:
                self._locals.pop()
        kind = "set" if isinstance(node, cst.SetComp) else "list"
        return Value(kind, items, span, source.conditions)


_env_marker = env_string_name


def _with_key_span(value: Value, key_span: Span) -> Value:
    return replace(value, entry_span=key_span)

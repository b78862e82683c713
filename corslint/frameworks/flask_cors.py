"""Flask-CORS (6.0.x semantics, read in ``flask_cors/core.py``, ``extension.py``, ``decorator.py``).

Forms understood: ``CORS(app, ...)`` and ``CORS(blueprint, ...)``; ``cors = CORS(...)``
followed by ``cors.init_app(app, ...)`` (the instance may live in another project module,
as in ``extensions.py``); ``@cross_origin(...)`` with its position among the route
decorators; ``resources=`` as a string, a list or a dict of per-resource option dicts;
``app.config["CORS_*"] = ...``, ``app.config.update(...)`` / ``from_mapping(...)`` and
``app.config.from_object(Class)`` (a class, an instance, a ``"module.Class"`` string or a
``"package.module"`` string
inside the project); ``from flask_cors import CORS as Cors`` and ``import flask_cors``.

Options are merged the way ``merge_options`` does it: defaults, then the app's
``CORS_*`` config (read by ``CORS``/``init_app`` when it runs, so only config set before
the call counts; never for a blueprint, which has no config; read per request by
``@cross_origin``), then the ``CORS(...)`` keywords, then ``init_app`` keywords, then the
resource's own dict. A source of options that cannot be read (an unknown ``**kwargs``, a
``from_pyfile``) makes every option it could set unknown.

``@app.before_request`` hooks that answer with 401/403 without letting ``OPTIONS``
through are recorded in the placement, because such a hook fails every preflight.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple, Union

import libcst as cst

from corslint.frameworks.common import CallOptions, ScopedVisitor, call_options
from corslint.parsing.scopes import dotted_name, literal_value
from corslint.policy import CorsPolicy, MiddlewareEntry, Option, Placement, Semantics, Span, Value
from corslint.values.branches import if_arms, try_arms
from corslint.values.possibilities import explored

# `cors.init_app(app)` may use an instance created in another module (extensions.py).
MARKERS = (b"flask_cors", b"init_app")


def wants(data: bytes) -> bool:
    """Whether a module may hold a policy of this extractor's: one of its markers occurs."""
    return any(marker in data for marker in MARKERS)


SEMANTICS = Semantics(
    framework="flask-cors",
    display="Flask-CORS",
    version_note="Flask-CORS 6.0",
    regex_mode="match",
    regex_ignore_case=True,
    origins_case_sensitive=False,
    string_as_sequence="single",
    wildcard_credentials="reflect",
    wildcard_headers="reflect",
    # serialize_options upper-cases the joined methods string.
    methods_case_sensitive=False,
    star_origin_means_any=True,
    unknown_option_effect="ignored-permissive",
    origin_regex_hints="*\\]?$^[()",
)

CORS_CLASSES = {"flask_cors.CORS", "flask_cors.extension.CORS"}
DECORATORS = {"flask_cors.cross_origin", "flask_cors.decorator.cross_origin"}
FLASK_APPS = {"flask.Flask", "flask.app.Flask"}
BLUEPRINTS = {"flask.Blueprint", "flask.blueprints.Blueprint"}
ROUTE_METHODS = {"route", "get", "post", "put", "patch", "delete"}
ABORTS = {"flask.abort", "werkzeug.exceptions.abort", "werkzeug.abort"}
DENIAL_EXCEPTIONS = {"Unauthorized", "Forbidden"}
DENIAL_STATUSES = {401, 403}

# CorsOptionsInput: every keyword CORS / init_app / cross_origin accept.
KNOWN_OPTIONS = ("origins", "methods", "expose_headers", "allow_headers", "supports_credentials", "max_age",
                 "send_wildcard", "vary_header", "automatic_options", "always_send", "allow_private_network",
                 "resources", "intercept_exceptions")
# core.CONFIG_OPTIONS: the only app config keys Flask-CORS reads.
CONFIG_OPTIONS = {"CORS_" + name.upper(): name for name in KNOWN_OPTIONS}
DEFAULTS = {
    "origins": lambda: Value("str", "*"),
    "methods": lambda: Value("list", [Value("str", m) for m in
                                      ("GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE")]),
    "allow_headers": lambda: Value("str", "*"),
    "expose_headers": lambda: Value("none", None),
    "supports_credentials": lambda: Value("bool", False),
    "max_age": lambda: Value("none", None),
    "send_wildcard": lambda: Value("bool", False),
    "allow_private_network": lambda: Value("bool", False),
    "resources": lambda: Value("str", "/*"),
}


@dataclass
class _Layer:
    """One source of options, lowest precedence first: option name -> (value, span, name as written)."""

    given: Dict[str, Tuple[Value, Optional[Span], str]] = field(default_factory=dict)
    open_ended: bool = False
    unknown: List[Option] = field(default_factory=list)
    # Option names whose unknown entries are config keys (never read, not even logged).
    config_keys: List[str] = field(default_factory=list)
    # Every config key this source sets, read back by `app.config["KEY"]` / `.get("KEY")`;
    # keys that are not CORS options are resolved only when read (a thunk).
    entries: Dict[str, Union[Value, Callable[[], Value]]] = field(default_factory=dict)
    # Keys changed in a way that is not followed (`setdefault`, `pop`, `del`, a mutation of
    # the stored object); "*" when any key may be (the config object handed elsewhere).
    unsettled: List[str] = field(default_factory=list)


@dataclass
class _ConfigEvent:
    line: int
    layer: _Layer


@dataclass
class _Hook:
    receiver: str
    app_wide: bool
    entry: MiddlewareEntry


@dataclass
class _Declaration:
    label: str
    span: Span
    target: Optional[str]  # receiver code of the app / blueprint, or the route receiver for decorators
    layers: List[_Layer]
    placement: Placement
    condition: str = ""  # holds for defaults that app config elsewhere could override
    # @cross_origin reads the app config on every request, so all of the module's config counts.
    request_time: bool = False
    # "app" or "blueprint" when the target is known to be constructed as one, else None.
    target_kind: Optional[str] = None


def _conditional_entry(entry: Union[Value, Callable[[], Value]], conditions: Tuple[str, ...]):
    if isinstance(entry, Value):
        return entry.with_conditions(conditions)
    return lambda: entry().with_conditions(conditions)


def _call_layer(options: CallOptions) -> _Layer:
    layer = _Layer(open_ended=options.open_ended)
    for name in options.order:
        value, span = options.given[name]
        if name in KNOWN_OPTIONS:
            layer.given[name] = (value, span, name)
        else:
            layer.unknown.append(Option(name, value, span))
    return layer


def _dict_layer(value: Value) -> _Layer:
    """Options from a resolved dict (`resources={...: {...}}` or `**options`)."""
    if value.kind != "dict":
        return _Layer(open_ended=True)
    layer = _Layer(open_ended=not value.complete)
    for key, item in value.data:
        if key.kind != "str":
            layer.open_ended = True
            continue
        span = item.entry_span or item.span
        if key.data in KNOWN_OPTIONS:
            layer.given[key.data] = (item, span, key.data)
        else:
            layer.unknown.append(Option(key.data, item, span))
    return layer


class _Visitor(ScopedVisitor):
    def __init__(self, module, resolver, depth: int = 0):
        super().__init__(module, resolver)
        self.depth = depth  # helper functions followed to reach this one (`setup_config(app)`)
        self.declarations: List[_Declaration] = []
        # (scope id, receiver code) -> config events in source order
        self.config: Dict[Tuple[int, str], List[_ConfigEvent]] = {}
        # (scope id, receiver code) -> "app" | "blueprint" for receivers constructed here
        self.constructed: Dict[Tuple[int, str], str] = {}
        self.hooks: List[_Hook] = []
        # hook functions registered by call (`app.before_request(check_auth)`): name -> receiver, app-wide
        self.hook_calls: List[Tuple[str, str, bool, Span]] = []
        self.functions: Dict[str, cst.FunctionDef] = {}
        # In a followed helper (`load_config_file(app, "config.default")`): its function and
        # the values its other parameters were given at the call site.
        self.helper: Optional[cst.FunctionDef] = None
        self.arguments: Dict[str, Value] = {}

    # -- helpers ----------------------------------------------------------------------
    def key(self, receiver: cst.BaseExpression) -> Tuple[int, str]:
        return (id(self.scope.node), self.module.code(receiver))

    def line(self, node: cst.CSTNode) -> int:
        return self.span(node).start_line

    def is_cors(self, node: cst.BaseExpression) -> bool:
        return self.qualify(node) in CORS_CLASSES

    # -- construction of apps and CORS instances ---------------------------------------
    def visit_Assign(self, node: cst.Assign) -> Optional[bool]:
        value = node.value
        if isinstance(value, cst.Call):
            qualified = self.qualify(value.func)
            kind = "app" if qualified in FLASK_APPS else "blueprint" if qualified in BLUEPRINTS else None
            if kind:
                for target in node.targets:
                    self.constructed[self.key(target.target)] = kind
        for target in node.targets:
            self._config_subscript(target.target, node.value, node)
        self._config_escapes(node.value, node)
        return True

    # -- reading the config back: app.config["KEY"], app.config.get("KEY", default) --------
    def resolve(self, node: cst.BaseExpression) -> Value:
        # Reads are recognised wherever they sit in the value: `app.config["ORIGINS"].split(",")`,
        # `[o.strip() for o in app.config.get("CORS_ORIGINS", "").split(",")]`, a name bound to one.
        with self.resolver.reading(self.module, self._read):
            return super().resolve(node)

    def _read(self, node: cst.BaseExpression, scope) -> Optional[Value]:
        if isinstance(node, cst.Name):
            if self.helper is not None and scope.node is self.helper:
                return self.arguments.get(node.value)
            return None
        return self._config_read(node, scope)

    def _config_read(self, node: cst.BaseExpression, scope=None) -> Optional[Value]:
        """The last value ``scope`` (this one by default) wrote to the key before this line;
        unknown when a source that cannot be read (``from_pyfile``, an unknown mapping), a
        change that is not followed or no write at all comes after it. None when ``node`` is
        not such a read."""
        scope = scope if scope is not None else self.scope
        receiver = key_node = None
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            receiver, key_node = node.value, node.slice[0].slice.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
                and node.args and node.args[0].keyword is None and node.args[0].star == "":
            receiver, key_node = node.func.value, node.args[0].value
        if not (isinstance(receiver, cst.Attribute) and receiver.attr.value == "config"):
            return None
        owner = (id(scope.node), self.module.code(receiver.value))
        if owner not in self.config and self.constructed.get(owner) != "app":
            return None  # not a Flask app's config seen here (`settings.config = {...}`): resolve it as usual
        key = self.resolver.resolve(self.module, key_node, scope)
        if key.kind != "str":
            return Value.unknown()
        line = self.line(node)
        for event in reversed([e for e in self.config.get(owner, []) if e.line < line]):
            if "*" in event.layer.unsettled or key.data in event.layer.unsettled:
                return Value.unknown()
            if key.data in event.layer.entries:
                entry = event.layer.entries[key.data]
                return entry if isinstance(entry, Value) else entry()
            if event.layer.open_ended:
                return Value.unknown()
        return Value.unknown()  # set by code not seen here (an extension, another module)

    def _config_escapes(self, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        """`cfg = app.config`: later writes through the alias are not followed."""
        if isinstance(value, cst.Attribute) and value.attr.value == "config":
            self._add_config(value.value, node, _Layer(unsettled=["*"]))

    def visit_AugAssign(self, node: cst.AugAssign) -> Optional[bool]:
        self._config_unsettle(node.target, node)
        return True

    def visit_Del(self, node: cst.Del) -> Optional[bool]:
        self._config_unsettle(node.target, node)
        return True

    def _config_unsettle(self, target: cst.BaseExpression, node: cst.CSTNode) -> None:
        """`app.config["KEY"] += ...`, `del app.config["KEY"]`, `app.config["KEY"].append(...)`."""
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute) \
                and target.value.attr.value == "config" and len(target.slice) == 1 \
                and isinstance(target.slice[0].slice, cst.Index):
            key = super().resolve(target.slice[0].slice.value)
            self._add_config(target.value.value, node, _Layer(unsettled=[key.data if key.kind == "str" else "*"]))

    def _config_subscript(self, target: cst.BaseExpression, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        """`app.config["CORS_ORIGINS"] = [...]`."""
        if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute)
                and target.value.attr.value == "config" and len(target.slice) == 1
                and isinstance(target.slice[0].slice, cst.Index)):
            return
        key = self.resolve(target.slice[0].slice.value)
        layer = _Layer()
        if key.kind != "str":
            layer.open_ended = True
        else:
            self._config_entry(layer, key.data, self.resolve(value), self.span(node))
        self._add_config(target.value.value, node, layer)

    def _config_entry(self, layer: _Layer, name: str, value: Value, span: Optional[Span]) -> None:
        layer.entries[name] = value
        if name in CONFIG_OPTIONS:
            if value.kind != "none":  # get_app_kwarg_dict skips None values
                layer.given[CONFIG_OPTIONS[name]] = (value, span, name)
        elif name.startswith("CORS_"):
            layer.unknown.append(Option(name, value, span))
            layer.config_keys.append(name)

    def _add_config(self, receiver: cst.BaseExpression, node: cst.CSTNode, layer: _Layer) -> None:
        self.config.setdefault(self.key(receiver), []).append(_ConfigEvent(self.line(node), layer))

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            owner = func.value
            if isinstance(owner, cst.Attribute) and owner.attr.value == "config":
                self._config_call(owner.value, method, node)
            elif isinstance(owner, cst.Subscript):  # app.config["CORS_ORIGINS"].append(...)
                self._config_unsettle(owner, node)
            elif method == "init_app" and node.args:
                self._init_app(func.value, node)
            elif method in ("before_request", "before_app_request") and len(node.args) == 1 \
                    and isinstance(node.args[0].value, cst.Name):
                self.hook_calls.append((node.args[0].value.value, self.module.code(owner),
                                        method == "before_app_request", self.span(node)))
        if self.is_cors(func):
            self._cors_call(node)
        for position, arg in enumerate(node.args):  # `configure(app.config)`, `setup_config(app)`
            self._config_escapes(arg.value, node)
            if not isinstance(arg.value, (cst.Name, cst.Attribute)):
                continue
            receiver = self.key(arg.value)
            if self.is_cors(func) or (receiver not in self.config and receiver not in self.constructed):
                continue
            followed = self._helper_config(node, arg, position)
            if followed is not None:
                for layer in followed:
                    self._add_config(arg.value, node, layer)
            else:
                # A project function that cannot be followed: the CORS_* keys it may write are
                # unknown. Any other callee may write any key; only reads see that (CORS(app)
                # keeps its config: extensions' init_app does not write CORS_* keys).
                layer = self._unfollowed_writes(node, arg, position)
                if layer is not None:
                    self._add_config(arg.value, node, layer)
                elif self.key(arg.value) in self.config:
                    self._add_config(arg.value, node, _Layer(unsettled=["*"]))
        return True

    def _unfollowed_writes(self, call: cst.Call, arg: cst.Arg, position: int) -> Optional[_Layer]:
        """For a project function given the app that `_helper_config` cannot follow (a loop
        writing its config): a layer where the CORS_* keys it may write are unknown; None
        when the callee is not the project's or writes no CORS_* key."""
        target = self.resolve(call.func)
        if target.kind != "function" or not isinstance(target.data[1], cst.FunctionDef) or arg.star:
            return None
        funcdef = target.data[1]
        names = [p.name.value for p in funcdef.params.params]
        if arg.keyword is not None:
            name = arg.keyword.value
        else:
            name = names[position] if position < len(names) else None
        if name is None or not isinstance(funcdef.body, cst.IndentedBlock):
            return _Layer(open_ended=True, unsettled=["*"])
        keys = _keys_written(funcdef.body.body, name)
        if keys is None:
            return _Layer(open_ended=True, unsettled=["*"])
        written = [k for k in keys if k in CONFIG_OPTIONS]
        if not written:
            return None
        layer = _Layer(unsettled=sorted(keys))
        for written_key in written:
            layer.given[CONFIG_OPTIONS[written_key]] = (Value.unknown(), None, written_key)
        return layer

    def _helper_config(self, call: cst.Call, arg: cst.Arg, position: int) -> Optional[List[_Layer]]:
        """The config a project function writes on the app it is given (`setup_config(app)`),
        in order, in the current world; None when it cannot be followed soundly. Followed: a
        plain (undecorated, synchronous) function, its branches taken arm by arm as
        `_walk_helper` says; its other parameters hold what the call gives them
        (`load_config_file(app, "config.default")`). A `try` is a branch of its own: its
        body in one world, each handler in another ("when `...` raises ..."), where what a
        longer body may have written before raising is unknown."""
        if self.depth >= 3 or arg.star:
            return None
        target = self.resolve(call.func)
        if target.kind != "function" or not isinstance(target.data[1], cst.FunctionDef):
            return None
        module, funcdef = target.data
        if funcdef.decorators or funcdef.asynchronous or not isinstance(funcdef.body, cst.IndentedBlock):
            return None
        params = funcdef.params
        if params.posonly_params or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) \
                or params.star_kwarg is not None:
            return None
        names = [p.name.value for p in params.params]
        if arg.keyword is not None:
            name = arg.keyword.value if arg.keyword.value in names else None
        else:
            name = names[position] if position < len(names) else None
        if name is None:
            return None
        helper = _Visitor(module, self.resolver, self.depth + 1)
        helper._scope_nodes.append(funcdef)
        helper.helper = funcdef
        helper.arguments = self._arguments(call, module, funcdef, exclude=name)
        key = (id(helper.scope.node), name)
        helper.config[key] = []  # the parameter is the app: a call that receives it is seen
        if self._walk_helper(helper, funcdef.body.body, name, key) is None:
            return None
        return [event.layer for event in helper.config[key]]

    def _walk_helper(self, helper: "_Visitor", statements, name: str, key) -> Optional[bool]:
        """Run a followed helper's statements in the current world. An `if` or `try` that
        mentions the app (or may return) takes the arm the world chose, and what the arm
        writes holds under its condition; a `with` runs its body; other compound statements
        that do not mention the app are skipped (a `raise` there only stops an app that is
        never configured). True when the run goes on after them, False when it leaves the
        function (a raise also makes every option unknown: no configuration comes of that
        world), None when the helper cannot be followed (a loop, match, nested def or class
        that mentions the app or returns; global, nonlocal)."""
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                smalls = statement.body
                if any(isinstance(small, (cst.Global, cst.Nonlocal)) for small in smalls):
                    return None
                statement.visit(helper)
                if any(isinstance(small, cst.Raise) for small in smalls):
                    helper._add_config(cst.Name(name), statement, _Layer(open_ended=True))
                    return False
                if any(isinstance(small, cst.Return) for small in smalls):
                    return False
                continue
            if not _mentions(statement, name) and not _may_return(statement):
                if isinstance(statement, cst.If) and self._certainly_raises(helper, statement):
                    helper._add_config(cst.Name(name), statement, _Layer(open_ended=True))
                    return False
                continue  # an undecided `if ...: raise` leaves the run that goes on to judge
            if isinstance(statement, cst.If):
                with self.resolver.reading(helper.module, helper._read):
                    arms = if_arms(self.resolver, helper.module, statement, helper.scope)
                result = self._walk_arm(helper, statement, arms, name, key)
            elif isinstance(statement, cst.Try) and isinstance(statement.body, cst.IndentedBlock):
                result = self._walk_arm(helper, statement, try_arms(helper.module, statement), name, key,
                                        longer=len(statement.body.body) > 1
                                        or not isinstance(statement.body.body[0], cst.SimpleStatementLine)
                                        or len(statement.body.body[0].body) > 1)
                if result is not None and statement.finalbody is not None:
                    after = self._walk_helper(helper, statement.finalbody.body.body, name, key)
                    result = after if after is not True else result
            elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                for item in statement.items:
                    item.visit(helper)
                result = self._walk_helper(helper, statement.body.body, name, key)
            else:
                return None
            if result is not True:
                return result
        return True

    def _certainly_raises(self, helper: "_Visitor", statement: cst.If) -> bool:
        """Whether an `if` whose test is decided (`if strict: raise ...` with strict=True
        given) takes an arm that raises before anything else."""
        with self.resolver.reading(helper.module, helper._read):
            arms = if_arms(self.resolver, helper.module, statement, helper.scope)
        if len(arms) != 1 or arms[0].condition or not arms[0].body:
            return False
        first = arms[0].body[0]
        return isinstance(first, cst.SimpleStatementLine) and any(isinstance(s, cst.Raise) for s in first.body)

    def _walk_arm(self, helper: "_Visitor", statement, arms, name: str, key, longer: bool = False) -> Optional[bool]:
        index = self.resolver.choose(statement, arms, in_function=True)
        if index is None:
            return None
        if index > 0 and longer:
            # A handler runs after any statement of the try body may have raised.
            helper._add_config(cst.Name(name), statement, _Layer(open_ended=True))
        # What the arm writes holds under its condition; so does what was written before
        # to a key that another arm the world could have taken writes over.
        before = len(helper.config[key])
        result = self._walk_helper(helper, arms[index].body, name, key)
        for event in helper.config[key][before:]:
            _hold_under(event.layer, arms[index].condition)
        others = [arm for i, arm in enumerate(arms) if i != index and not arm.development]
        if others:
            overwritten = _keys_written([s for arm in others for s in arm.body], name)
            for event in helper.config[key][:before]:
                _hold_under(event.layer, arms[index].condition, overwritten)
        return result

    def _arguments(self, call: cst.Call, module, funcdef: cst.FunctionDef, exclude: str) -> Dict[str, Value]:
        """What a followed helper's parameters hold: the call's argument for each (resolved
        here, at the call site) or the parameter's default, when the parameter is not bound
        again in the helper."""
        params = funcdef.params.params
        given: Dict[str, cst.BaseExpression] = {}
        for index, argument in enumerate(call.args):
            if argument.star:
                return {}
            if argument.keyword is not None:
                given[argument.keyword.value] = argument.value
            elif index < len(params):
                given[params[index].name.value] = argument.value
        values: Dict[str, Value] = {}
        scope = module.scopes.scope_of(funcdef)
        if scope is None:
            return values
        for param in params:  # not given: the default, evaluated where the function is defined
            if param.name.value not in given and param.default is not None:
                given[param.name.value] = param.default
        for name, expression in given.items():
            if name == exclude or len(scope.bindings.get(name, [])) != 1:
                continue
            if any(param.default is expression for param in params):
                values[name] = self.resolver.resolve(module, expression, scope.parent or module.scopes.module_scope)
            else:
                values[name] = self.resolve(expression)
        return values

    def _config_call(self, receiver: cst.BaseExpression, method: str, node: cst.Call) -> None:
        layer = _Layer()
        if method in ("update", "from_mapping"):
            for arg in node.args:
                if arg.keyword is not None:
                    self._config_entry(layer, arg.keyword.value, self.resolve(arg.value), self.span(arg))
                    continue
                mapping = self.resolve(arg.value)
                if mapping.kind != "dict":
                    layer.open_ended = True
                    continue
                layer.open_ended = layer.open_ended or not mapping.complete
                for key, item in mapping.data:
                    if key.kind == "str":
                        self._config_entry(layer, key.data, item, item.entry_span or item.span)
                    else:
                        layer.open_ended = True
        elif method == "from_object" and node.args:
            self._config_object(layer, node.args[0].value)
        elif method == "from_prefixed_env":
            # Only FLASK_<KEY> variables that are set change anything: what was configured
            # before is the value a deployment without them gets.
            prefix = "FLASK"
            for arg in node.args:
                if arg.keyword is None or arg.keyword.value == "prefix":
                    given = self.resolve(arg.value)
                    if given.kind != "str":
                        layer.open_ended = True
                    prefix = given.data if given.kind == "str" else prefix
                    break
            for event in self.config.get(self.key(receiver), []):
                for option, (value, span, name) in list(event.layer.given.items()):
                    event.layer.given[option] = (
                        value.with_conditions((f"unless the environment sets {prefix}_{name}",)), span, name)
                for name, entry in list(event.layer.entries.items()):
                    event.layer.entries[name] = _conditional_entry(
                        entry, (f"unless the environment sets {prefix}_{name}",))
        elif method in ("from_pyfile", "from_envvar", "from_file"):
            layer.open_ended = True
        elif method in ("setdefault", "pop", "popitem", "clear"):
            key = self.resolve(node.args[0].value) if node.args and method in ("setdefault", "pop") else None
            layer.unsettled.append(key.data if key is not None and key.kind == "str" else "*")
        else:
            return
        self._add_config(receiver, node, layer)

    def _config_object(self, layer: _Layer, node: cst.BaseExpression) -> None:
        value, condition = self._object_value(node)
        # A class chosen in a branch (`config_for_environment()`) holds under that branch.
        condition = tuple(condition) + tuple(c for c in value.conditions if c not in condition)
        if value.kind == "str":
            value = self._dotted_object(value.data)
        if value.kind not in ("class", "instance", "module"):
            layer.open_ended = True
            return
        if value.kind == "module":
            target = value.data
            names = [n for n in target.scopes.module_scope.bindings if n.isupper()]
            for name in names:
                read = (lambda name=name: self.resolver.module_attribute(target, name).with_conditions(condition))
                if name.startswith("CORS_"):
                    self._config_entry(layer, name, read(), None)
                else:
                    layer.entries[name] = read
            if target.scopes.module_scope.star_imports:
                layer.open_ended = True
            return
        names = self._class_names(value)
        # Attributes set on the object after it was made (`self.CORS_ORIGINS` in __init__).
        names += [n for n, _ in value.attributes if n.isupper() and n not in names]
        for name in names:
            if not name.startswith("CORS_"):
                layer.entries[name] = lambda name=name: self._object_attribute(value, name, condition)
                continue
            item = self._object_attribute(value, name, condition)
            self._config_entry(layer, name, item, item.span)
        if not self._class_fully_known(value) or any(n == "*" for n, _ in value.attributes):
            layer.open_ended = True

    def _object_attribute(self, value: Value, name: str, condition: Tuple[str, ...]) -> Value:
        item = self.resolver.changed_attribute(value, name)
        if item is None:
            item = self.resolver.class_attribute(value, name)
        return item.with_conditions(condition)

    def _object_value(self, node: cst.BaseExpression) -> Tuple[Value, Tuple[str, ...]]:
        """The config object; a factory parameter with a default resolves to the default, conditionally."""
        if isinstance(node, cst.Name) and isinstance(self.scope.node, cst.FunctionDef):
            params = self.scope.node.params
            for param in [*params.posonly_params, *params.params, *params.kwonly_params]:
                if param.name.value == node.value and param.default is not None:
                    outer = self.scope.parent or self.scope
                    value = self.resolver.resolve(self.module, param.default, outer)
                    return value, (f"when {self.scope.node.name.value}() is called without {node.value}",)
        return self.resolve(node), ()

    def _dotted_object(self, dotted: str) -> Value:
        """What werkzeug's ``import_string`` returns: ``getattr(package, name)`` when the
        package binds the name, else the submodule (``"config.default"``), else a top-level
        module (``"settings"``)."""
        head, _, attr = dotted.rpartition(".")
        if head:
            target = self.resolver.project.find_module(head, 0, self.module)
            if target is not None and (attr in target.scopes.module_scope.bindings
                                       or target.scopes.module_scope.star_imports):
                return self.resolver.module_attribute(target, attr)
        module = self.resolver.project.find_module(dotted, 0, self.module)
        if module is None:
            return Value.unknown()
        return Value("module", module, None)

    def _class_names(self, value: Value, depth: int = 0) -> List[str]:
        target_module, classdef = value.data[:2]
        scope = target_module.scopes.scope_of(classdef)
        names = [n for n in (scope.bindings if scope else {}) if n.isupper()]
        if depth < 10:
            for base in classdef.bases:
                base_value = self.resolver.resolve(target_module, base.value,
                                                   self.resolver.scope_at(target_module, classdef))
                if base_value.kind == "class":
                    names += [n for n in self._class_names(base_value, depth + 1) if n not in names]
        return names

    def _class_fully_known(self, value: Value, depth: int = 0) -> bool:
        """False when a base class is outside the project (it may define CORS_* too)."""
        target_module, classdef = value.data[:2]
        for base in classdef.bases:
            base_value = self.resolver.resolve(target_module, base.value,
                                               self.resolver.scope_at(target_module, classdef))
            if base_value.kind == "class":
                if depth < 10 and not self._class_fully_known(base_value, depth + 1):
                    return False
            elif self.resolver.qualify(target_module, base.value,
                                       self.resolver.scope_at(target_module, classdef)) != "object":
                return False
        return True

    # -- CORS(app, ...), cors.init_app(app, ...) ---------------------------------------------
    def _cors_call(self, node: cst.Call) -> None:
        target, rest = _split_constructor(node)
        if target is None:
            return  # `CORS()` alone does nothing until init_app
        options = _call_layer(call_options(self, rest, ()))
        code = self.module.code(target)
        self._declare(f"CORS({code})", node, target, [options])

    def _init_app(self, receiver: cst.BaseExpression, node: cst.Call) -> None:
        construction = self._cors_construction(receiver)
        if construction is None:
            return
        module, call, scope = construction
        target, rest = _split_constructor(node)
        if target is None:
            return
        # CORS.__init__ keeps its keywords for every later init_app, with or without an app.
        _, ctor_rest = _split_constructor(call)
        constructor = _call_layer(call_options(_Resolving(module, self.resolver, scope), ctor_rest, ()))
        options = _call_layer(call_options(self, rest, ()))
        code = self.module.code(target)
        self._declare(f"{self.module.code(receiver)}.init_app({code})", node, target, [constructor, options])

    def _cors_construction(self, receiver: cst.BaseExpression):
        """(module, `CORS(...)` call, scope) that created the instance `receiver` names, if any."""
        if not isinstance(receiver, cst.Name):
            return None
        binding = self.resolver.single_binding(self.module, self.scope, receiver.value)
        module = self.module
        if binding is not None and binding.kind == "import":
            head, _, attr = (binding.qualified or "").rpartition(".")
            target = self.resolver.project.find_module(head, binding.level, self.module)
            if target is None:
                return None
            module = target
            binding = self.resolver.single_binding(target, target.scopes.module_scope, attr)
        if binding is None or binding.kind != "assign" or not isinstance(binding.value, cst.Call):
            return None
        if self.resolver.qualify(module, binding.value.func, binding.scope) not in CORS_CLASSES:
            return None
        return module, binding.value, binding.scope

    def _declare(self, label: str, node: cst.Call, target: cst.BaseExpression, layers: List[_Layer]) -> None:
        key = self.key(target)
        kind = self.constructed.get(key)
        if kind is None and isinstance(target, cst.Name):
            kind = self._constructed_kind(target)
        condition = ""
        if kind == "blueprint":
            config: List[_Layer] = []  # blueprints have no config: get_app_kwarg_dict reads nothing
        else:
            line = self.line(node)
            config = [e.layer for e in self.config.get(key, []) if e.line < line]
            if kind != "app":
                condition = f"unless {self.module.code(target)}.config sets CORS_* elsewhere"
        self.declarations.append(_Declaration(label, self.span(node), self.module.code(target),
                                              config + layers, Placement(style="extension"), condition,
                                              target_kind=kind))

    def _constructed_kind(self, name: cst.Name) -> Optional[str]:
        value = self.resolver.single_binding(self.module, self.scope, name.value)
        if value is None or value.kind != "assign" or not isinstance(value.value, cst.Call):
            return None
        qualified = self.resolver.qualify(self.module, value.value.func, value.scope)
        return "app" if qualified in FLASK_APPS else "blueprint" if qualified in BLUEPRINTS else None

    # -- decorators: @cross_origin and @app.before_request ------------------------------------
    def on_function(self, node: cst.FunctionDef) -> None:
        self.functions.setdefault(node.name.value, node)
        decorators = list(node.decorators)
        for index, decorator in enumerate(decorators):
            expression = decorator.decorator
            if isinstance(expression, cst.Attribute) and expression.attr.value in (
                    "before_request", "before_app_request"):
                self._hook(node, expression.value, expression.attr.value == "before_app_request",
                           self.span(decorator))
                continue
            if not isinstance(expression, cst.Call) or self.qualify(expression.func) not in DECORATORS:
                continue
            routes_below = [d for d in decorators[index + 1:] if _route_receiver(d.decorator) is not None]
            routes_above = [d for d in decorators[:index] if _route_receiver(d.decorator) is not None]
            route = (routes_above or routes_below or [None])[0]
            receiver = _route_receiver(route.decorator) if route is not None else None
            placement = Placement(style="decorator",
                                  route_registered_first=[self.span(d) for d in routes_below])
            options = _call_layer(call_options(self, list(expression.args), ()))
            self.declarations.append(_Declaration(
                f"@cross_origin on {node.name.value}()", self.span(decorator),
                self.module.code(receiver) if receiver is not None else None, [options], placement,
                request_time=True))

    def _request_time_config(self) -> Tuple[List[_Layer], str]:
        """@cross_origin reads current_app.config on every request: the config of the one app built here."""
        apps = [key for key, kind in self.constructed.items() if kind == "app"]
        if len(apps) == 1:
            return [e.layer for e in self.config.get(apps[0], [])], ""
        if len(apps) > 1:
            return [_Layer(open_ended=True)], ""
        return [], "unless the app's config sets CORS_* elsewhere"

    def _hook(self, func: cst.FunctionDef, receiver: cst.BaseExpression, app_wide: bool, span: Span) -> None:
        if not _blocks_preflight(self, func):
            return
        code = self.module.code(receiver)
        self.hooks.append(_Hook(code, app_wide, MiddlewareEntry(
            f"@{code}.before_request {func.name.value}()", span, produces_responses=True)))

    def leave_Module(self, original_node: cst.Module) -> None:
        for name, receiver, app_wide, span in self.hook_calls:
            func = self.functions.get(name)
            if func is not None and _blocks_preflight(self, func):
                self.hooks.append(_Hook(receiver, app_wide, MiddlewareEntry(
                    f"{receiver}.before_request({name})", span, produces_responses=True)))


class _Resolving(ScopedVisitor):
    """Resolves arguments of a call found in another module or scope (a `CORS(...)` in extensions.py)."""

    def __init__(self, module, resolver, scope):
        super().__init__(module, resolver)
        self._fixed_scope = scope

    @property
    def scope(self):
        return self._fixed_scope


def _hold_under(layer: _Layer, conditions: Tuple[str, ...], keys: Optional[set] = None) -> None:
    """The layer's values hold under ``conditions`` (only those of ``keys`` when given)."""
    if not conditions:
        return
    for option, (value, span, name) in list(layer.given.items()):
        if keys is None or name in keys:
            layer.given[option] = (value.with_conditions(conditions), span, name)
    for name, entry in list(layer.entries.items()):
        if keys is None or name in keys:
            layer.entries[name] = _conditional_entry(entry, conditions)


def _keys_written(statements, name: str) -> Optional[set]:
    """The config keys these statements may write on the app `name`: literal
    `name.config["KEY"] = ...` and `name.config.update(KEY=...)`; None (any key) for
    anything else that touches `name` (another method, the app handed to a call)."""
    keys: set = set()
    unknown = []

    class Scan(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                unknown.append(node)  # a use not recognised below

        def visit_Subscript(self, node: cst.Subscript) -> Optional[bool]:
            if dotted_name(node.value) == f"{name}.config" and len(node.slice) == 1 \
                    and isinstance(node.slice[0].slice, cst.Index) \
                    and isinstance(node.slice[0].slice.value, cst.SimpleString):
                keys.add(literal_value(node.slice[0].slice.value))
                return False
            return True

        def visit_Call(self, node: cst.Call) -> Optional[bool]:
            func = node.func
            if isinstance(func, cst.Attribute) and dotted_name(func.value) == f"{name}.config" \
                    and func.attr.value in ("update", "from_mapping") \
                    and all(arg.keyword is not None for arg in node.args):
                keys.update(arg.keyword.value for arg in node.args)
                for arg in node.args:
                    arg.value.visit(self)
                return False
            return True

        def visit_Attribute(self, node: cst.Attribute) -> Optional[bool]:
            # `name.logger`, `name.instance_path`: not the config (`name.config` alone is).
            if isinstance(node.value, cst.Name) and node.value.value == name and node.attr.value != "config":
                return False
            return True

    for statement in statements:
        statement.visit(Scan())
    return None if unknown else keys


def _mentions(statement: cst.CSTNode, name: str) -> bool:
    """Whether a statement names the app (`name`) anywhere."""
    found = []

    class Finder(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                found.append(node)

    statement.visit(Finder())
    return bool(found)


def _may_return(statement: cst.CSTNode) -> bool:
    """Whether a compound statement holds a `return` of its function (not of a nested def)."""
    found = []

    class Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node) -> bool:
            return False

        def visit_Lambda(self, node) -> bool:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

    statement.visit(Finder())
    return bool(found)


def _split_constructor(call: cst.Call) -> Tuple[Optional[cst.BaseExpression], List[cst.Arg]]:
    """The app/blueprint argument of `CORS(app, ...)` and the remaining (option) arguments."""
    target = None
    rest = []
    for index, arg in enumerate(call.args):
        if (arg.keyword is not None and arg.keyword.value == "app") or (
                index == 0 and arg.keyword is None and arg.star == ""):
            target = arg.value
        else:
            rest.append(arg)
    if isinstance(target, cst.Name) and target.value == "None":
        target = None
    return target, rest


def _route_receiver(expression: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """The app / blueprint of `@app.route(...)`, `@bp.get(...)` and friends."""
    if isinstance(expression, cst.Call) and isinstance(expression.func, cst.Attribute) \
            and expression.func.attr.value in ROUTE_METHODS:
        return expression.func.value
    return None


class _DenialFinder(cst.CSTVisitor):
    """Finds 401/403 answers in a hook, and any mention of OPTIONS (an exemption for preflights)."""

    def __init__(self, visitor: _Visitor):
        super().__init__()
        self.visitor = visitor
        self.denies = False
        self.mentions_options = False

    def _status(self, node: Optional[cst.BaseExpression]) -> bool:
        if node is None:
            return False
        value = self.visitor.resolve(node)
        return value.kind == "int" and value.data in DENIAL_STATUSES

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        try:
            text = literal_value(node)
        except Exception:
            return
        if isinstance(text, str) and text.strip().upper() == "OPTIONS":
            self.mentions_options = True

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "OPTIONS":  # http.HTTPMethod.OPTIONS and the like (not `app.options`)
            self.mentions_options = True

    def visit_If(self, node: cst.If) -> Optional[bool]:
        """A denial under `if request.method == "PUT"` (or `in ("POST", "PUT")`, also as a
        conjunct of `and`) is never reached by an OPTIONS preflight: only the else branch
        and the test itself are searched."""
        if not _only_other_methods(node.test, self.visitor):
            return None
        node.test.visit(self)
        if node.orelse is not None:
            node.orelse.visit(self)
        return False

    def visit_Comparison(self, node: cst.Comparison) -> None:
        """`request.method in EXEMPT_METHODS`: the method compared with a name. It lets
        preflights through when the name holds "OPTIONS", and may do so when corslint
        cannot read it (precision first: the hook is then not reported)."""
        operands = [node.left] + [target.comparator for target in node.comparisons]
        if not any(_names_request_method(operand) for operand in operands):
            return
        for operand in operands:
            if not _names_request_method(operand) and _may_hold_options(self.visitor.resolve(operand)):
                self.mentions_options = True

    def visit_Call(self, node: cst.Call) -> None:
        qualified = self.visitor.qualify(node.func) or ""
        if qualified in ABORTS and node.args and self._status(node.args[0].value):
            self.denies = True
        elif qualified.rsplit(".", 1)[-1] in DENIAL_EXCEPTIONS:
            self.denies = True
        elif qualified.rsplit(".", 1)[-1] in ("make_response", "Response", "jsonify"):
            for index, arg in enumerate(node.args):
                if (arg.keyword is not None and arg.keyword.value == "status") or (
                        arg.keyword is None and index == 1 and qualified.endswith("make_response")):
                    if self._status(arg.value):
                        self.denies = True

    def visit_Return(self, node: cst.Return) -> None:
        value = node.value
        if isinstance(value, cst.Tuple) and len(value.elements) >= 2 and self._status(value.elements[1].value):
            self.denies = True


def _names_request_method(node: cst.BaseExpression) -> bool:
    """`request.method`, `flask.request.method.upper()`, a `method` variable."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and node.func.attr.value in ("upper", "lower", "casefold", "strip"):
        node = node.func.value
    if isinstance(node, cst.Attribute):
        return node.attr.value == "method"
    return isinstance(node, cst.Name) and node.value in ("method", "request_method", "http_method")


def _only_other_methods(test: cst.BaseExpression, visitor: "_Visitor") -> bool:
    """Whether `test` holds only for methods corslint knows, none of them OPTIONS."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _only_other_methods(test.left, visitor) or _only_other_methods(test.right, visitor)
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, (cst.Equal, cst.In)):
        return False
    if _names_request_method(test.left):
        other = target.comparator
    elif _names_request_method(target.comparator) and isinstance(target.operator, cst.Equal):
        other = test.left
    else:
        return False
    value = visitor.resolve(other)
    if not value.is_known or (value.is_sequence and not value.complete):
        return False
    if value.kind == "str" or value.is_sequence:
        return not _may_hold_options(value)
    return False


def _may_hold_options(value: Value) -> bool:
    if not value.is_known:
        return True
    if value.kind == "str":
        return value.data.strip().upper() == "OPTIONS"
    if value.is_sequence:
        return not value.complete or any(_may_hold_options(item) for item in value.items())
    return False


def _blocks_preflight(visitor: _Visitor, func: cst.FunctionDef) -> bool:
    finder = _DenialFinder(visitor)
    func.body.visit(finder)
    return finder.denies and not finder.mentions_options


@explored
def extract(module, resolver) -> List[CorsPolicy]:
    visitor = _Visitor(module, resolver)
    module.tree.visit(visitor)
    app_receivers = {code for (_, code), kind in visitor.constructed.items() if kind == "app"}
    policies: List[CorsPolicy] = []
    for declaration in visitor.declarations:
        if declaration.request_time:
            config, declaration.condition = visitor._request_time_config()
            declaration.layers = config + declaration.layers
        declaration.placement.preflight_blockers = [
            hook.entry for hook in visitor.hooks
            if hook.receiver == declaration.target or hook.app_wide or hook.receiver in app_receivers]
        policies.extend(_policies(module, declaration))
    return policies


def _policies(module, declaration: _Declaration) -> List[CorsPolicy]:
    merged = _merge(declaration.layers, declaration.condition)
    resources = merged.get("resources")
    if declaration.placement.style == "decorator" or resources is None or resources.value.kind != "dict":
        covered = resources.value if resources is not None and declaration.placement.style != "decorator" else None
        return [_policy(declaration, declaration.layers, declaration.label, declaration.span, covered)]
    out = []
    for key, options in resources.value.data:
        layer = _dict_layer(options)
        label = f"{declaration.label} resource {key.data!r}" if key.kind == "str" else declaration.label
        span = options.entry_span or options.span or declaration.span
        out.append(_policy(declaration, declaration.layers + [layer], label, span, key, shared_unknowns=False))
    if out:
        # Unknown options of the call itself are reported once: on the resource they open up
        # the most (one left with the permissive default origins), else the first.
        owner = next((p for p in out if p.origins is not None and p.origins.implicit), out[0])
        _add_unknowns(owner, declaration.layers)
    return out


def _merge(layers: List[_Layer], condition: str) -> Dict[str, Option]:
    state: Dict[str, Option] = {}
    for name, build in DEFAULTS.items():
        value = build()
        if condition:
            value = value.with_conditions((condition,))
        state[name] = Option(name, value, None, implicit=True)
    for layer in layers:
        if layer.open_ended:
            for name in list(state):
                state[name] = Option(name, Value.unknown(), None, implicit=True)
        for name, (value, span, written) in layer.given.items():
            state[name] = Option(written, value, span)
    return state


def _policy(declaration: _Declaration, layers: List[_Layer], label: str, span: Span, resources: Optional[Value],
            shared_unknowns: bool = True) -> CorsPolicy:
    merged = _merge(layers, declaration.condition)

    def option(name: str) -> Optional[Option]:
        found = merged.get(name)
        return found if found is not None else Option(name, Value.unknown(), None, implicit=True)

    policy = CorsPolicy(
        flask_target=declaration.target_kind,
        semantics=SEMANTICS,
        span=span,
        label=label,
        origins=option("origins"),
        credentials=option("supports_credentials"),
        methods=option("methods"),
        headers=option("allow_headers"),
        expose_headers=option("expose_headers"),
        max_age=option("max_age"),
        private_network=option("allow_private_network"),
        placement=declaration.placement,
        known_options=sorted(set(KNOWN_OPTIONS) | set(CONFIG_OPTIONS)),
        send_wildcard=option("send_wildcard"),
        resources=resources,
    )
    _add_unknowns(policy, layers if shared_unknowns else layers[len(declaration.layers):])
    return policy


def _add_unknowns(policy: CorsPolicy, layers: List[_Layer]) -> None:
    effects = policy.unknown_option_effects
    seen = {o.name for o in policy.unknown_options}
    for layer in layers:
        for unknown in layer.unknown:
            if unknown.name in seen:
                continue
            seen.add(unknown.name)
            policy.unknown_options.append(unknown)
            if unknown.name in layer.config_keys:
                effects[unknown.name] = "ignored"

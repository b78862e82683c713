"""Starlette and FastAPI ``CORSMiddleware`` (Starlette 1.x semantics).

Forms understood: ``app.add_middleware(CORSMiddleware, ...)`` (also
``middleware_class=``), ``Middleware(CORSMiddleware, ...)`` in a ``middleware=[...]``
list given to ``Starlette(...)`` or ``FastAPI(...)`` (the list may be a name), and
``app = CORSMiddleware(app=app, ...)`` wrapping; imported from
``starlette.middleware.cors`` or ``fastapi.middleware.cors`` under any alias or as a
dotted attribute; options from keywords, positionals and ``**dict`` splats.

Placement follows ``starlette/applications.py``: ``add_middleware`` inserts at the
front, so the last call is the outermost user middleware, while in a ``middleware=[...]``
list the first item is outermost. ServerErrorMiddleware always sits outside user
middleware, so handlers for 500 / ``Exception`` run outside CORS unless CORS wraps the
whole application.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import libcst as cst

from corslint.frameworks.common import CallOptions, ScopedVisitor, call_options, literal_default, make_option
from corslint.parsing.scopes import literal_value
from corslint.parsing.walk import nodes_of
from corslint.policy import CorsPolicy, MiddlewareEntry, Option, Placement, Semantics, Span, Value
from corslint.values.possibilities import explore

MARKERS = (b"CORSMiddleware",)


def wants(data: bytes) -> bool:
    """Whether a module may hold a policy of this extractor's: one of its markers occurs."""
    return any(marker in data for marker in MARKERS)


SEMANTICS = Semantics(
    framework="starlette",
    display="Starlette's CORSMiddleware",
    version_note="Starlette >= 1.0",
    regex_mode="fullmatch",
    regex_ignore_case=False,
    origins_case_sensitive=True,
    string_as_sequence="substring",
    wildcard_credentials="reflect",
    wildcard_headers="reflect",
    methods_case_sensitive=True,
    regex_keyword="allow_origin_regex",
)

CORS_CLASSES = {
    "starlette.middleware.cors.CORSMiddleware",
    "fastapi.middleware.cors.CORSMiddleware",
}
MIDDLEWARE_WRAPPERS = {"starlette.middleware.Middleware", "fastapi.middleware.Middleware"}
APP_CLASSES = {
    "starlette.applications.Starlette", "starlette.Starlette",
    "fastapi.FastAPI", "fastapi.applications.FastAPI",
}
# Middleware that never answers a request itself: harmless outside CORS.
PASS_THROUGH = {
    "starlette.middleware.gzip.GZipMiddleware", "fastapi.middleware.gzip.GZipMiddleware",
    "starlette.middleware.sessions.SessionMiddleware",
    "uvicorn.middleware.proxy_headers.ProxyHeadersMiddleware",
    "starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware",
    "starlette_compress.CompressMiddleware", "brotli_asgi.BrotliMiddleware",
    "starsessions.SessionMiddleware", "starsessions.SessionAutoloadMiddleware",
    "starsessions.middleware.SessionMiddleware", "starsessions.middleware.SessionAutoloadMiddleware",
    "asgi_correlation_id.CorrelationIdMiddleware",
    "opentelemetry.instrumentation.asgi.OpenTelemetryMiddleware",
}
# Middleware known to answer requests itself (400 for a bad host, redirects).
RESPONDING = {
    "starlette.middleware.trustedhost.TrustedHostMiddleware",
    "fastapi.middleware.trustedhost.TrustedHostMiddleware",
    "starlette.middleware.httpsredirect.HTTPSRedirectMiddleware",
    "fastapi.middleware.httpsredirect.HTTPSRedirectMiddleware",
}

# CORSMiddleware.__init__(self, app, allow_origins, allow_methods, allow_headers,
# allow_credentials, allow_origin_regex, allow_private_network, expose_headers, max_age)
POSITIONAL = ("allow_origins", "allow_methods", "allow_headers", "allow_credentials",
              "allow_origin_regex", "allow_private_network", "expose_headers", "max_age")
KNOWN_OPTIONS = set(POSITIONAL) | {"app"}


@dataclass
class _StackEvent:
    """One middleware added to an app, in source order (add_middleware or @app.middleware)."""

    name: str
    span: Span
    qualified: Optional[str]
    call: Optional[cst.Call] = None


@dataclass
class _AppFacts:
    events: List[_StackEvent] = field(default_factory=list)
    error_handlers: List[Span] = field(default_factory=list)


class _Visitor(ScopedVisitor):
    def __init__(self, module, resolver):
        super().__init__(module, resolver)
        self.apps: Dict[Tuple[int, str], _AppFacts] = {}
        # (style, call, app key, options resolved in the call's scope)
        self.policies: List[Tuple[str, cst.Call, object, CallOptions]] = []
        # id(list node) -> [(index, MiddlewareEntry)]; id(Middleware(...) call) -> (list id, index)
        self.list_entries: Dict[int, List[MiddlewareEntry]] = {}
        self.list_position: Dict[int, Tuple[int, int]] = {}
        self.list_owner: Dict[int, Tuple[int, str]] = {}
        # Classes of this module that subclass a pass-through middleware (a project's own
        # `class GZipBufferedResponseMiddleware(GZipMiddleware)`): they pass requests through too.
        self.local_pass_through: set = set()
        # This module's classes by name, and which of those added as middleware hand OPTIONS
        # requests on untouched before any check.
        self.local_classes: Dict[str, cst.ClassDef] = {}
        self.preflight_passing: Dict[str, bool] = {}

    # -- bookkeeping -----------------------------------------------------------------
    def app(self, receiver: cst.BaseExpression) -> _AppFacts:
        key = (id(self.scope.node), self.module.code(receiver))
        return self.apps.setdefault(key, _AppFacts())

    def is_cors(self, node: Optional[cst.BaseExpression]) -> bool:
        return node is not None and self.qualify(node) in CORS_CLASSES

    def _error_status(self, node: cst.BaseExpression) -> bool:
        value = self.resolve(node)
        if value.kind == "int":
            return value.data == 500
        return self.qualify(node) in ("Exception", "BaseException", "builtins.Exception")

    # -- visits ----------------------------------------------------------------------------
    def on_function(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            call = decorator.decorator
            if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
                continue
            method = call.func.attr.value
            receiver = call.func.value
            if method == "middleware" and call.args:
                kind = self.resolve(call.args[0].value)
                if kind.kind == "str" and kind.data == "http":
                    self.app(receiver).events.append(
                        _StackEvent(f"@{self.module.code(receiver)}.middleware(\"http\") {node.name.value}",
                                    self.span(decorator), None))
            elif method == "exception_handler" and call.args and self._error_status(call.args[0].value):
                self.app(receiver).error_handlers.append(self.span(decorator))

    def visit_ClassDef(self, node: cst.ClassDef) -> Optional[bool]:
        if any(self.qualify(base.value) in PASS_THROUGH or self.module.code(base.value) in self.local_pass_through
               for base in node.bases):
            self.local_pass_through.add(node.name.value)
        self.local_classes.setdefault(node.name.value, node)
        return super().visit_ClassDef(node)

    def hands_on_preflights(self, name: str) -> bool:
        """Whether this module's class `name` hands OPTIONS requests on before any check
        (looked at only for the classes added as middleware, once each)."""
        if name not in self.preflight_passing:
            node = self.local_classes.get(name)
            self.preflight_passing[name] = node is not None and any(
                self._hands_on_options(branch) for branch in nodes_of(node, cst.If))
        return self.preflight_passing[name]

    def _hands_on_options(self, branch: cst.If) -> bool:
        """`if <...>method == "OPTIONS": <call the next app>`: the OPTIONS request goes on."""
        test = branch.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return False
        target = test.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.In)):
            return False
        sides = (test.left, target.comparator)
        if not any("method" in self.module.code(side).lower() for side in sides):
            return False
        if not any(isinstance(s, cst.SimpleString) and literal_value(s) == "OPTIONS"
                   for side in sides for s in [side, *nodes_of(side, cst.SimpleString)]):
            return False
        calls = [self.module.code(call.func) for call in nodes_of(branch.body, cst.Call)]
        return any(name in ("call_next", "self.app", "self._app") for name in calls)

    def visit_List(self, node: cst.List) -> Optional[bool]:
        entries: List[MiddlewareEntry] = []
        for index, element in enumerate(node.elements):
            call = element.value
            if isinstance(call, cst.Call) and self.qualify(call.func) in MIDDLEWARE_WRAPPERS and call.args:
                cls = call.args[0].value
                qualified = self.qualify(cls)
                entries.append(_entry(self.module.code(cls), qualified, self.span(call), self.local_pass_through,
                                      self.hands_on_preflights))
                self.list_position[id(call)] = (id(node), len(entries) - 1)
        if entries:
            self.list_entries[id(node)] = entries
        return super().visit_List(node)

    def visit_Assign(self, node: cst.Assign) -> Optional[bool]:
        if isinstance(node.value, cst.Call) and self.qualify(node.value.func) in APP_CLASSES:
            for target in node.targets:
                self._app_constructor(node.value, target.target)
        return True

    def visit_AnnAssign(self, node: cst.AnnAssign) -> Optional[bool]:
        if isinstance(node.value, cst.Call) and self.qualify(node.value.func) in APP_CLASSES:
            self._app_constructor(node.value, node.target)
        return True

    def _app_constructor(self, call: cst.Call, target: cst.BaseExpression) -> None:
        facts = self.app(target)
        key = (id(self.scope.node), self.module.code(target))
        for arg in call.args:
            if arg.keyword is None:
                continue
            if arg.keyword.value == "middleware":
                list_node = self._list_node(arg.value)
                if list_node is not None:
                    self.list_owner[id(list_node)] = key
            elif arg.keyword.value == "exception_handlers" and isinstance(arg.value, cst.Dict):
                for element in arg.value.elements:
                    if isinstance(element, cst.DictElement) and self._error_status(element.key):
                        facts.error_handlers.append(self.span(element))

    def _list_node(self, node: cst.BaseExpression) -> Optional[cst.List]:
        if isinstance(node, cst.List):
            return node
        if isinstance(node, cst.Name):
            binding = self.resolver.single_binding(self.module, self.scope, node.value)
            if binding is not None and binding.kind == "assign" and isinstance(binding.value, cst.List):
                return binding.value
        return None

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "add_middleware":
            cls_arg = next((a for a in node.args if a.keyword is None and a.star == ""), None)
            cls_arg = next((a for a in node.args if a.keyword is not None
                            and a.keyword.value == "middleware_class"), cls_arg)
            if cls_arg is not None:
                qualified = self.qualify(cls_arg.value)
                facts = self.app(func.value)
                facts.events.append(_StackEvent(self.module.code(cls_arg.value), self.span(node), qualified, node))
                if qualified in CORS_CLASSES:
                    key = (id(self.scope.node), self.module.code(func.value))
                    self.policies.append(("add_middleware", node, key, self.scope))
            return True
        if isinstance(func, cst.Attribute) and func.attr.value == "add_exception_handler" and node.args:
            if self._error_status(node.args[0].value):
                self.app(func.value).error_handlers.append(self.span(node))
            return True
        qualified = self.qualify(func)
        if qualified in MIDDLEWARE_WRAPPERS and node.args and self.is_cors(node.args[0].value):
            self.policies.append(("middleware-list", node, None, self.scope))
        elif qualified in CORS_CLASSES:
            self.policies.append(("wrap", node, None, self.scope))
        return True


def _entry(name: str, qualified: Optional[str], span: Span, local_pass_through=(),
           hands_on_preflights=lambda name: False) -> MiddlewareEntry:
    if qualified in PASS_THROUGH or name in local_pass_through:
        produces = False
    elif qualified in RESPONDING:
        produces = True
    else:
        produces = None
    return MiddlewareEntry(name, span, produces,
                           hands_on_preflights=produces is None and hands_on_preflights(name))


def extract(module, resolver) -> List[CorsPolicy]:
    # The walk that finds the middleware does not depend on branches; the options do, so
    # only they are resolved again in each world (values.possibilities).
    visitor = _Visitor(module, resolver)
    module.tree.visit(visitor)
    if not visitor.policies:
        return []
    return explore(resolver, lambda: _policies(module, resolver, visitor))


class _AtScope:
    """What `call_options` needs of a visitor, pinned to the scope a call was found in."""

    def __init__(self, module, resolver, scope):
        self.module, self.resolver, self.scope = module, resolver, scope

    def resolve(self, node: cst.BaseExpression) -> Value:
        return self.resolver.resolve(self.module, node, self.scope)

    def span(self, node: cst.CSTNode) -> Span:
        return self.module.span(node)


def _policies(module, resolver, visitor: "_Visitor") -> List[CorsPolicy]:
    policies: List[CorsPolicy] = []
    for style, call, app_key, scope in visitor.policies:
        options = _options_for(_AtScope(module, resolver, scope), call, style)
        placement = Placement(style=style, wraps_app=style == "wrap")
        if style == "add_middleware":
            app = visitor.apps.get(app_key)
            if app is not None:
                index = next(i for i, e in enumerate(app.events) if e.call is call)
                placement.outer = [_entry(e.name, e.qualified, e.span, visitor.local_pass_through,
                                          visitor.hands_on_preflights)
                                   for e in reversed(app.events[index + 1:])]
                placement.error_handlers = list(app.error_handlers)
        elif style == "middleware-list":
            position = visitor.list_position.get(id(call))
            if position is not None:
                list_id, index = position
                placement.outer = visitor.list_entries[list_id][:index]
                owner = visitor.list_owner.get(list_id)
                if owner is not None and owner in visitor.apps:
                    placement.error_handlers = list(visitor.apps[owner].error_handlers)
        policies.append(_policy(module, call, options, placement))
    return policies


def _is_connexion(visitor, node: cst.BaseExpression) -> bool:
    """Whether an expression is connexion's (`MiddlewarePosition.BEFORE_EXCEPTION`), or a name
    bound once to a connexion object (`connexion_app = FlaskApp(__name__)`)."""
    qualified = visitor.resolver.qualify(visitor.module, node, visitor.scope) or ""
    if qualified.startswith("connexion."):
        return True
    if isinstance(node, cst.Name):
        binding = visitor.resolver.single_binding(visitor.module, visitor.scope, node.value)
        if binding is not None and binding.kind == "assign" and isinstance(binding.value, cst.Call):
            called = visitor.resolver.qualify(visitor.module, binding.value.func, visitor.scope) or ""
            return called.startswith("connexion.")
    return False


def _options_for(visitor: ScopedVisitor, call: cst.Call, style: str) -> CallOptions:
    args = list(call.args)
    if style == "add_middleware":
        by_keyword = any(a.keyword is not None and a.keyword.value == "middleware_class" for a in args)
        args = [a for a in args if not (a.keyword is not None and a.keyword.value == "middleware_class")]
        # connexion's `add_middleware(cls, *, position=MiddlewarePosition..., **options)` takes
        # `position` itself and hands only the rest to CORSMiddleware.
        args = [a for a in args if not (a.keyword is not None and a.keyword.value == "position"
                                        and isinstance(call.func, cst.Attribute)
                                        and (_is_connexion(visitor, a.value) or _is_connexion(visitor, call.func.value)))]
        return call_options(visitor, args, POSITIONAL, skip_positional=0 if by_keyword else 1)
    if style == "middleware-list":
        return call_options(visitor, args, POSITIONAL, skip_positional=1)
    # wrap: CORSMiddleware(app, ...) or CORSMiddleware(app=app, ...)
    return call_options(visitor, args, ("app",) + POSITIONAL)


def _policy(module, call: cst.Call, options: CallOptions, placement: Placement) -> CorsPolicy:
    regex = make_option(options, "allow_origin_regex", lambda: Value("none", None))
    policy = CorsPolicy(
        semantics=SEMANTICS,
        span=module.span(call),
        label="CORSMiddleware",
        origins=make_option(options, "allow_origins", literal_default("tuple", ())),
        origin_regexes=[regex] if not (regex.value.kind == "none") else [],
        credentials=make_option(options, "allow_credentials", lambda: Value("bool", False)),
        methods=make_option(options, "allow_methods", literal_default("tuple", ("GET",))),
        headers=make_option(options, "allow_headers", literal_default("tuple", ())),
        expose_headers=make_option(options, "expose_headers", literal_default("tuple", ())),
        max_age=make_option(options, "max_age", lambda: Value("int", 600)),
        private_network=make_option(options, "allow_private_network", lambda: Value("bool", False)),
        placement=placement,
        known_options=sorted(KNOWN_OPTIONS - {"app"}),
    )
    for name in options.order:
        if name not in KNOWN_OPTIONS:
            value, span = options.given[name]
            policy.unknown_options.append(Option(name, value, span))
    return policy

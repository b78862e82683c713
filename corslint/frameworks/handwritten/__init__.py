"""Hand-written ``Access-Control-*`` headers, in any framework.

Flask (``after_request`` hooks, ``make_response``, ``Response(headers=...)``,
``response.headers[...]``, werkzeug's ``access_control_*`` properties), Django (views
and middleware: ``response[...] = ...``, ``response.headers[...]``,
``patch_vary_headers``), Starlette/FastAPI (``Response(headers=...)``,
``BaseHTTPMiddleware.dispatch``, pure ASGI middleware sending ``http.response.start``
headers), aiohttp (``web.Response(headers=...)``, middlewares) and Tornado
(``set_header``, ``add_header``, ``set_default_headers``) all write headers in one of the
forms :mod:`.headers` recognises, so one extractor serves them all.

Every function that writes an ``Access-Control-*`` header becomes one policy (a
module-level headers dict too). The flow analysis (:mod:`.flow`) decides, for each
``Access-Control-Allow-Origin`` write, whether it echoes the request Origin and which
tests of the Origin guard it; the verdict goes into ``policy.written`` and the literal
values into the ordinary options, so the rules written for the libraries (wildcard with
credentials, max-age, methods, headers) apply unchanged.

The same pass records every custom response header the module sets (``X-Total-Count``,
``Link``…) as a project fact for COR503 (missing-expose-header).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Tuple

import libcst as cst

from corslint.frameworks.common import ScopedVisitor
from corslint.frameworks.handwritten import headers as H
from corslint.frameworks.handwritten.flow import Alt, FlowAnalysis, FunctionFlow
from corslint.policy import CorsPolicy, HeaderWrites, Option, OriginWrite, Semantics, Value
from corslint.project import ResponseHeader

# Any of these in a module's bytes: CORS headers, werkzeug's CORS properties, or a
# custom response header name (see corslint.files.prefilter.RESPONSE_HEADER_MARKERS).
# Access-Control-* in any form, or a custom response header name as it appears quoted in
# code ("X-Total-Count", b"x-request-id", "Link"): bare `x-` or `Link` would match every
# hyphenated word and prose (a data file of place names made a 480 kB module a candidate).
MARKERS = (b"ccess-control-", b"ccess-Control-", b"CCESS-CONTROL-", b"access_control_",
           b'"X-', b"'X-", b'"x-', b"'x-", b"isposition", b"ISPOSITION",
           b'"Link"', b"'Link'", b'"link"', b"'link'", b'"LINK"', b"'LINK'",
           b"etry-After", b"etry-after", b"ETRY-AFTER", b'"RateLimit', b"'RateLimit", b'"ratelimit',
           b"'ratelimit", b'"RATELIMIT', b"'RATELIMIT", b"ontent-Range", b"ontent-range", b"ONTENT-RANGE")

SEMANTICS = Semantics(
    framework="handwritten",
    display="the browser",
    version_note="",
    regex_mode="fullmatch",
    origins_case_sensitive=True,
    string_as_sequence="single",
    wildcard_credentials="literal",
    wildcard_headers="literal",
    methods_case_sensitive=True,
    star_origin_means_any=True,
    unknown_option_effect="ignored",
)

# Functions that run for every response: a hand-written policy there covers the app.
APP_WIDE_DECORATORS = ("after_request", "after_app_request", "middleware")
APP_WIDE_FUNCTIONS = {"dispatch", "__call__", "process_response", "set_default_headers", "send_wrapper",
                      "prepare", "on_prepare", "finalize_response", "options"}


class _Visitor(ScopedVisitor):
    def __init__(self, module, resolver):
        super().__init__(module, resolver)
        self.functions: List[Tuple[cst.FunctionDef, object, str, bool]] = []
        self.headers: List[ResponseHeader] = []
        self._names: List[str] = []
        self._function_keys: List[str] = []

    def header_name(self, node) -> Optional[str]:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            try:
                text = node.evaluated_value
            except Exception:
                return None
        else:
            value = self.resolve(node)
            text = value.data if value.kind in ("str", "bytes") else None
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        return text if isinstance(text, str) else None

    # -- scopes and names ----------------------------------------------------------
    def on_function(self, node: cst.FunctionDef) -> None:
        key = f"{self.module.path}:{'.'.join(self._names + [node.name.value])}"
        for decorator in node.decorators:
            for write in H.route_response_headers(self.module, decorator, self.header_name):
                self.headers.append(ResponseHeader(write.name, self.span(write.node), key, write.mode))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> Optional[bool]:
        super().visit_FunctionDef(node)
        qualname = ".".join(self._names + [node.name.value])
        app_wide = node.name.value in APP_WIDE_FUNCTIONS or "cors" in node.name.value.lower() or any(
            _decorator_name(d) in APP_WIDE_DECORATORS for d in node.decorators) or \
            any(p.name.value == "handler" for p in node.params.params)
        self.functions.append((node, None, qualname, app_wide))  # scope looked up later, if needed
        self._names.append(node.name.value)
        self._function_keys.append(f"{self.module.path}:{qualname}")
        return True

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._names.pop()
        self._function_keys.pop()
        super().leave_FunctionDef(original_node)

    def visit_ClassDef(self, node: cst.ClassDef) -> Optional[bool]:
        super().visit_ClassDef(node)
        self._names.append(node.name.value)
        return True

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._names.pop()
        super().leave_ClassDef(original_node)

    # -- custom response headers (COR503), anywhere in the module ----------------------
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> Optional[bool]:
        key = self._function_keys[-1] if self._function_keys else f"{self.module.path}:<module>"
        for write in H.find_writes(self.module, node, self.header_name, custom=True):
            if H.is_custom_response_header(write.name):
                self.headers.append(ResponseHeader(write.name, self.span(write.node), key, write.mode))
        return True


def _decorator_name(decorator: cst.Decorator) -> str:
    node = decorator.decorator
    if isinstance(node, cst.Call):
        node = node.func
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""


def collect_response_headers(module, resolver) -> List[ResponseHeader]:
    """The custom response headers a module sets (for modules parsed only for COR503)."""
    visitor = _Visitor(module, resolver)
    module.tree.visit(visitor)
    return visitor.headers


def extract(module, resolver, facts=None) -> List[CorsPolicy]:
    visitor = _Visitor(module, resolver)
    module.tree.visit(visitor)
    if facts is not None:
        for header in visitor.headers:
            facts.add_fact("response-header", header)
    policies: List[CorsPolicy] = []
    # Module-level statements (a shared CORS_HEADERS dict) form one policy, like a function.
    units = [(list(module.tree.body), module.scopes.module_scope, "<module>", True, module.tree)]
    for node, _scope, qualname, app_wide in visitor.functions:
        scope = module.scopes.scope_of(node) or module.scopes.module_scope
        units.append((list(node.body.body) if isinstance(node.body, cst.IndentedBlock) else [node.body],
                      scope, qualname, app_wide, node))
    closures: Dict[int, dict] = {}
    module_vary = False
    for body, scope, qualname, app_wide, node in units:
        own = _writes_cors(module, node, visitor.header_name)
        if not own:
            module_vary = module_vary or _writes_vary_origin(module, resolver, node, scope, visitor.header_name)
            if isinstance(node, cst.Module) or not _mentions_cors(module, node):
                continue
        # Nested functions (an ASGI `send_wrapper`) see the enclosing function's names.
        analysis = FlowAnalysis(module, resolver, scope, visitor.header_name, closures)
        outer = dict(closures.get(id(node)) or {})
        if isinstance(node, cst.FunctionDef):
            for name in _parameter_names(node):
                outer.pop(name, None)
        flow = analysis.run(body, outer)
        if not own:
            continue
        policy = _policy(module, node, qualname, app_wide, flow)
        if policy is not None:
            policies.append(policy)
    # A hook of its own that adds `Vary: Origin` to every response covers the module.
    if module_vary:
        for p in policies:
            p.written.vary_origin = True
    return policies


def _parameter_names(node: cst.FunctionDef) -> List[str]:
    params = node.params
    names = [p.name.value for p in [*params.posonly_params, *params.params, *params.kwonly_params]]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return names


def _mentions_cors(module, node) -> bool:
    text = module.code(node).lower()
    return "access-control-" in text or "access_control_" in text


def _writes_vary_origin(module, resolver, node, scope, header_name) -> bool:
    """Whether a function that writes no CORS header adds `Vary: Origin` (a shared hook)."""
    body = node.body if isinstance(node, cst.FunctionDef) else node
    statements = body.body if isinstance(body, (cst.IndentedBlock, cst.Module)) else [body]
    for statement in statements:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        for write in H.find_writes(module, statement, header_name):
            if write.key == H.VARY and write.value is not None:
                value = resolver.resolve(module, write.value, scope)
                if not value.is_known or _mentions_origin_literal(value):
                    return True
    return False


def _writes_cors(module, node, header_name) -> bool:
    """Whether this function (not its nested functions) writes an Access-Control-* header."""
    body = node.body if isinstance(node, cst.FunctionDef) else node
    statements = body.body if isinstance(body, (cst.IndentedBlock, cst.Module)) else [body]
    for statement in statements:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        for write in H.find_writes(module, statement, header_name):
            if H.is_cors_header(write.name):
                return True
    return False


def _first_known(alts: Tuple[Alt, ...]) -> Value:
    for alt in alts:
        if alt.kind == "literal":
            return alt.value
    return Value.unknown()


def _list_option(name: str, write, property_form: bool) -> Option:
    """A comma-separated header value (or werkzeug's list property) as a list option."""
    value = _first_known(write.alts) if all(a.kind == "literal" for a in write.alts) else Value.unknown()
    if value.kind == "str":
        parts = [p.strip() for p in value.data.split(",")]
        value = Value("list", [Value("str", p, value.span, value.conditions) for p in parts if p],
                      value.span, value.conditions)
    elif value.kind in ("list", "tuple", "set") and not property_form:
        value = Value.unknown(value.span)  # str(list) in a header: not a list of names
    return Option(name, value, None)


def _policy(module, node, qualname: str, app_wide: bool, flow: FunctionFlow) -> Optional[CorsPolicy]:
    written = HeaderWrites(applies_to="app" if app_wide else "function", function=f"{module.path}:{qualname}",
                           origin_checks=list(flow.checks))
    options: Dict[str, Option] = {}
    origin_entries: List[Value] = []
    origin_span = None
    star_span = None
    for write in flow.writes:
        key = write.header.key
        span = module.span(write.header.node)
        if key == H.VARY:
            for alt in write.alts:
                if alt.kind != "literal" or _mentions_origin_literal(alt.value):
                    written.vary_origin = True
            continue
        if key == H.ALLOW_ORIGIN:
            origin_span = origin_span or span
            for alt in write.alts:
                written.origin_writes.append(_origin_write(alt, span, write))
                if alt.kind == "literal" and alt.value.kind == "str" and not _several_origins(alt.value):
                    origin_entries.append(alt.value)
                    if alt.value.data.strip() == "*" and star_span is None:
                        star_span = span
            continue
        display = _display_name(write.header)
        if key == H.ALLOW_CREDENTIALS and "credentials" not in options:
            raw = _first_known(write.alts) if all(a.kind == "literal" for a in write.alts) else Value.unknown()
            if write.header.mode == "property" and raw.kind == "bool":
                raw = Value("str", "true" if raw.data else "false", raw.span, raw.conditions)
            written.credentials_written = raw
            written.credentials_span = span
            intent = _credentials_intent(raw)
            options["credentials"] = Option(display, intent, span)
        elif key == H.ALLOW_METHODS and "methods" not in options:
            options["methods"] = replace(_list_option(display, write, write.header.mode == "property"), span=span)
        elif key == H.ALLOW_HEADERS and "headers" not in options:
            options["headers"] = replace(_list_option(display, write, write.header.mode == "property"), span=span)
        elif key == H.EXPOSE_HEADERS and "expose_headers" not in options:
            options["expose_headers"] = replace(_list_option(display, write, write.header.mode == "property"),
                                                span=span)
        elif key == H.MAX_AGE and "max_age" not in options:
            options["max_age"] = Option(display, _first_known(write.alts), span)
    if not written.origin_writes and not options:
        return None
    origin_entries.extend(v for v in flow.allowed if v.kind == "str")
    complete = all(w.source == "literal" for w in written.origin_writes)
    origins = None
    if written.origin_writes:
        origins = Option("Access-Control-Allow-Origin", Value("list", origin_entries, None, complete=complete),
                         star_span or origin_span)
    label = "module-level headers" if qualname == "<module>" else f"{qualname}()"
    regexes = [Option("Access-Control-Allow-Origin check", pattern, pattern.span) for pattern, _ in flow.regexes]
    semantics = SEMANTICS
    if flow.regexes:
        semantics = replace(SEMANTICS, regex_mode=flow.regexes[0][1])
    return CorsPolicy(
        semantics=semantics,
        span=module.span(node) if not isinstance(node, cst.Module) else (origin_span or _first_span(module, flow)),
        label=label,
        origins=origins,
        origin_regexes=regexes,
        credentials=options.get("credentials"),
        methods=options.get("methods"),
        headers=options.get("headers"),
        expose_headers=options.get("expose_headers") or Option(
            "Access-Control-Expose-Headers", Value("list", []), None, implicit=True),
        max_age=options.get("max_age"),
        written=written,
    )


def _first_span(module, flow: FunctionFlow):
    return module.span(flow.writes[0].header.node)


def _display_name(write: H.HeaderWrite) -> str:
    return "-".join(part.capitalize() for part in write.key.split("-")) if write.mode == "property" else write.name


def _origin_write(alt: Alt, span, write) -> OriginWrite:
    guard = alt.guard
    if alt.kind == "origin":
        return OriginWrite(span, "request-origin", None, checked=guard.checked, weak_checks=list(guard.weak),
                           read=alt.read, dynamic=True, appended=write.header.mode == "add")
    if alt.kind == "literal":
        return OriginWrite(span, "literal", alt.value, checked=guard.checked, weak_checks=list(guard.weak),
                           dynamic=guard.dynamic, appended=write.header.mode == "add")
    return OriginWrite(span, "unknown", None, checked=guard.checked, dynamic=guard.dynamic,
                       appended=write.header.mode == "add")


def _several_origins(value: Value) -> bool:
    text = value.data.strip()
    return text.count("://") > 1 or "," in text or (" " in text and "://" in text)


def _credentials_intent(raw: Value) -> Value:
    """What the author meant: credentials on for "true"/True (whatever the spelling), off for
    "false"/False. COR504 reports spellings browsers do not accept."""
    if raw.kind == "bool":
        return Value("bool", raw.data, raw.span, raw.conditions)
    if raw.kind == "str":
        text = raw.data.strip().lower()
        if text in ("true", "false"):
            return Value("bool", text == "true", raw.span, raw.conditions)
    if raw.kind == "int" and raw.data in (0, 1):
        return Value("bool", bool(raw.data), raw.span, raw.conditions)
    return Value.unknown(raw.span)


def _mentions_origin_literal(value: Value) -> bool:
    if value.kind == "str":
        return any(part.strip().lower() in ("origin", "*") for part in value.data.split(","))
    if value.kind in ("list", "tuple", "set"):
        return any(_mentions_origin_literal(item) for item in value.items()) or not value.complete
    return True  # not a plain literal: do not claim it lacks Origin

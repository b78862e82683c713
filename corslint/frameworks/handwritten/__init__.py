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

Custom response headers (``X-Total-Count``, ``Link``…, for COR503) are collected apart,
for every module, by :mod:`corslint.facts.response_headers`.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Tuple

import libcst as cst

from corslint.frameworks.handwritten import headers as H
from corslint.frameworks.handwritten.flow import Alt, FlowAnalysis, FunctionFlow
from corslint.parsing.walk import statement_blocks, suite_statements
from corslint.parsing.scopes import literal_value
from corslint.policy import CorsPolicy, HeaderWrites, Option, OriginWrite, Semantics, Value
from corslint.values.possibilities import explore

# Access-Control-* in any form, werkzeug's CORS properties, or a constant named for one.
MARKERS = (b"ccess-control-", b"ccess-Control-", b"CCESS-CONTROL-", b"access_control_", b"ACCESS_CONTROL_")


def wants(data: bytes) -> bool:
    """Whether a module may hold a policy of this extractor's: one of its markers occurs."""
    return any(marker in data for marker in MARKERS)


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
    headers_by_hand=True,
)

# Functions that run for every response: a hand-written policy there covers the app.
APP_WIDE_DECORATORS = ("after_request", "after_app_request", "middleware")
APP_WIDE_FUNCTIONS = {"dispatch", "__call__", "process_response", "set_default_headers", "send_wrapper",
                      "prepare", "on_prepare", "finalize_response", "options"}


class _HeaderNames:
    """A header name as written, or through a name resolved in the module scope."""

    def __init__(self, module, resolver):
        self.module = module
        self.resolver = resolver

    def __call__(self, node) -> Optional[str]:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            try:
                text = literal_value(node)
            except Exception:
                return None
        else:
            value = self.resolver.resolve(self.module, node, self.module.scopes.module_scope)
            text = value.data if value.kind in ("str", "bytes") else None
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        return text if isinstance(text, str) else None


def _functions(module) -> List[Tuple[cst.FunctionDef, str, bool, bool]]:
    """(function, qualname, app-wide, has nested functions) for every function of the
    module, outer before inner. Functions are statements, so only statement blocks are
    walked, never expressions: a fraction of a full visit."""
    found: List[list] = []

    def walk(statements, names: List[str]) -> None:
        for statement in statements:
            if isinstance(statement, cst.FunctionDef):
                name = statement.name.value
                entry = [statement, ".".join(names + [name]), _app_wide(statement), False]
                found.append(entry)
                before = len(found)
                walk(suite_statements(statement.body), names + [name])
                entry[3] = len(found) > before
            elif isinstance(statement, cst.ClassDef):
                walk(suite_statements(statement.body), names + [statement.name.value])
            elif isinstance(statement, cst.BaseCompoundStatement):
                for block in statement_blocks(statement):
                    walk(suite_statements(block), names)

    walk(module.tree.body, [])
    return [tuple(entry) for entry in found]



def _app_wide(node: cst.FunctionDef) -> bool:
    return node.name.value in APP_WIDE_FUNCTIONS or "cors" in node.name.value.lower() or any(
        _decorator_name(d) in APP_WIDE_DECORATORS for d in node.decorators) or \
        any(p.name.value == "handler" for p in node.params.params)


def _decorator_name(decorator: cst.Decorator) -> str:
    node = decorator.decorator
    if isinstance(node, cst.Call):
        node = node.func
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""


def extract(module, resolver) -> List[CorsPolicy]:
    header_name = _HeaderNames(module, resolver)
    policies: List[CorsPolicy] = []
    # Module-level statements (a shared CORS_HEADERS dict) form one policy, like a function.
    units = [(list(module.tree.body), None, "<module>", True, module.tree, False)]
    for node, qualname, app_wide, has_nested in _functions(module):
        units.append((list(suite_statements(node.body)), node, qualname, app_wide, node, has_nested))
    closures: Dict[int, dict] = {}
    module_vary = False
    for body, scope_node, qualname, app_wide, node, has_nested in units:
        writes = _own_writes(module, body, header_name)
        own = any(H.is_cors_header(write.name) for write in writes)
        scope = None
        if not own:
            if not module_vary and any(write.key == H.VARY and write.value is not None for write in writes):
                scope = _scope(module, scope_node)
                module_vary = _adds_vary_origin(module, resolver, writes, scope)
            # A function that writes no CORS header is analysed only for the names its
            # nested functions (an ASGI `send_wrapper`) may see.
            if isinstance(node, cst.Module) or not has_nested or not _mentions_cors(module, node):
                continue
        scope = scope or _scope(module, scope_node)
        # Nested functions (an ASGI `send_wrapper`) see the enclosing function's names.
        outer = dict(closures.get(id(node)) or {})
        parameters = frozenset(_parameter_names(node)) if isinstance(node, cst.FunctionDef) else frozenset()
        for name in parameters:
            outer.pop(name, None)
        if not own:
            FlowAnalysis(module, resolver, scope, header_name, closures).run(body, outer)
            continue
        cors_lines = _rewritten_lines(module, writes)
        unit = (body, node, qualname, app_wide, scope, outer, parameters, cors_lines)
        # Each unit is judged in every world of the branches it meets (a configuration `if`
        # around its writes, a header value chosen by a module-level branch), on its own: a
        # unit that meets none is analysed once, and one that does repeats only itself.
        policies.extend(explore(resolver, lambda unit=unit: _unit_policies(module, resolver, header_name,
                                                                          closures, unit), in_functions=False))
    # A hook of its own that adds `Vary: Origin` to every response covers the module.
    if module_vary:
        for p in policies:
            p.written.vary_origin = True
    return policies


def _rewritten_lines(module, writes) -> frozenset:
    """The lines of the CORS headers a function writes at more than one place. Only an `if`
    holding one of them needs its arms taken apart: there the merged reading would keep one
    write and drop the other (or join writes that never meet). A header written once keeps
    its guard, which the rules read, without a world of its own: a library middleware whose
    every header sits behind its own setting (`if conf.CORS_ALLOW_CREDENTIALS:`) is analysed
    once, not once per combination of settings."""
    sites: Dict[str, List[int]] = {}
    for write in writes:
        if H.is_cors_header(write.name):
            sites.setdefault(write.key, []).append(module.positions[write.node].start.line)
    return frozenset(line for lines in sites.values() if len(lines) > 1 for line in lines)


def _unit_policies(module, resolver, header_name, closures, unit) -> List[CorsPolicy]:
    """The policy of one function (or the module's statements) in the resolver's world."""
    body, node, qualname, app_wide, scope, outer, parameters, cors_lines = unit
    analysis = FlowAnalysis(module, resolver, scope, header_name, closures, cors_lines, parameters)
    policy = _policy(module, node, qualname, app_wide, analysis.run(body, outer))
    return [policy] if policy is not None else []


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


def _scope(module, function):
    if function is None:
        return module.scopes.module_scope
    return module.scopes.scope_of(function) or module.scopes.module_scope


def _own_writes(module, statements, header_name) -> List[H.HeaderWrite]:
    """The CORS and Vary writes of these statements, not of nested functions or classes."""
    writes: List[H.HeaderWrite] = []
    for statement in statements:
        if not isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            writes.extend(H.find_writes(module, statement, header_name))
    return writes


def _adds_vary_origin(module, resolver, writes, scope) -> bool:
    """Whether a function that writes no CORS header adds `Vary: Origin` (a shared hook)."""
    for write in writes:
        if write.key == H.VARY and write.value is not None:
            value = resolver.resolve(module, write.value, scope)
            if not value.is_known or _mentions_origin_literal(value):
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
            written.credentials_branches = write.guard.branches
            written.credentials_switches = tuple(c.split(":", 1)[1] for c in write.guard.context
                                                 if c.startswith("switch:"))
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
        elif key == H.ALLOW_PRIVATE_NETWORK and "private_network" not in options:
            options["private_network"] = Option(display, _private_network_intent(write), span)
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
        private_network=options.get("private_network"),
        written=written,
    )


def _private_network_intent(write) -> Value:
    """What an `Access-Control-Allow-Private-Network` value tells Chromium: only the exact
    string `true` grants access (a bool property value counts as its `true`/`false`)."""
    if not all(a.kind == "literal" for a in write.alts):
        return Value.unknown()
    raw = _first_known(write.alts)
    if raw.kind == "str":
        return Value("bool", raw.data.strip() == "true", raw.span, raw.conditions)
    if raw.kind == "bool":
        return raw
    return Value.unknown(raw.span)


def _first_span(module, flow: FunctionFlow):
    return module.span(flow.writes[0].header.node)


def _display_name(write: H.HeaderWrite) -> str:
    return "-".join(part.capitalize() for part in write.key.split("-")) if write.mode == "property" else write.name


def _origin_write(alt: Alt, span, write) -> OriginWrite:
    guard = alt.guard
    if alt.kind == "origin":
        return OriginWrite(span, "request-origin", None, checked=guard.checked, weak_checks=list(guard.weak),
                           context=guard.context, branches=guard.branches,
                           read=alt.read, dynamic=True, appended=write.header.mode == "add")
    if alt.kind == "literal":
        return OriginWrite(span, "literal", alt.value, checked=guard.checked, weak_checks=list(guard.weak),
                           dynamic=guard.dynamic, appended=write.header.mode == "add", branches=guard.branches)
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

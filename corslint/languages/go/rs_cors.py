"""rs/cors and go-chi/cors (a fork of rs/cors): `cors.Options{...}` given to `cors.New`,
`cors.Handler` (go-chi) or kept in a variable, and the ready-made `cors.Default()` and
`cors.AllowAll()`.

Semantics, read in the libraries' source (rs/cors 1.7.0 as packaged by Debian and
1.11.1 upstream; go-chi/cors 1.2.1, both the same here; see docs/go-rs-cors.md):

* no `AllowedOrigins` and no origin function: every origin is allowed (`*` is sent);
* `"*"` anywhere in `AllowedOrigins` turns the whole list into "every origin";
* an entry with a `*` is a wildcard pattern: the part before the first `*` must be a
  prefix and the part after it a suffix of the origin (`https://*.example.com`, and
  `https://*example.com` also lets `https://evilexample.com` in);
* allowed origins and the request's Origin are both lower-cased before comparing;
* every origin allowed plus `AllowCredentials: true` sends `Access-Control-Allow-Origin: *`
  with `Access-Control-Allow-Credentials: true`, which browsers refuse for credentialed
  requests;
* an `AllowOriginFunc` (or `AllowOriginRequestFunc`, `AllowOriginVaryRequestFunc`) replaces
  `AllowedOrigins` entirely; the request's Origin is echoed when it returns true;
* `MaxAge` is sent in seconds when positive.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List, Optional

from corslint.languages.go.common import always_true, function_parts, imports, weak_checks
from corslint.languages.go.values import GoValues
from corslint.languages.source import ForeignSource, child, forwards_preset, walk
from corslint.policy import CorsPolicy, HeaderWrites, Option, OriginWrite, Semantics, Value

MARKERS = (b"github.com/rs/cors", b"github.com/go-chi/cors")

RS_CORS = Semantics(
    framework="rs-cors",
    display="rs/cors",
    version_note="rs/cors 1.7-1.11",
    regex_mode="fullmatch",
    origins_case_sensitive=False,
    string_as_sequence="single",
    wildcard_credentials="literal",
    wildcard_headers="reflect",
    methods_case_sensitive=False,
    star_origin_means_any=True,
    unknown_option_effect="ignored",
    origin_globs=True,
    language="go",
    setting_form="field",
)
CHI_CORS = replace(RS_CORS, framework="go-chi-cors", display="go-chi/cors", version_note="go-chi/cors 1.2")

LIBRARIES = {"github.com/rs/cors": RS_CORS, "github.com/go-chi/cors": CHI_CORS}
# The origin is the function's last string parameter: `func(origin string) bool` in rs/cors,
# `func(r *http.Request, origin string) bool` in go-chi/cors and AllowOriginRequestFunc.
ORIGIN_FUNCTIONS = ("AllowOriginFunc", "AllowOriginRequestFunc", "AllowOriginVaryRequestFunc")
_FIELDS = {"AllowedOrigins": "origins", "AllowCredentials": "credentials", "AllowedMethods": "methods",
           "AllowedHeaders": "headers", "ExposedHeaders": "expose_headers", "MaxAge": "max_age",
           "AllowPrivateNetwork": "private_network"}


def extract(source: ForeignSource) -> List[CorsPolicy]:
    packages = {name: LIBRARIES[path] for name, path in imports(source).items() if path in LIBRARIES}
    if not packages:
        return []
    values = GoValues(source)
    policies: List[CorsPolicy] = []
    for node in walk(source.root):
        if node.type == "composite_literal":
            semantics = _options_type(source, child(node, "type"), packages)
            if semantics is not None:
                policies.append(_from_options(source, values, node, semantics, packages))
        elif node.type == "call_expression":
            function = child(node, "function")
            if function is None or function.type != "selector_expression":
                continue
            package, field = child(function, "operand"), child(function, "field")
            semantics = packages.get(source.text_of(package)) if package is not None else None
            if semantics is None or field is None:
                continue
            name = source.text_of(field)
            if (name == "AllowAll" or (name == "Default" and semantics is RS_CORS)) \
                    and not forwards_preset(source, node, name):
                policies.append(_ready_made(source, node, semantics, name, source.text_of(package)))
    return policies


def _options_type(source: ForeignSource, type_node, packages) -> Optional[Semantics]:
    if type_node is None or type_node.type != "qualified_type":
        return None
    package, name = child(type_node, "package"), child(type_node, "name")
    if package is None or name is None or source.text_of(name) != "Options":
        return None
    return packages.get(source.text_of(package))


def _declaration(source: ForeignSource, node, packages) -> tuple:
    """The call that makes the middleware (`cors.New(cors.Options{...})`), when the literal is
    given to it directly; otherwise the literal itself."""
    parent = node.parent
    if parent is not None and parent.type == "unary_expression":
        parent = parent.parent
    if parent is not None and parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        function = child(call, "function")
        if call.type == "call_expression" and function is not None and function.type == "selector_expression" \
                and source.text_of(child(function, "operand")) in packages:
            return call, source.text_of(function)
    return node, source.text_of(child(node, "type"))


def _from_options(source: ForeignSource, values: GoValues, node, semantics: Semantics, packages) -> CorsPolicy:
    declaration, label = _declaration(source, node, packages)
    options = {}
    decider = None  # an origin function: (field name, expression, span)
    body = child(node, "body")
    for element in (body.named_children if body is not None else []):
        if element.type != "keyed_element":
            continue
        key, value_node = element.named_children[0], element.named_children[-1]
        name = source.text_of(key)
        expression = value_node.named_children[0] if value_node.named_child_count == 1 else value_node
        if name in ORIGIN_FUNCTIONS:
            decider = (name, expression, source.span(element))
            continue
        attribute = _FIELDS.get(name)
        if attribute is None:
            continue
        options[attribute] = Option(name, values.resolve(expression), source.span(element),
                                    value_span=source.span(expression))
    policy = CorsPolicy(semantics=semantics, span=source.span(declaration), label=label,
                        credentials=options.get("credentials"), methods=options.get("methods"),
                        headers=options.get("headers"),
                        expose_headers=options.get("expose_headers") or Option(
                            "ExposedHeaders", Value("list", []), None, implicit=True),
                        max_age=options.get("max_age"), private_network=options.get("private_network"))
    if decider is not None:
        origin_function(source, values, policy, *decider)
    elif "origins" in options and _nonempty(options["origins"].value) is not False:
        policy.origins = options["origins"]
    else:
        # No AllowedOrigins (or an empty list): rs/cors allows every origin and sends `*`.
        written = options.get("origins")
        policy.origins = Option("AllowedOrigins", Value("list", [Value("str", "*")]),
                                written.span if written is not None else None, implicit=True)
    sends_star(policy)
    return policy


def sends_star(policy: CorsPolicy) -> None:
    """With every origin allowed, rs/cors sends `*`, never the request's Origin."""
    policy.send_wildcard = Option("send_wildcard", Value("bool", True), None, implicit=True)


def _nonempty(value: Value) -> Optional[bool]:
    if value.is_sequence:
        return True if value.data else (None if not value.complete else False)
    return None if not value.is_known else True


def origin_function(source: ForeignSource, values: GoValues, policy: CorsPolicy, name: str, expression,
                     span, adds_vary: bool = True) -> None:
    """The function decides alone; the request's Origin is echoed whenever it returns true."""
    policy.origins = Option(name, Value.unknown(span), span)
    parts = function_parts(source, values, expression)
    if parts is None:
        return
    body, parameters = parts
    tainted = tuple(parameters[-1:])
    if always_true(source, body):
        write = OriginWrite(span, "request-origin", read=f"{name} returns true for every origin", dynamic=True)
    else:
        checks = weak_checks(source, values, body, tainted)
        if not checks:
            return
        write = OriginWrite(span, "request-origin", read=name, weak_checks=checks, dynamic=True)
    # rs/cors adds `Vary: Origin` itself whenever it checks origins.
    policy.written = HeaderWrites(origin_writes=[write], origin_checks=list(write.weak_checks),
                                  vary_origin=adds_vary, applies_to="app", function=f"{source.path}:{name}")
    policy.semantics = replace(policy.semantics, wildcard_credentials="reflect")


def _ready_made(source: ForeignSource, node, semantics: Semantics, name: str, package: str) -> CorsPolicy:
    span = source.span(node)
    star = Value("list", [Value("str", "*", span)], span)
    policy = CorsPolicy(semantics=semantics, span=span, label=f"{package}.{name}()",
                        origins=Option(f"{package}.{name}()", star, span, implicit=name == "Default"),
                        credentials=Option("AllowCredentials", Value("bool", False), None, implicit=True),
                        expose_headers=Option("ExposedHeaders", Value("list", []), None, implicit=True))
    if name == "AllowAll":
        policy.headers = Option(f"{package}.{name}()", Value("list", [Value("str", "*", span)], span), span)
    sends_star(policy)
    return policy

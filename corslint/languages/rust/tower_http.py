"""tower-http's `CorsLayer` (used with axum): `CorsLayer::new()` and its builder calls,
`CorsLayer::permissive()` and `CorsLayer::very_permissive()`.

Semantics, from tower-http 0.7.0's source (src/cors/mod.rs, allow_origin.rs; see
docs/rust-tower-http.md):

* `new()` allows no origin until `.allow_origin(..)` is called; the last call wins;
* `.allow_origin(Any)` (or `AllowOrigin::any()`, or an exact `*`) sends `*`;
  `AllowOrigin::exact(v)` always sends `v`; a list sends the request's Origin when it is
  equal (byte for byte) to an entry; `AllowOrigin::mirror_request()` echoes every origin;
  `AllowOrigin::predicate(f)` echoes the origin when `f` returns true;
* credentials with a wildcard origin (or wildcard headers, methods or expose list) make
  `ensure_usable_cors_rules` panic when the layer is applied, so the service never starts;
* `permissive()` is `Any` for origins, headers, methods and expose headers, without
  credentials; `very_permissive()` mirrors origin, headers and methods, with credentials.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List

from corslint.languages.rust.common import chain, closure_checks, constructor_calls, origin_list, path_name
from corslint.languages.rust.values import RustValues
from corslint.languages.source import ForeignSource, forwards_preset
from corslint.policy import CorsPolicy, HeaderWrites, Option, OriginWrite, Semantics, Value

MARKERS = (b"CorsLayer",)

SEMANTICS = Semantics(
    framework="tower-http",
    display="tower-http's CorsLayer",
    version_note="tower-http 0.7",
    origins_case_sensitive=True,
    string_as_sequence="single",
    wildcard_credentials="refused",
    wildcard_credentials_refusal=("`CorsLayer` panics when it is applied (\"Invalid CORS configuration: Cannot "
                                  "combine `Access-Control-Allow-Credentials: true` with "
                                  "`Access-Control-Allow-Origin: *`\")"),
    wildcard_headers="literal",
    methods_case_sensitive=True,
    star_origin_means_any=True,
    unknown_option_effect="ignored",
    language="rust",
    setting_form="call",
    max_age_form="Duration::from_secs({})",
)
_ANY = ("Any", "AllowOrigin::any", "AllowHeaders::any", "AllowMethods::any", "ExposeHeaders::any")
_MIRROR = ("AllowOrigin::mirror_request", "AllowHeaders::mirror_request", "AllowMethods::mirror_request")


def extract(source: ForeignSource) -> List[CorsPolicy]:
    values = RustValues(source)
    policies = []
    for node, constructor in constructor_calls(source, "CorsLayer", ("new", "permissive", "very_permissive",
                                                                     "default")):
        outer, steps = chain(source, node)
        if not steps and constructor in ("permissive", "very_permissive") and forwards_preset(source, node, constructor):
            continue  # a wrapper of the same name passes the preset on
        policies.append(_policy(source, values, node, constructor, outer, steps))
    return policies


def _star(span) -> Value:
    return Value("list", [Value("str", "*", span)], span)


def _policy(source: ForeignSource, values: RustValues, root, constructor: str, outer, steps) -> CorsPolicy:
    root_span = source.span(root)
    label = f"CorsLayer::{constructor}()"
    policy = CorsPolicy(semantics=SEMANTICS, span=source.span(outer), label=label,
                        origins=Option("allow_origin", Value("list", []), None, implicit=True),
                        credentials=Option("allow_credentials", Value("bool", False), None, implicit=True),
                        expose_headers=Option("expose_headers", Value("list", []), None, implicit=True))
    if constructor == "permissive":
        policy.origins = Option(label, _star(root_span), root_span)
        policy.headers = Option(label, _star(root_span), root_span)
        policy.expose_headers = Option(label, _star(root_span), root_span)
    elif constructor == "very_permissive":
        policy.credentials = Option(label, Value("bool", True, root_span), root_span)
        _mirror(policy, label, root_span)
    for step in steps:
        span = source.span(step.field, step.node)  # `.max_age(..)`, not the chain before it
        arg = step.args[0] if len(step.args) == 1 else None
        if step.method == "allow_origin" and arg is not None:
            _allow_origin(source, values, policy, arg, span)
        elif step.method == "allow_credentials" and arg is not None:
            policy.credentials = Option(f"allow_credentials({source.text_of(arg)})", values.resolve(arg), span,
                                        value_span=source.span(arg))
        elif step.method in ("allow_headers", "expose_headers") and arg is not None:
            name = path_name(source, arg)
            value = _star(source.span(arg)) if name in _ANY else (origin_list(values, arg) or Value.unknown())
            # `allow_headers(Any)` is named as written: messages quote the call, not a list.
            label = f"{step.method}({source.text_of(arg)})" if name in _ANY else step.method
            option = Option(label, value, span, value_span=source.span(arg))
            setattr(policy, "headers" if step.method == "allow_headers" else "expose_headers", option)
        elif step.method == "max_age" and arg is not None:
            policy.max_age = Option("max_age", values.resolve(arg), span, value_span=source.span(arg))
        elif step.method == "allow_private_network" and arg is not None:
            policy.private_network = Option("allow_private_network", values.resolve(arg), span)
    return policy


def _mirror(policy: CorsPolicy, name: str, span) -> None:
    """Every origin echoed: no list to judge, an allow-everything switch that reflects."""
    policy.origins = Option(name, Value("list", [], complete=False), span)
    policy.allow_all_origins = Option(name, Value("bool", True, span), span)
    policy.semantics = replace(policy.semantics, wildcard_credentials="reflect")


def _allow_origin(source: ForeignSource, values: RustValues, policy: CorsPolicy, arg, span) -> None:
    policy.allow_all_origins = None
    policy.written = None
    policy.semantics = SEMANTICS
    name = path_name(source, arg)
    text = f"allow_origin({source.text_of(arg)})"
    if name in _ANY:  # named as written (`allow_origin(Any)`): messages quote the call
        policy.origins = Option(text, _star(source.span(arg)), span, value_span=source.span(arg))
        return
    if name in _MIRROR:
        _mirror(policy, f"allow_origin({name}())", span)
        return
    if name in ("AllowOrigin::predicate", "AllowOrigin::async_predicate"):
        policy.origins = Option("allow_origin", Value.unknown(span), span)
        closure = arg.named_children[-1].named_children[0] if arg.named_children and \
            arg.named_children[-1].named_children else None
        if closure is None or closure.type != "closure_expression":
            return
        always, checks = closure_checks(source, values, closure)
        if not always and not checks:
            return
        write = OriginWrite(span, "request-origin", read=text if always else "AllowOrigin::predicate",
                            weak_checks=checks, dynamic=True)
        policy.written = HeaderWrites(origin_writes=[write], origin_checks=list(checks), vary_origin=True,
                                      applies_to="app", function=f"{source.path}:{policy.label}")
        policy.semantics = replace(SEMANTICS, wildcard_credentials="reflect")
        return
    if name in ("AllowOrigin::exact", "AllowOrigin::list") and arg.type == "call_expression":
        inner = arg.named_children[-1].named_children
        arg = inner[0] if len(inner) == 1 else arg
    value = origin_list(values, arg)
    policy.origins = Option("allow_origin", value if value is not None else Value.unknown(span), span,
                            value_span=source.span(arg))

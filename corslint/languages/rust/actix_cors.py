"""actix-cors's `Cors` middleware: `Cors::default()` (nothing allowed) or `Cors::permissive()`
and their builder calls.

Semantics, from actix-cors 0.7.1's source (src/builder.rs, src/inner.rs; see
docs/rust-actix-cors.md):

* `default()` allows no origin; each `.allowed_origin("..")` adds one, compared exactly
  (case-sensitively) with the request's Origin; `.allowed_origin_fn(f)` is asked for the
  origins the list does not hold;
* `.allow_any_origin()` allows every origin and, unless `.send_wildcard()` is set, echoes
  the request's Origin, so with `.supports_credentials()` any site gets credentialed access;
* `.send_wildcard()` with every origin and credentials makes the middleware factory fail,
  so the application never starts;
* `permissive()` allows every origin, method and header, exposes every header, supports
  credentials and echoes the Origin: any website can act as the logged-in user.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List

from corslint.languages.rust.common import chain, closure_checks, constructor_calls, origin_list
from corslint.languages.rust.values import RustValues
from corslint.languages.source import ForeignSource, forwards_preset
from corslint.policy import CorsPolicy, HeaderWrites, Option, OriginWrite, Semantics, Value

MARKERS = (b"actix_cors",)

SEMANTICS = Semantics(
    framework="actix-cors",
    display="actix-cors",
    version_note="actix-cors 0.7",
    origins_case_sensitive=True,
    string_as_sequence="single",
    wildcard_credentials="reflect",
    wildcard_headers="reflect",
    methods_case_sensitive=True,
    star_origin_means_any=True,
    unknown_option_effect="ignored",
    language="rust",
    setting_form="call",
)
REFUSED = replace(SEMANTICS, wildcard_credentials="refused", wildcard_credentials_refusal=(
    "with `.send_wildcard()` its middleware factory fails (\"Illegal combination of CORS options: credentials "
    "can not be supported when all origins are allowed and `send_wildcard` is enabled.\")"))


def extract(source: ForeignSource) -> List[CorsPolicy]:
    values = RustValues(source)
    policies = []
    for node, constructor in constructor_calls(source, "Cors", ("default", "permissive")):
        outer, steps = chain(source, node)
        if not steps and constructor in ("permissive",) and forwards_preset(source, node, constructor):
            continue  # a wrapper of the same name passes the preset on
        policies.append(_policy(source, values, node, constructor, outer, steps))
    return policies


def _policy(source: ForeignSource, values: RustValues, root, constructor: str, outer, steps) -> CorsPolicy:
    root_span = source.span(root)
    label = f"Cors::{constructor}()"
    policy = CorsPolicy(semantics=SEMANTICS, span=source.span(outer), label=label,
                        credentials=Option("supports_credentials()", Value("bool", False), None, implicit=True),
                        expose_headers=Option("expose_headers", Value("list", []), None, implicit=True))
    entries: List[Value] = []
    any_origin = None
    send_wildcard = False
    if constructor == "permissive":
        any_origin = Option(label, Value("bool", True, root_span), root_span)
        policy.credentials = Option(label, Value("bool", True, root_span), root_span)
        policy.headers = Option(label, Value("list", [Value("str", "*", root_span)], root_span), root_span)
        policy.max_age = Option(label, Value("int", 3600, root_span), root_span, implicit=True)
    function_write = None
    for step in steps:
        span = source.span(step.field, step.node)  # `.max_age(..)`, not the chain before it
        arg = step.args[0] if len(step.args) == 1 else None
        if step.method == "allowed_origin" and arg is not None:
            value = values.resolve(arg)
            entries.append(value if value.is_known else Value.unknown(span))
            any_origin = None  # actix-cors resets "all" to a set on the first allowed origin
        elif step.method == "allow_any_origin":
            any_origin = Option("allow_any_origin()", Value("bool", True, span), span)
        elif step.method == "send_wildcard":
            send_wildcard = True
        elif step.method == "supports_credentials":
            policy.credentials = Option("supports_credentials()", Value("bool", True, span), span)
        elif step.method == "allowed_origin_fn" and arg is not None and arg.type == "closure_expression":
            always, checks = closure_checks(source, values, arg)
            if always or checks:
                function_write = OriginWrite(span, "request-origin", read="allowed_origin_fn", weak_checks=checks,
                                             dynamic=True)
        elif step.method == "expose_headers" and arg is not None:
            policy.expose_headers = Option("expose_headers", origin_list(values, arg) or Value.unknown(span), span)
        elif step.method == "expose_any_header":
            policy.expose_headers = Option("expose_any_header()", Value("list", [Value("str", "*", span)]), span)
        elif step.method == "allowed_headers" and arg is not None:
            policy.headers = Option("allowed_headers", origin_list(values, arg) or Value.unknown(span), span)
        elif step.method == "allow_any_header":
            policy.headers = Option("allow_any_header()", Value("list", [Value("str", "*", span)], span), span)
        elif step.method == "max_age" and arg is not None:
            policy.max_age = Option("max_age", values.resolve(arg), span, value_span=source.span(arg))
        elif step.method == "allow_private_network_access":
            policy.private_network = Option("allow_private_network_access()", Value("bool", True, span), span)
    complete = all(e.is_known for e in entries)
    policy.origins = Option("allowed_origin", Value("list", entries, None, complete=complete),
                            entries[0].span if entries else None, implicit=not entries)
    if any_origin is not None:
        if send_wildcard:
            policy.origins = Option(any_origin.name, Value("list", [Value("str", "*", any_origin.span)]),
                                    any_origin.span)
            policy.semantics = REFUSED
        else:  # every Origin echoed: no list to judge, an allow-everything switch
            policy.origins = Option(any_origin.name, Value("list", [], complete=False), any_origin.span)
            policy.allow_all_origins = any_origin
    if function_write is not None:
        policy.written = HeaderWrites(origin_writes=[function_write], origin_checks=list(function_write.weak_checks),
                                      vary_origin=True, applies_to="app", function=f"{source.path}:{label}")
    return policy

"""gorilla/handlers' CORS middleware: `handlers.CORS(handlers.AllowedOrigins(...),
handlers.AllowCredentials(), ...)(router)`, with the options written inline or kept in
variables first (`originsOk := handlers.AllowedOrigins(...)`, as its README does).

Semantics, from gorilla/handlers 1.5.1's `cors.go` (Debian's golang-github-gorilla-handlers-dev;
see docs/go-gorilla-handlers.md):

* no `AllowedOrigins` and no `AllowedOriginValidator`: every origin, `*` is sent;
* `"*"` in `AllowedOrigins` sends `*` (also with `AllowCredentials()`, which browsers
  then refuse); other entries are compared exactly (case-sensitive) and echoed;
* `AllowedOriginValidator(fn)` decides alone; the Origin is echoed when it returns true;
* `MaxAge` is capped at 600 seconds by the library itself.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List

from corslint.languages.go.common import imports
from corslint.languages.go.rs_cors import RS_CORS, origin_function, sends_star
from corslint.languages.go.values import GoValues
from corslint.languages.source import ForeignSource, child, walk
from corslint.policy import CorsPolicy, Option, Value

MARKERS = (b"github.com/gorilla/handlers",)
PATH = "github.com/gorilla/handlers"
MAX_AGE_CAP = 600

SEMANTICS = replace(RS_CORS, framework="gorilla-handlers", display="gorilla/handlers CORS",
                    version_note="gorilla/handlers 1.5", origins_case_sensitive=True, origin_globs=False,
                    methods_case_sensitive=True, setting_form="call")
_LISTS = {"AllowedOrigins": "origins", "AllowedHeaders": "headers", "AllowedMethods": "methods",
          "ExposedHeaders": "expose_headers"}


def extract(source: ForeignSource) -> List[CorsPolicy]:
    packages = [name for name, path in imports(source).items() if path == PATH]
    if not packages:
        return []
    values = GoValues(source)
    policies = []
    for node in walk(source.root):
        if node.type == "call_expression" and _call_name(source, node, packages) == "CORS":
            policies.append(_policy(source, values, node, packages))
    return policies


def _call_name(source: ForeignSource, node, packages) -> str:
    function = child(node, "function")
    if function is None or function.type != "selector_expression":
        return ""
    operand, field = child(function, "operand"), child(function, "field")
    if operand is None or field is None or source.text_of(operand) not in packages:
        return ""
    return source.text_of(field)


def _policy(source: ForeignSource, values: GoValues, call, packages) -> CorsPolicy:
    policy = CorsPolicy(semantics=SEMANTICS, span=source.span(call), label="handlers.CORS(...)",
                        credentials=Option("AllowCredentials()", Value("bool", False), None, implicit=True),
                        expose_headers=Option("ExposedHeaders", Value("list", []), None, implicit=True))
    arguments = child(call, "arguments")
    validator = None
    for argument in (arguments.named_children if arguments is not None else []):
        option = argument
        if option.type == "identifier":
            option = values.definition(option)
        if option is None or option.type != "call_expression":
            continue
        name = _call_name(source, option, packages)
        args = child(option, "arguments").named_children if child(option, "arguments") is not None else []
        span = source.span(option)
        if name in _LISTS and len(args) == 1:
            setattr(policy, _LISTS[name], Option(name, values.resolve(args[0]), span,
                                                 value_span=source.span(args[0])))
        elif name == "AllowCredentials":
            policy.credentials = Option("AllowCredentials()", Value("bool", True, span), span)
        elif name == "MaxAge" and len(args) == 1:
            age = values.resolve(args[0])
            if age.kind == "int" and age.data > MAX_AGE_CAP:  # the library caps it
                age = Value("int", MAX_AGE_CAP, age.span, age.conditions)
            policy.max_age = Option(name, age, span)
        elif name == "AllowedOriginValidator" and len(args) == 1:
            validator = (name, args[0], span)
    if validator is not None:
        origin_function(source, values, policy, *validator, adds_vary=False)  # Vary only for 2+ origins
        return policy
    origins = policy.origins
    if origins is None or (origins.value.is_sequence and not origins.value.data and origins.value.complete):
        policy.origins = Option("AllowedOrigins", Value("list", [Value("str", "*")]),
                                origins.span if origins is not None else None, implicit=True)
        sends_star(policy)
    elif origins.value.is_sequence and any(item.kind == "str" and item.data == "*" for item in origins.value.items()):
        sends_star(policy)
    return policy

"""aiohttp-cors (0.8): ``aiohttp_cors.setup(app, defaults={...})`` and ``cors.add(route, {...})``.

A configuration maps an origin to its options, given as ``ResourceOptions(...)`` or a
plain dict. Each origin key becomes one policy. Semantics, from ``cors_config.py`` and
``preflight_handler.py``: the request's Origin is looked up with ``config.get(origin,
config.get("*"))``, so keys are compared as exact strings and ``"*"`` is the fallback for
every origin; ``Access-Control-Allow-Origin`` always echoes the request's origin, so
``"*"`` with ``allow_credentials=True`` lets any website make credentialed requests;
``allow_headers="*"`` accepts whatever headers a preflight asks for; route configs are
chained over the ``defaults`` (``collections.ChainMap``), so a default key applies to
every route added with ``cors.add``. Unknown keys in a dict raise ``ValueError`` and
unknown ``ResourceOptions`` keywords raise ``TypeError``, both at start-up.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

import libcst as cst

from corslint.frameworks.common import ScopedVisitor, call_options, make_option, literal_default
from corslint.frameworks.common import CallOptions
from corslint.policy import CorsPolicy, Option, Semantics, Span, Value
from corslint.values.possibilities import explored

MARKERS = (b"aiohttp_cors",)


def wants(data: bytes) -> bool:
    """Whether a module may hold a policy of this extractor's: one of its markers occurs."""
    return any(marker in data for marker in MARKERS)


SEMANTICS = Semantics(
    framework="aiohttp-cors",
    display="aiohttp-cors",
    version_note="aiohttp-cors 0.8",
    regex_mode="fullmatch",
    origins_case_sensitive=True,
    string_as_sequence="single",
    wildcard_credentials="reflect",
    wildcard_headers="reflect",
    # ResourceOptions upper-cases allow_methods and the preflight tests method.upper() (0.8.1,
    # resource_options.py); Chromium passes a PUT preflight with allow_methods=['put'].
    methods_case_sensitive=False,
    star_origin_means_any=True,
    unknown_option_effect="type-error",
)

SETUP = {"aiohttp_cors.setup"}
RESOURCE_OPTIONS = {"aiohttp_cors.ResourceOptions", "aiohttp_cors.resource_options.ResourceOptions"}
KNOWN_OPTIONS = ("allow_credentials", "expose_headers", "allow_headers", "max_age", "allow_methods")


class _Visitor(ScopedVisitor):
    def __init__(self, module, resolver):
        super().__init__(module, resolver)
        # (origin key Value, entry span, options, where the config is given)
        self.entries: List[Tuple[Value, Span, CallOptions, List[str]]] = []

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        qualified = self.qualify(node.func)
        config = None
        if qualified in SETUP:
            config = _argument(node, "defaults", None)
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value == "add" and self._is_cors(node.func.value):
            config = _argument(node, "config", 1)
        if config is not None:
            self._config(self._literal(config))
        return True

    def _is_cors(self, receiver: cst.BaseExpression) -> bool:
        """`cors` in `cors.add(...)`: bound to `aiohttp_cors.setup(...)`."""
        if isinstance(receiver, cst.Call):
            return self.qualify(receiver.func) in SETUP
        if isinstance(receiver, cst.Name):
            binding = self._assignment(receiver.value)
            return binding is not None and binding.kind == "assign" and isinstance(binding.value, cst.Call) \
                and self.resolver.qualify(self.module, binding.value.func, binding.scope) in SETUP
        return False

    def _assignment(self, name: str):
        """The one assignment of `name` in the nearest scope that binds it (`cors.add(...)`
        calls are recorded as mutations of `cors` and do not count)."""
        for frame in self.scope.lookup_chain():
            bindings = [b for b in frame.bindings.get(name, []) if b.kind not in ("annotation", "mutate")]
            if bindings:
                return bindings[0] if len(bindings) == 1 and bindings[0].kind == "assign" else None
        return None

    def _literal(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """Follow a name bound once to its expression (a dict or a ResourceOptions call)."""
        if isinstance(node, cst.Name):
            binding = self.resolver.single_binding(self.module, self.scope, node.value)
            if binding is not None and binding.kind == "assign" and binding.value is not None:
                return binding.value
        return node

    def _config(self, node: cst.BaseExpression) -> None:
        if not isinstance(node, cst.Dict):
            return
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = self.resolve(element.key)
            if key.kind != "str":
                continue
            options = self._options(self._literal(element.value))
            if options is not None:
                self.entries.append((key, self.span(element), options[0], options[1]))

    def _options(self, node: cst.BaseExpression) -> Optional[Tuple[CallOptions, List[str]]]:
        if isinstance(node, cst.Call) and self.qualify(node.func) in RESOURCE_OPTIONS:
            options = call_options(self, node.args, ())
            unknown = [name for name in options.order if name not in KNOWN_OPTIONS]
            return options, unknown
        if isinstance(node, cst.Dict):
            options = CallOptions()
            for element in node.elements:
                if not isinstance(element, cst.DictElement):
                    options.open_ended = True
                    continue
                key = self.resolve(element.key)
                if key.kind != "str":
                    options.open_ended = True
                    continue
                options.given[key.data] = (self.resolve(element.value), self.span(element))
                options.order.append(key.data)
            return options, []
        return None


def _argument(call: cst.Call, keyword: str, position: Optional[int]) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if position is not None and len(positional) > position:
        return positional[position].value
    return None


@explored
def extract(module, resolver) -> List[CorsPolicy]:
    visitor = _Visitor(module, resolver)
    module.tree.visit(visitor)
    policies = []
    for key, span, options, unknown in visitor.entries:
        policy = CorsPolicy(
            semantics=SEMANTICS,
            span=span,
            label=f"aiohttp-cors options for {key.data!r}",
            origins=Option("origins", Value("list", [key], key.span, literal=True), key.span),
            credentials=make_option(options, "allow_credentials", lambda: Value("bool", False)),
            methods=make_option(options, "allow_methods", lambda: Value("none", None)),
            headers=make_option(options, "allow_headers", literal_default("tuple", ())),
            expose_headers=make_option(options, "expose_headers", literal_default("tuple", ())),
            max_age=make_option(options, "max_age", lambda: Value("none", None)),
            known_options=list(KNOWN_OPTIONS),
        )
        for name in unknown:
            value, where = options.given[name]
            policy.unknown_options.append(Option(name, value, where))
        policies.append(policy)
    return policies

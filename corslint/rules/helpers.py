"""Wording shared by rule messages, so every rule speaks about values the same way."""
from __future__ import annotations

from typing import Optional

from corslint.policy import CorsPolicy, Option, Span, Value, conditions_suffix


def show(value: Value) -> str:
    """A value as the user wrote it: 'https://a.example.com', ['GET', 'POST'], True, 600."""
    if value.kind == "str":
        return repr(value.data)
    if value.kind in ("list", "tuple", "set"):
        inner = ", ".join(show(v) if v.is_known else "…" for v in value.items())
        if not value.complete:
            inner = f"{inner}, …" if inner else "…"
        return "[" + inner + "]"
    if value.kind in ("bool", "int", "float", "none"):
        return repr(value.data)
    if value.kind == "pattern":
        return f"re.compile({show(value.data[0])})"
    return "…"


def setting(option: Option) -> str:
    """How an option that lets every origin in is named: `allow_all = True`, or the builder
    call as written (`allow_any_origin()`, `CorsLayer::permissive()`)."""
    return option.name if "(" in option.name else f"{option.name} = True"


def noqa_comment(policy: CorsPolicy, code: str) -> str:
    """The suppression comment in the policy's language: `# noqa: COR104`, `// noqa: COR104`."""
    return f"# noqa: {code}" if policy.semantics.language == "python" else f"// noqa: {code}"


def where(option: Option, policy: CorsPolicy) -> Span:
    """Where a finding about an option points: the option as set, else the declaration."""
    return option.span or policy.span


def value_span(value: Value, option: Optional[Option], policy: CorsPolicy) -> Span:
    """Where a finding about one value points: the literal, else the option, else the policy."""
    if value.span is not None:
        return value.span
    if option is not None and option.span is not None:
        return option.span
    return policy.span


def via(value: Value) -> str:
    """" (from ORIGINS)" when the value was reached through a name."""
    return f" (from {value.via})" if value.via else ""


def suffix(*values: Optional[Value]) -> str:
    return conditions_suffix(*values)


def flag(option: Optional[Option]) -> str:
    """How to name a boolean option that is on: `allow_credentials=True`."""
    if option is None:
        return "credentials"
    if "(" in option.name:  # a builder call that switches it on: `supports_credentials()`
        return option.name
    if option.name[:1].isupper() and not option.name.isupper() and "-" not in option.name \
            and "_" not in option.name:  # a Go struct field: `AllowCredentials: true`
        return f"{option.name}: true"
    return f"{option.name}=True" if not option.name.isupper() else f"{option.name} = True"

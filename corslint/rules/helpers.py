"""Wording shared by rule messages, so every rule speaks about values the same way."""
from __future__ import annotations

from typing import Optional

from corslint.policy import CorsPolicy, Option, Span, Value, conditions_suffix
from corslint.rules.value_forms import HEADER, form_of, render, string_in


def show(value: Value, policy: Optional[CorsPolicy] = None, option: Optional[Option] = None) -> str:
    """A value as the user wrote it, in the policy's language: 'https://a.example.com',
    ['GET', 'POST'], True, 600 in Python; []string{"GET"}, true in Go; vec!["GET"] in Rust;
    `GET, POST` for a header written by hand (`option` says which; without a policy, Python)."""
    return render(value, form_of(policy, option))


def written(text: str, policy: Optional[CorsPolicy] = None, option: Optional[Option] = None) -> str:
    """A string to write instead, in the form `show` uses: 'DELETE', "DELETE", `DELETE`."""
    return string_in(text, form_of(policy, option))


def assigned(option: Option, policy: CorsPolicy, value: Optional[Value] = None, pattern: bool = False) -> str:
    """The option set to `value` (its own value by default), as the user writes it:
    `allow_origins=['*']`, `AllowedOrigins: []string{"*"}`, `max_age(600)`, or the header a
    hand-written response sends, `` `Access-Control-Allow-Origin: *` ``. A builder call that
    is the whole setting (`allow_any_origin()`, `allow_origin(Any)`) is named as written.
    `pattern`: the value is a regex (as are the values of the policy's regex options)."""
    if "(" in option.name:
        return option.name
    value = option.value if value is None else value
    form = form_of(policy, option)
    semantics = policy.semantics
    pattern = pattern or option in policy.origin_regexes
    if " " in option.name:  # no setting: a description (hand-written code's Origin check)
        return f"{render(value, form, pattern=True)} (the {option.name})"
    if form == HEADER:
        shown = render(value, form)
        text = shown[1:-1] if shown.startswith("`") else shown
        return f"`{option.name}: {text}`"
    shown = render(value, form, pattern=pattern)
    if option is policy.max_age and value.kind == "int":
        shown = semantics.max_age_form.format(shown)
    if semantics.setting_form == "field":
        return f"{option.name}: {shown}"
    if semantics.setting_form == "call":
        return f"{option.name}({shown})"
    return f"{option.name}={shown}"


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


def origin_setting(option: Option, policy: CorsPolicy, entry: Optional[Value]) -> str:
    """The origins option as it lets `entry` in: the whole list where the code gives one
    (`allow_origins=['*']`, `AllowedOrigins: []string{"*"}`), the entry alone where each
    header or builder call gives one origin (`` `Access-Control-Allow-Origin: *` ``,
    `allowed_origin("*")`)."""
    one_each = policy.semantics.headers_by_hand or policy.semantics.language == "rust"
    return assigned(option, policy, entry if one_each and entry is not None else None)


def flag(option: Optional[Option], policy: Optional[CorsPolicy] = None) -> str:
    """How to name a boolean option that is on: `allow_credentials=True`, `AllowCredentials: true`,
    `allow_private_network(true)`, `` `Access-Control-Allow-Credentials: true` ``."""
    if option is None:
        return "credentials"
    if "(" in option.name:  # a builder call that switches it on: `supports_credentials()`
        return option.name
    if policy is not None and (form_of(policy, option) == HEADER or policy.semantics.setting_form != "keyword"):
        return assigned(option, policy, Value("str", "true") if form_of(policy, option) == HEADER
                        else Value("bool", True))
    if option.name[:1].isupper() and not option.name.isupper() and "-" not in option.name \
            and "_" not in option.name:  # a Go struct field: `AllowCredentials: true`
        return f"{option.name}: true"
    return f"{option.name}=True" if not option.name.isupper() else f"{option.name} = True"

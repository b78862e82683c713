"""Wording shared by rule messages, so every rule speaks about values the same way."""
from __future__ import annotations

from typing import Optional

from corslint.origins.evidence import entry_key
from corslint.origins.matching import Acceptance, any_origin_evidence
from corslint.policy import CorsPolicy, Option, Span, Value, branches_exclusive, conditions_suffix, on_by_code_branch


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


def _star_never_meets_credentials(policy: CorsPolicy) -> bool:
    """Hand-written headers: every `Access-Control-Allow-Origin: *` is written on another
    branch of an `if` than `Access-Control-Allow-Credentials`, so no response has both."""
    written = policy.written
    if written is None or written.credentials_branches is None:
        return False
    stars = [w for w in written.origin_writes
             if w.source == "literal" and w.value is not None and w.value.kind == "str" and w.value.data.strip() == "*"]
    return bool(stars) and all(branches_exclusive(w.branches, written.credentials_branches) for w in stars)


def credentialed_any_origin(policy: CorsPolicy) -> Optional[Acceptance]:
    """How the policy lets every origin in with credentials on (COR101's finding), if it
    certainly does. The regex rules leave the entry named here to COR101: a regex that
    accepts any origin with credentials is one problem, not also a too-broad regex."""
    if policy.credentials_enabled() is not True:
        return None
    evidence = any_origin_evidence(policy)
    if evidence is None:
        return None
    option = evidence.because
    if option is policy.allow_all_origins and option is not None and on_by_code_branch(option.value):
        return None
    if _star_never_meets_credentials(policy):
        return None
    return evidence


def reported_as_any_origin(policy: CorsPolicy, entry: Value) -> bool:
    """Whether `entry` is the one COR101 reports as letting every origin in with credentials."""
    evidence = credentialed_any_origin(policy)
    return evidence is not None and evidence.entry is not None and entry_key(evidence.entry) == entry_key(entry)

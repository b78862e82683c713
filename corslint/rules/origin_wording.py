"""Wording shared by the origin-trust rules (COR105, COR106, COR108, COR201-COR204)."""
from __future__ import annotations

from typing import Iterator, Optional

from corslint.origins.evidence import Evidence, policy_evidence
from corslint.origins.model import looks_like_glob
from corslint.policy import CorsPolicy, Value
from corslint.rules.helpers import assigned
from corslint.rules.value_forms import form_of, render


def show_pattern(value: Value, policy: Optional[CorsPolicy] = None) -> str:
    """A regex as users write it in the policy's language: r'https://app\\.example\\.com'
    (Go: `...`, Rust: r"...") rather than doubled backslashes."""
    return render(value, form_of(policy), pattern=True)


def pattern_label(item: Evidence, policy: CorsPolicy) -> str:
    """`allow_origin_regex=r'...'` or `r'...' in origins`, as the user wrote it; a pattern
    of hand-written code as `r'...' (the Access-Control-Allow-Origin check)`."""
    if item.entry is item.option.value:
        return assigned(item.option, policy, item.entry, pattern=True)
    return f"{render(item.entry, form_of(policy, item.option), pattern=True)} in {item.option.name}"


def matcher_words(policy: CorsPolicy) -> str:
    semantics = policy.semantics
    call = {"fullmatch": "re.fullmatch", "match": "re.match", "search": "re.search"}[semantics.regex_mode]
    case = " with re.IGNORECASE" if semantics.regex_ignore_case else ""
    if policy.written is not None:
        # Hand-written headers: the server's own code runs the regex; the browser only
        # compares the Access-Control-Allow-Origin it gets with its own origin.
        return f"this code tests the Origin with {call}{case}"
    name = semantics.display
    if semantics.version_note:
        name = semantics.version_note if semantics.version_note.startswith(name) else \
            f"{name} ({semantics.version_note})"
    return f"{name} applies it with {call}{case}"


def regex_evidence(policy: CorsPolicy, cause: str) -> Iterator[Evidence]:
    """Evidence of `cause` for the policy's regexes (and wildcard patterns where the library
    matches them itself, as rs/cors does), leaving other glob entries to COR204 and a
    string given where a list of regexes belongs (each character a regex) to COR301."""
    characters = policy.semantics.string_as_sequence == "characters"
    for item in policy_evidence(policy).first(cause):
        if item.entry.kind == "str" and item.option is policy.origins and looks_like_glob(item.entry.data) \
                and not policy.semantics.origin_globs:
            continue
        if characters and item.option in policy.origin_regexes and item.option.value.kind == "str":
            continue
        yield item

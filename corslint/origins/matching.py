"""Which origins a policy lets in, decided the way the framework itself decides.

Starlette: ``"*" in allow_origins``, then ``regex.fullmatch``, then ``origin in
allow_origins`` (a substring test when a string was given). Flask-CORS: ``re.match``
with ``re.IGNORECASE`` for regex-looking strings, ``casefold`` equality otherwise.
django-cors-headers: scheme+netloc equality, ``re.match`` for regexes. Every verdict is
True, False or None (undecidable: unknown values, or a regex that took too long).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from corslint.origins import regex_engine
from corslint.policy import CorsPolicy, Option, Value

# Flask-CORS treats an origin string as a regex iff it holds one of these characters.
FLASK_REGEX_HINTS = set("*\\]?$^[()")


@dataclass
class Acceptance:
    accepted: Optional[bool]
    because: Optional[Option] = None  # the option that let it in
    entry: Optional[Value] = None  # the list entry or regex value responsible
    origin: str = ""  # the origin that was tried
    regex: bool = False  # decided by a regular expression (`entry` is the pattern)


def compile_origin_regex(pattern: str, ignore_case: bool = False) -> Optional["re.Pattern"]:
    try:
        return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except (re.error, OverflowError, RecursionError):
        return None


def regex_accepts(pattern: str, origin: str, mode: str, ignore_case: bool = False) -> Optional[bool]:
    """Whether `pattern` accepts `origin` under `mode`; None when it cannot be decided in time.

    Never calls ``re`` on user patterns directly: see ``regex_engine`` for the bound.
    """
    return regex_engine.decide(pattern, origin, mode, ignore_case)


def wildcard_entry(policy: CorsPolicy) -> Optional[Value]:
    """The `"*"` entry of the origins option, when there is one for certain."""
    option = policy.origins
    if option is None or not policy.semantics.star_origin_means_any:
        return None
    value = option.value
    if value.kind == "str":
        # Starlette computes `"*" in allow_origins`, a substring test on a string.
        if value.data.strip() == "*" or (
                policy.semantics.string_as_sequence == "substring" and "*" in value.data):
            return value
        return None
    for item in value.strings():
        if item.data == "*":
            return item
    return None


def accepts(policy: CorsPolicy, origin: str) -> Acceptance:
    """Whether `policy` lets `origin` in, by the framework's own rules."""
    semantics = policy.semantics
    undecided = False
    if policy.allow_all_origins is not None:
        truth = policy.allow_all_origins.value.truth()
        if truth:
            return Acceptance(True, policy.allow_all_origins, policy.allow_all_origins.value)
        undecided = undecided or truth is None
    wildcard = wildcard_entry(policy)
    if wildcard is not None:
        return Acceptance(True, policy.origins, wildcard)
    for option in policy.origin_regexes:
        for pattern in _patterns(option.value):
            if pattern.kind != "str":
                undecided = True
                continue
            if option.value.kind == "str" and semantics.string_as_sequence == "characters":
                # A string where a list of regexes belongs is iterated: each character is
                # a regex, and `re.match("^", origin)` accepts everything.
                verdicts = [regex_accepts(c, origin, semantics.regex_mode, semantics.regex_ignore_case)
                            for c in pattern.data]
                if any(verdicts):
                    return Acceptance(True, option, pattern, regex=True)
                undecided = undecided or None in verdicts
                continue
            verdict = regex_accepts(pattern.data, origin, semantics.regex_mode, semantics.regex_ignore_case)
            if verdict:
                return Acceptance(True, option, pattern, regex=True)
            undecided = undecided or verdict is None
    option = policy.origins
    if option is not None:
        value = option.value
        if value.kind == "str":
            if semantics.string_as_sequence == "substring":
                if origin in value.data:
                    return Acceptance(True, option, value)
            elif semantics.string_as_sequence == "characters":
                # django-cors-headers iterates the string: each character is an entry.
                for character in value.data:
                    if origin_entry_accepts(character, origin, semantics):
                        return Acceptance(True, option, value, regex=origin_entry_is_regex(character, semantics))
            else:
                verdict = origin_entry_accepts(value.data, origin, semantics)
                if verdict:
                    return Acceptance(True, option, value, regex=origin_entry_is_regex(value.data, semantics))
                undecided = undecided or verdict is None
        elif value.is_sequence:
            for item in value.items():
                if item.kind == "pattern" and item.data and item.data[0].kind == "str":
                    verdict = regex_accepts(item.data[0].data, origin, semantics.regex_mode, False)
                    if verdict:
                        return Acceptance(True, option, item.data[0], regex=True)
                    undecided = undecided or verdict is None
                    continue
                if item.kind != "str":
                    undecided = True
                    continue
                verdict = origin_entry_accepts(item.data, origin, semantics)
                if verdict:
                    return Acceptance(True, option, item, regex=origin_entry_is_regex(item.data, semantics))
                undecided = undecided or verdict is None
            undecided = undecided or not value.complete
        else:
            undecided = True
    return Acceptance(None if undecided else False)


def origin_entry_is_regex(text: str, semantics) -> bool:
    """Whether the framework reads an entry of the origins list as a regex (Flask-CORS)."""
    hints = semantics.origin_regex_hints
    return bool(hints) and text != "*" and any(c in hints for c in text)


def origin_entry_accepts(configured: str, origin: str, semantics) -> Optional[bool]:
    """One entry of the origins list against the request's Origin, the framework's way."""
    if origin_entry_is_regex(configured, semantics):
        return regex_accepts(configured, origin, semantics.regex_mode, semantics.regex_ignore_case)
    if semantics.origin_compare == "scheme-netloc":
        return _scheme_netloc(configured) == _scheme_netloc(origin)
    return _literal_equal(configured, origin, semantics.origins_case_sensitive)


def _scheme_netloc(text: str) -> tuple:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
    except ValueError:
        return (None, text)
    return (parts.scheme, parts.netloc)


def _literal_equal(configured: str, origin: str, case_sensitive: bool) -> bool:
    return configured == origin if case_sensitive else configured.casefold() == origin.casefold()


def _patterns(value: Value) -> List[Value]:
    """The regex strings an origin-regex option holds (a str, a list, or compiled patterns)."""
    if value.kind == "str":
        return [value]
    if value.kind == "pattern":
        return [value.data[0]]
    if value.is_sequence:
        out = []
        for item in value.items():
            out.extend(_patterns(item) if item.kind in ("str", "pattern") else [Value.unknown()])
        return out
    if value.kind == "none":
        return []
    return [Value.unknown()]


def regex_values(policy: CorsPolicy) -> List[tuple]:
    """(option, pattern value) for every origin regex of the policy, including entries of
    the origins list that the framework reads as regexes (Flask-CORS's heuristic)."""
    out = []
    for option in policy.origin_regexes:
        for pattern in _patterns(option.value):
            out.append((option, pattern))
    option = policy.origins
    if option is not None:
        entries = [option.value] if option.value.kind == "str" else option.value.items()
        for entry in entries:
            if entry.kind == "pattern":
                out.extend((option, p) for p in _patterns(entry))
            elif entry.kind == "str" and origin_entry_is_regex(entry.data, policy.semantics):
                out.append((option, entry))
    return out


def regex_accepts_anchored(pattern: str, origin: str, ignore_case: bool = False) -> Optional[bool]:
    """Whether `pattern` would accept `origin` if it had to match the whole origin."""
    return regex_accepts(pattern, origin, "fullmatch", ignore_case)


# Origins nobody legitimately controls on behalf of the app: if a policy accepts one of
# these, it accepts arbitrary origins.
ARBITRARY_ORIGINS = ("https://evil.example.net", "http://evil.example.net")


def any_origin_evidence(policy: CorsPolicy) -> Optional[Acceptance]:
    """How the policy lets in an arbitrary origin, if it certainly does."""
    for origin in ARBITRARY_ORIGINS:
        verdict = accepts(policy, origin)
        if verdict.accepted:
            verdict.origin = origin
            return verdict
    return None

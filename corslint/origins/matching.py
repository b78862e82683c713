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
from urllib.parse import urlsplit

from corslint.origins import regex_engine
from corslint.policy import CorsPolicy, Option, Value

# Flask-CORS treats an origin string as a regex iff it holds one of these characters
# (policies carry them as Semantics.origin_regex_hints).
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


def regex_accepts_anchored(pattern: str, origin: str, ignore_case: bool = False) -> Optional[bool]:
    """Whether `pattern` would accept `origin` if it had to match the whole origin."""
    return regex_accepts(pattern, origin, "fullmatch", ignore_case)


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
        if option.value.kind == "str" and semantics.string_as_sequence == "characters":
            # django-cors-headers iterates the string: each character is a pattern, tried in order.
            for character in option.value.data:
                verdict = regex_accepts(character, origin, semantics.regex_mode, semantics.regex_ignore_case)
                if verdict:
                    return Acceptance(True, option, option.value, regex=True)
                if verdict is None:  # re.error at run time: the request fails
                    undecided = True
                    break
            continue
        for pattern in _patterns(option.value):
            if pattern.kind != "str":
                undecided = True
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
                if any(_literal_equal(c, origin, semantics) for c in value.data):
                    return Acceptance(True, option, value)
            else:
                verdict = entry_accepts(value, origin, semantics)
                if verdict:
                    return Acceptance(True, option, value, regex=_entry_is_regex(value, semantics))
                undecided = undecided or verdict is None
        elif value.kind == "pattern" and semantics.origin_regex_hints:
            verdict = entry_accepts(value, origin, semantics)
            if verdict:
                return Acceptance(True, option, value.data[0], regex=True)
            undecided = undecided or verdict is None
        elif value.is_sequence:
            for item in value.items():
                verdict = entry_accepts(item, origin, semantics)
                if verdict:
                    if item.kind == "pattern":
                        return Acceptance(True, option, item.data[0], regex=True)
                    return Acceptance(True, option, item, regex=_entry_is_regex(item, semantics))
                undecided = undecided or verdict is None
            undecided = undecided or not value.complete
        else:
            undecided = True
    return Acceptance(None if undecided else False)


def _literal_equal(configured: str, origin: str, semantics) -> bool:
    if semantics.origin_compare == "scheme-netloc":
        return _scheme_netloc_equal(configured, origin, semantics)
    if semantics.origins_case_sensitive:
        return configured == origin
    return configured.casefold() == origin.casefold()


def _scheme_netloc_equal(configured: str, origin: str, semantics) -> bool:
    """django-cors-headers: `"null"` is matched literally, everything else by `urlsplit`
    scheme and netloc, which an entry without a scheme shares with `null`."""
    if origin == "null" and configured == "null":
        return True
    try:
        ours, theirs = urlsplit(configured), urlsplit(origin)
    except ValueError:
        return False
    return ours.scheme == theirs.scheme and ours.netloc == theirs.netloc


def matches_null_without_scheme(text: str) -> bool:
    """An entry that django-cors-headers' `urlsplit` comparison matches with `Origin: null`
    because it has neither scheme nor netloc (`"example.com"`, `"127.0.0.1:8000"`, `"*"`)."""
    if text == "null":
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme == "" and parts.netloc == ""


def origin_entry_is_regex(text: str, semantics) -> bool:
    """Whether the framework reads this entry of its origins list as a regular expression."""
    hints = semantics.origin_regex_hints
    return bool(hints) and text != "*" and any(c in hints for c in text)


def origin_entries(policy: CorsPolicy) -> List[Value]:
    """The entries of the origins option as the framework sees them: a plain string is one
    entry where the framework wraps it in a list ("single"); sequences give their known items."""
    option = policy.origins
    if option is None:
        return []
    value = option.value
    if value.kind == "str":
        return [value] if policy.semantics.string_as_sequence == "single" else []
    return [item for item in value.items() if item.kind == "str"]


def entry_accepts(entry: Value, origin: str, semantics) -> Optional[bool]:
    """Whether one origins entry lets `origin` in: a literal compare, or, where the framework
    reads regex-looking entries (or compiled patterns) as regexes, its own regex match."""
    if entry.kind == "pattern" and semantics.origin_regex_hints:
        pattern, flags = entry.data
        if pattern.kind != "str" or flags.kind != "int" or flags.data & ~re.IGNORECASE:
            return None  # flags other than IGNORECASE: not decided here
        ignore_case = semantics.regex_ignore_case or bool(flags.data & re.IGNORECASE)
        return regex_accepts(pattern.data, origin, semantics.regex_mode, ignore_case)
    if entry.kind != "str":
        return None
    if is_glob_entry(entry.data, semantics):
        return glob_accepts(entry.data, origin, semantics)
    if origin_entry_is_regex(entry.data, semantics):
        return regex_accepts(entry.data, origin, semantics.regex_mode, semantics.regex_ignore_case)
    return _literal_equal(entry.data, origin, semantics)




def is_glob_entry(text: str, semantics) -> bool:
    """An entry the library reads as a wildcard pattern (rs/cors `https://*.example.com`)."""
    return semantics.origin_globs and "*" in text and text.strip() != "*"


def glob_accepts(pattern: str, origin: str, semantics) -> bool:
    """rs/cors's `wildcard.match`: the text before the first `*` is a prefix of the origin,
    the text after it a suffix, and they do not overlap."""
    if not semantics.origins_case_sensitive:
        pattern, origin = pattern.lower(), origin.lower()
    prefix, _star, suffix = pattern.partition("*")
    return len(origin) >= len(prefix) + len(suffix) and origin.startswith(prefix) and origin.endswith(suffix)


def glob_example_origin(pattern: str) -> str:
    """The origin a wildcard pattern was evidently written for: `https://*.example.com` ->
    `https://app.example.com`; `https://*example.com` -> `https://example.com`."""
    prefix, _star, suffix = pattern.strip().partition("*")
    return prefix + ("app" if suffix.startswith(".") else "") + suffix


def origin_entry_accepts(configured: str, origin: str, semantics) -> Optional[bool]:
    """One string entry of the origins list against the request's Origin, the framework's way."""
    return entry_accepts(Value("str", configured), origin, semantics)


def _entry_is_regex(entry: Value, semantics) -> bool:
    return entry.kind == "str" and origin_entry_is_regex(entry.data, semantics)


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
    """(option, pattern value) for every origin regex of the policy."""
    out = []
    for option in policy.origin_regexes:
        if option.value.kind == "str" and policy.semantics.string_as_sequence == "characters":
            continue  # never compiled as a whole: each character is a pattern (COR301 reports it)
        for pattern in _patterns(option.value):
            out.append((option, pattern))
    if policy.semantics.origin_regex_hints and policy.origins is not None:
        for entry in origin_entries(policy):
            if origin_entry_is_regex(entry.data, policy.semantics):
                out.append((policy.origins, entry))
        value = policy.origins.value
        compiled = [value] if value.kind == "pattern" else [i for i in value.items() if i.kind == "pattern"]
        for item in compiled:
            out.append((policy.origins, item.data[0]))
    return out


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

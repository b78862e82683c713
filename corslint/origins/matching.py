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
from typing import Dict, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from corslint import budget
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
    """Whether `policy` lets `origin` in, by the framework's own rules.

    The verdict is the one a walk over every option and entry in the framework's order
    gives; ``OriginMatcher`` gets it without the walk (see its docstring).
    """
    return origin_matcher(policy).accepts(origin)


# Matchers of the policies judged lately, by id(policy): not in `policy.extra`, which
# the cache and the worker processes must carry as plain data. A few suffice: rules
# judge one policy at a time.
_MATCHERS: "Dict[int, tuple]" = {}


def origin_matcher(policy: CorsPolicy) -> "OriginMatcher":
    """The policy's matcher, built once and rebuilt if its origin options were replaced."""
    regexes = policy.origin_regexes
    identity = (id(policy.allow_all_origins), id(policy.origins),
                id(policy.origins.value) if policy.origins is not None else 0,
                id(regexes), len(regexes), id(regexes[0].value) if regexes else 0, id(policy.semantics))
    cached = _MATCHERS.get(id(policy))
    if cached is not None and cached[0] is policy and cached[1] == identity:
        return cached[2]
    matcher = OriginMatcher(policy)
    if len(_MATCHERS) >= 16:
        _MATCHERS.pop(next(iter(_MATCHERS)))
    _MATCHERS[id(policy)] = (policy, identity, matcher)
    return matcher


class OriginMatcher:
    """`accepts` for one policy in time independent of the size of its lists.

    The framework walks its regexes and then its list, and the first entry that accepts
    wins. Walking them for every probe made the evidence search quadratic (10,000
    generated probes against 10,000 entries). Here literal entries are indexed by the
    form the framework compares (the string, its casefold, or django-cors-headers'
    `urlsplit` scheme and netloc), so a literal costs one lookup per probe, and regexes
    are found through a ``RegexIndex`` of the literal text every match must contain,
    so a probe is run only through the patterns it could match. The first accepting
    entry in the framework's order is still the one reported, and an entry that cannot
    be decided still makes a rejection "unknown".
    """

    def __init__(self, policy: CorsPolicy):
        self.policy = policy
        semantics = self.semantics = policy.semantics
        self.allow_all: Optional[Option] = policy.allow_all_origins
        self.wildcard = wildcard_entry(policy)
        # Regex options, in order: (option, pattern value) and django's per-character strings.
        self.regex_items: List[tuple] = []
        self.character_options: List[Option] = []
        self.regex_options_undecided = False
        regex_specs: List[tuple] = []
        for option in policy.origin_regexes:
            if option.value.kind == "str" and semantics.string_as_sequence == "characters":
                self.character_options.append(option)
                continue
            for pattern in _patterns(option.value):
                if pattern.kind != "str":
                    self.regex_options_undecided = True
                    continue
                self.regex_items.append((option, pattern))
                regex_specs.append((pattern.data, semantics.regex_ignore_case))
        self.regex_index = RegexIndex(regex_specs)
        # The origins option: a single string keeps the framework's own string semantics;
        # a sequence is indexed.
        self.origins = policy.origins
        self.list_items: List[Value] = []
        self.literal_index: Dict[object, int] = {}
        self.list_regex_positions: List[int] = []  # positions in list_items decided by a regex
        self.glob_positions: List[int] = []  # positions of wildcard patterns (Semantics.origin_globs)
        list_specs: List[tuple] = []
        self.list_undecided = False
        value = self.origins.value if self.origins is not None else None
        if value is not None and value.kind not in ("str", "pattern") and value.is_sequence:
            self.list_items = value.items()
            for position, item in enumerate(self.list_items):
                if item.kind == "str" and is_glob_entry(item.data, semantics):
                    self.glob_positions.append(position)  # rs/cors wildcards: few, tried in order
                    continue
                spec = _regex_spec(item, semantics)
                if spec is False:
                    self.list_undecided = True  # entry_accepts cannot decide it
                elif spec is not None:
                    self.list_regex_positions.append(position)
                    list_specs.append(spec)
                elif item.kind == "str":
                    key = _compared_form(item.data, semantics)
                    if key is not _NO_MATCH:
                        self.literal_index.setdefault(key, position)
                else:
                    self.list_undecided = True
            self.list_undecided = self.list_undecided or not value.complete
        self.list_regex_index = RegexIndex(list_specs)
        # Only literal entries can let anything in: a probe whose compared form is not
        # indexed is rejected (or undecided, for an incomplete list) without the walk.
        never_all = self.allow_all is None or self.allow_all.value.truth() is False
        self.literal_only = (never_all and self.wildcard is None and not self.character_options
                             and not self.regex_items and not self.regex_options_undecided
                             and value is not None and value.kind not in ("str", "pattern") and value.is_sequence
                             and not self.list_regex_positions and not self.glob_positions)

    def certainly_not_literal(self, origin: str) -> bool:
        """For a literal-only policy: whether `origin` matches no entry (cheap)."""
        return self.literal_only and _compared_form(origin, self.semantics) not in self.literal_index

    def accepts(self, origin: str) -> Acceptance:
        semantics = self.semantics
        undecided = False
        if self.allow_all is not None:
            truth = self.allow_all.value.truth()
            if truth:
                return Acceptance(True, self.allow_all, self.allow_all.value)
            undecided = truth is None
        if self.wildcard is not None:
            return Acceptance(True, self.origins, self.wildcard)
        for option in self.character_options:
            # django-cors-headers iterates the string: each character is a pattern, tried in order.
            for character in option.value.data:
                verdict = regex_accepts(character, origin, semantics.regex_mode, semantics.regex_ignore_case)
                if verdict:
                    return Acceptance(True, option, option.value, regex=True)
                if verdict is None:  # re.error at run time: the request fails
                    undecided = True
                    break
        first, some_undecided = self.regex_index.first_accepting(origin, semantics.regex_mode)
        if first is not None:
            option, pattern = self.regex_items[first]
            return Acceptance(True, option, pattern, regex=True)
        undecided = undecided or some_undecided or self.regex_options_undecided
        option = self.origins
        if option is None:
            return Acceptance(None if undecided else False)
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
            literal = self.literal_index.get(_compared_form(origin, semantics)) if self.literal_index else None
            regex_at, regex_undecided = self.list_regex_index.first_accepting(
                origin, semantics.regex_mode, before=literal, positions=self.list_regex_positions) \
                if self.list_regex_positions else (None, False)
            position = regex_at if regex_at is not None else literal
            for glob_at in self.glob_positions:
                if position is not None and glob_at > position:
                    break
                if glob_accepts(self.list_items[glob_at].data, origin, semantics):
                    position = glob_at
                    break
            if position is not None:
                item = self.list_items[position]
                if item.kind == "pattern":
                    return Acceptance(True, option, item.data[0], regex=True)
                return Acceptance(True, option, item, regex=_entry_is_regex(item, semantics))
            undecided = undecided or regex_undecided or self.list_undecided
        else:
            undecided = True
        return Acceptance(None if undecided else False)


_NO_MATCH = object()


def _compared_form(text: str, semantics) -> object:
    """What the framework compares of a literal origin (see ``_literal_equal``)."""
    if semantics.origin_compare == "scheme-netloc":
        return scheme_netloc(text)
    if semantics.origins_case_sensitive:
        return text
    return text.casefold()


_PLAIN_URL = None


def scheme_netloc(text: str) -> object:
    """``urlsplit(text)``'s (scheme, netloc), or ``_NO_MATCH`` where it raises. A plain
    ASCII `scheme://host[:port]` is split directly, the same way (a test compares the
    two); anything else goes through ``urlsplit``."""
    global _PLAIN_URL
    if _PLAIN_URL is None:
        _PLAIN_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#\[\]\x00-\x20\x7f]*)(?:[/?#][^\x00-\x20\x7f]*)?")
    if text.isascii():
        plain = _PLAIN_URL.fullmatch(text)
        if plain is not None:
            return (plain.group(1).lower(), plain.group(2))
    try:
        parts = urlsplit(text)
    except ValueError:
        return _NO_MATCH
    return (parts.scheme, parts.netloc)


def _regex_spec(item: Value, semantics):
    """(pattern, ignore_case) when the framework reads this list entry as a regex; None
    for a literal; False when ``entry_accepts`` cannot decide it at all."""
    if item.kind == "pattern" and semantics.origin_regex_hints:
        pattern, flags = item.data
        if pattern.kind != "str" or flags.kind != "int" or flags.data & ~re.IGNORECASE:
            return False
        return (pattern.data, semantics.regex_ignore_case or bool(flags.data & re.IGNORECASE))
    if item.kind == "str" and origin_entry_is_regex(item.data, semantics):
        return (item.data, semantics.regex_ignore_case)
    if item.kind != "str":
        return False
    return None


class RegexIndex:
    """Patterns indexed by a rare three-letter piece of the literal text every match of
    each must contain, so that a subject is tried only against patterns it could match.

    ``required_literals`` is a necessary condition read from ``re``'s parse tree; a
    pattern without one (``.*``) or that does not compile is always tried. Skipping a
    pattern is only done where its answer is certainly "no".
    """

    def __init__(self, specs: Sequence[tuple]):
        self.specs = list(specs)
        self.required: List[Optional[Tuple[str, ...]]] = []
        self.always: List[int] = []
        self.by_trigram: Dict[str, List[int]] = {}
        counts: Dict[str, int] = {}
        grams_of: List[set] = []
        for pattern, ignore_case in self.specs:
            literals = regex_engine.required_literals(pattern, ignore_case)
            self.required.append(literals)
            grams = set()
            for literal in literals or ():
                grams.update(_trigrams(literal))
            grams_of.append(grams)
            for gram in grams:
                counts[gram] = counts.get(gram, 0) + 1
        for position, grams in enumerate(grams_of):
            if not grams:
                self.always.append(position)
                continue
            rarest = min(grams, key=lambda g: (counts[g], g))
            self.by_trigram.setdefault(rarest, []).append(position)
        self.keys = frozenset(self.by_trigram)
        # Per regex mode, each pattern's (re method, longest subject it may take) from
        # regex_engine.direct_matcher, looked up on first use; (None, -1): no bound.
        self._direct: Dict[str, List[Optional[tuple]]] = {}

    def first_accepting(self, subject: str, mode: str, before: Optional[int] = None,
                        positions: Optional[Sequence[int]] = None) -> Tuple[Optional[int], bool]:
        """(index of the first pattern that accepts `subject`, whether some pattern tried
        before it could not be decided). With `positions`, indices are mapped through it
        and only those below `before` count."""
        if not self.specs:
            return None, False
        if subject.isascii():
            lowered = subject.lower()
            found = _trigrams_among(lowered, self.keys)
            if not found:
                order = self.always
            elif len(found) == 1 and not self.always:
                order = self.by_trigram[next(iter(found))]  # in position order already
            else:
                by_trigram = self.by_trigram
                order = sorted(set(self.always).union(*(by_trigram[g] for g in found)))
        else:
            lowered = None
            order = range(len(self.specs))
        undecided = False
        direct = self._direct.get(mode)
        if direct is None:
            direct = self._direct[mode] = [None] * len(self.specs)
        length = len(subject)
        for index in order:
            where = positions[index] if positions is not None else index
            if before is not None and where >= before:
                break
            if lowered is not None and not _contains_all(lowered, self.required[index]):
                continue  # a piece every match contains is missing: certainly no
            budget.check()  # one candidate pattern per iteration, of a list that may be long
            matcher = direct[index]
            if matcher is None:
                pattern, ignore_case = self.specs[index]
                matcher = direct[index] = regex_engine.direct_matcher(
                    pattern, re.IGNORECASE if ignore_case else 0, mode) or (None, -1)
            if length <= matcher[1]:  # real `re`, within its bound: the engine's own shortcut
                if matcher[0](subject) is not None:
                    return where, undecided
                continue
            pattern, ignore_case = self.specs[index]
            verdict = regex_accepts(pattern, subject, mode, ignore_case)
            if verdict:
                return where, undecided
            undecided = undecided or verdict is None
        return None, undecided


def _contains_all(text: str, pieces: Optional[Tuple[str, ...]]) -> bool:
    for piece in pieces or ():
        if piece not in text:
            return False
    return True


# slice(i, i + 3) for every start: trigrams taken by C-level slicing (a probe origin is
# looked up in every RegexIndex, tens of thousands of times for a long regex list).
_TRIGRAM_SLICES = [slice(i, i + 3) for i in range(512)]


def _trigrams(text: str) -> set:
    """Every three-character piece of `text`."""
    return _trigrams_among(text, None)


def _trigrams_among(text: str, keys: Optional[frozenset]) -> set:
    """The three-character pieces of `text` that are in `keys` (all of them for None),
    without building the set of all of them first."""
    count = len(text) - 2
    if count <= 0:
        return set()
    if count <= len(_TRIGRAM_SLICES):
        pieces = map(text.__getitem__, _TRIGRAM_SLICES[:count])
    else:
        pieces = (text[i:i + 3] for i in range(count))
    return set(pieces) if keys is None else keys.intersection(pieces)


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
    return scheme_netloc(text) == ("", "")  # _NO_MATCH where urlsplit raises: False


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

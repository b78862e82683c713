"""Attacker origins: what Corsy and CORScanner would send, derived from the code.

Dynamic scanners probe a running site with crafted ``Origin`` headers built from the
site's own host. We build the same probes from the hosts a policy trusts: its literal
origins, and the hosts an origin regex is evidently about. For a regex those hosts come
from ``re``'s own parse tree: a *witness* is a string the author plainly meant the
pattern to match (an unescaped ``.`` read as a dot, ``[a-z0-9-]+`` read as a label,
``s?`` read both ways), and each unescaped ``.`` is remembered so that the
"unescaped dot" probe can replace exactly that dot.

Nothing here decides acceptance: ``matching.accepts`` does, with the framework's rules.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from corslint import limits
from corslint.origins import regex_engine
from corslint.origins.model import (
    parse_origin, registrable_domain, shared_hosting_suffixes,
)

# Domains in the attacker's hands in generated probes. The first one the policy does not
# itself trust is used.
ATTACKER_DOMAINS = ("evil.net", "attacker.org")
ATTACKER_LABEL = "evil"
# Characters some browser accepts in a host (Chrome: `_`; Safari/Firefox: `$`, `~`, backtick, ...):
# Corsy's and CORScanner's "special characters bypass" list.
SPECIAL_CHARACTERS = ("_", "-", "`", "$", "~", "!", "+", "=", "&", "'", ";", "*", ",", "(", ")", "{", "}", "|", "^")

# Readings of one regex (its alternatives times its optional parts). Every alternative of
# an origin regex is usually a trusted host, and the evidence search is linear in them;
# 16 cut a 16-way alternation's `https?` reading off (issue 19). Past the bound the
# remaining readings are not probed, and the limit is noted (corslint.limits).
MAX_WITNESSES = 1024

# Attack classes (the `kind` of a Candidate).
SUFFIX = "suffix"  # https://app.example.com.evil.net
LOOKALIKE = "look-alike"  # https://evilexample.com, https://xample.com
UNESCAPED_DOT = "unescaped-dot"  # https://appxexample.com
SPECIAL_CHARACTER = "special-character"  # https://app.example.com_.evil.net
HTTP_DOWNGRADE = "http"  # http://app.example.com
NULL = "null"
ARBITRARY = "arbitrary"  # https://evil.net
ARBITRARY_SUBDOMAIN = "arbitrary-subdomain"  # https://evil.example.com (owner-controlled)
SHARED_HOSTING = "shared-hosting"  # https://evil.vercel.app
FILLED = "filled"  # a regex's free-form parts filled by the attacker: https://evilexample.com


@dataclass(unsafe_hash=True)  # not frozen: 450,000 of them for 10,000 hosts, and a frozen init is slow
class Candidate:
    origin: str
    kind: str
    # For an unescaped-dot probe: the label that follows the replaced dot ("example").
    detail: str = ""


@dataclass
class Witness:
    """An origin the regex author meant to allow, and its variants with one dot replaced."""

    text: str
    dot_variants: List[Tuple[str, str]] = field(default_factory=list)  # (text with "x", label after dot)
    # The witness with every free-form part (`.*`, `[a-z0-9-]+`) filled by the attacker
    # ("evil") where the part accepts that word: `https://.*example\.com` -> `https://evilexample.com`.
    attacker_text: str = ""
    # What the attacker text shows: FILLED, or SUFFIX when a free-form tail (`example\.com.*`)
    # lets the host run on past the trusted name (`https://app.example.com.evil.net`).
    attacker_kind: str = "filled"


# -- witnesses from the parse tree ---------------------------------------------------------

_PREFERRED_CHARS = "aeplxo0123456789-"
_FILL_WORD = "app"


def _name(constant) -> str:
    return getattr(constant, "name", None) or str(constant)


class _TooComplex(Exception):
    pass


# A segment is (text, is_unescaped_dot, attacker_text). A "sequence" is a list of segments.
def _expand(items, flags: int, budget: List[int]) -> List[list]:
    """Every intended reading of a parsed sequence, as lists of segments (bounded)."""
    readings: List[list] = [[]]
    for op, arg in items:
        options = _expand_node(op, arg, flags, budget)
        readings = [r + o for r in readings for o in options]
        if len(readings) > MAX_WITNESSES:
            limits.reached(f"an origin regex has more than {MAX_WITNESSES} readings; only the first were probed")
            readings = readings[:MAX_WITNESSES]
        budget[0] -= len(readings)
        if budget[0] <= 0:
            raise _TooComplex()
    return readings


def _single_char_predicate(op, arg, flags: int):
    name = _name(op)
    if name == "LITERAL":
        return lambda ch, c=chr(arg): ch == c
    if name == "NOT_LITERAL":
        return lambda ch, c=chr(arg): ch != c
    if name == "ANY":
        return lambda ch: ch != "\n"
    if name == "IN":
        return regex_engine.class_predicate(arg, flags)
    return None


def _expand_node(op, arg, flags: int, budget: List[int]) -> List[list]:
    name = _name(op)
    if name == "LITERAL":
        return [[(chr(arg), False, chr(arg))]]
    if name == "ANY":
        return [[(".", True, ".")]]  # a lone `.` in an origin pattern is meant as a dot
    if name in ("IN", "NOT_LITERAL"):
        predicate = _single_char_predicate(op, arg, flags)
        for ch in _PREFERRED_CHARS + ".":
            if predicate(ch):
                return [[(ch, False, ch)]]
        raise _TooComplex()
    if name == "BRANCH":
        out: List[list] = []
        for alternative in arg[1]:
            out.extend(_expand(alternative, flags, budget))
        if len(out) > MAX_WITNESSES:
            limits.reached(f"an origin regex has more than {MAX_WITNESSES} readings; only the first were probed")
        return out[:MAX_WITNESSES]
    if name == "SUBPATTERN":
        return _expand(arg[3], flags, budget)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, sub = arg
        if len(sub) == 1:
            predicate = _single_char_predicate(sub[0][0], sub[0][1], flags)
            if predicate is not None and _name(sub[0][0]) != "LITERAL":
                # `.*`, `[a-z0-9-]+`, `\w{3,}`: a free-form part, read as a label.
                attacker = ATTACKER_LABEL if low <= len(ATTACKER_LABEL) <= high and all(
                    predicate(c) for c in ATTACKER_LABEL) else None
                if low <= len(_FILL_WORD) <= high and all(predicate(c) for c in _FILL_WORD):
                    return [[(_FILL_WORD, False, attacker or _FILL_WORD)]]
                for ch in _PREFERRED_CHARS:
                    if predicate(ch):
                        text = ch * max(low, 1 if high else 0)
                        return [[(text, False, attacker or text)]]
                raise _TooComplex()
        body = _expand(sub, flags, budget)
        if low == 0 and high == 1:
            return [[]] + body  # `s?`, `(www\.)?`: both readings
        count = max(low, 1) if high else 0
        return [segment * count for segment in body]
    if name == "AT":
        return [[]]
    raise _TooComplex()  # backreferences, lookarounds, conditionals


@functools.lru_cache(maxsize=8192)
def regex_witnesses(pattern: str, ignore_case: bool = False) -> Tuple[Witness, ...]:
    """Origins the author of `pattern` evidently meant to allow (empty when unclear)."""
    flags = re.IGNORECASE if ignore_case else 0
    try:
        parsed = regex_engine.parsed_pattern(pattern, flags)
        if parsed is None:
            return ()
        items = list(parsed)
        tail = _open_tail(items, flags)
        if tail is not None:
            del items[tail]
        readings = _expand(items, flags, [100 * MAX_WITNESSES])
    except (re.error, _TooComplex, RecursionError, OverflowError, ValueError, TypeError):
        return ()
    witnesses: List[Witness] = []
    seen = set()
    for segments in readings:
        text = "".join(s for s, _, _ in segments)
        if text in seen:
            continue
        seen.add(text)
        witness = Witness(text, attacker_text="".join(a for _, _, a in segments))
        if tail is not None:
            # The author's origin ends where the tail begins (`app.example.com`, not
            # `app.example.comapp`); an attacker puts their own domain there, which is a
            # browser origin someone can register.
            witness.attacker_text, witness.attacker_kind = f"{text}.{ATTACKER_DOMAINS[0]}", SUFFIX
        offset = 0
        for index, (segment, is_dot, _) in enumerate(segments):
            if is_dot:
                following = "".join(s for s, _, _ in segments[index + 1:])
                label = re.split(r"[.:/]", following, 1)[0]
                witness.dot_variants.append((text[:offset] + "x" + text[offset + 1:], label))
            offset += len(segment)
        witnesses.append(witness)
    return tuple(witnesses)


def _open_tail(items, flags: int) -> Optional[int]:
    r"""The index of a last free-form part that may be empty and accepts a dot (`.*` in
    `https://app\.example\.com.*`, before any `$`), after some literal text, else None."""
    index = len(items) - 1
    while index >= 0 and _name(items[index][0]) == "AT":
        index -= 1
    if index <= 0 or _name(items[index][0]) not in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return None
    low, _high, sub = items[index][1]
    if low != 0 or len(sub) != 1:
        return None
    predicate = _single_char_predicate(sub[0][0], sub[0][1], flags)
    if predicate is None or not all(predicate(c) for c in ".evilnet"):
        return None
    return index


def witness_hosts(witnesses: Sequence[Witness]) -> List[Tuple[str, str]]:
    """(scheme, host) of every witness that reads as an origin."""
    out = []
    for witness in witnesses:
        # `http://localhost:*` has the witness `http://localhost:` (`http://localhost:/` for
        # `http://localhost:*/*`): an empty port, not part of the host (the probes then include
        # `http://localhost.evil.net`, which re.match takes).
        text = re.sub(r"(://[^/:@]+):(?=/|$)", r"\1", witness.text, count=1)
        parsed = parse_origin(text)
        if not parsed.scheme and "://" not in witness.text:
            # A pattern without a scheme (`example\.com`, `.*\.example\.com`) still names a
            # host; the probes built from it carry the scheme browsers send.
            parsed = parse_origin("https://" + witness.text.lstrip("."))
        if parsed.scheme and parsed.host and (parsed.scheme, parsed.host) not in out:
            out.append((parsed.scheme.lower(), parsed.host.lower()))
    return out


# -- candidates -----------------------------------------------------------------------------

def attacker_domain(owned: Sequence[str]) -> str:
    for domain in ATTACKER_DOMAINS:
        if domain not in owned:
            return domain
    return "corslint-probe.invalid"


def host_candidates(scheme: str, host: str, owned: Sequence[str]) -> List[Candidate]:
    """The scanner probes for one trusted host."""
    evil = attacker_domain(owned)
    secure = scheme if scheme in ("https", "http") else "https"
    registrable = registrable_domain(host)
    out = [
        Candidate(f"{secure}://{host}.{evil}", SUFFIX),
        Candidate(f"{secure}://{registrable}.{evil}", SUFFIX),
        Candidate(f"{secure}://{ATTACKER_LABEL}{registrable}", LOOKALIKE),
        Candidate(f"{secure}://{ATTACKER_LABEL}-{registrable}", LOOKALIKE),
        Candidate(f"{secure}://{ATTACKER_LABEL}{host}", LOOKALIKE),
        Candidate(f"{secure}://{registrable[1:]}", LOOKALIKE),
        Candidate(f"{secure}://{ATTACKER_LABEL}.{host}", ARBITRARY_SUBDOMAIN),
    ]
    # Replace the last dot (CORScanner) and every dot of the registrable part (Corsy).
    for index, ch in enumerate(host):
        if ch == ".":
            label = host[index + 1:].partition(".")[0]
            out.append(Candidate(f"{secure}://{host[:index]}x{host[index + 1:]}", UNESCAPED_DOT, label))
    for ch in SPECIAL_CHARACTERS:
        out.append(Candidate(f"{secure}://{host}{ch}.{evil}", SPECIAL_CHARACTER, ch))
    if scheme == "https":
        out.append(Candidate(f"http://{host}", HTTP_DOWNGRADE))
    return out


def shared_hosting_candidates(prefixes: Sequence[str] = ()) -> List[Candidate]:
    """A stranger's site on every shared-hosting suffix (`https://evil.vercel.app`), and
    `https://<prefix>evil.<suffix>` for label prefixes a pattern fixes (`myapp-`)."""
    out = []
    for suffix in sorted(shared_hosting_suffixes()):
        out.append(Candidate(f"https://{ATTACKER_LABEL}.{suffix}", SHARED_HOSTING))
    for prefix in prefixes:
        for suffix in sorted(shared_hosting_suffixes()):
            out.append(Candidate(f"https://{prefix}{ATTACKER_LABEL}.{suffix}", SHARED_HOSTING))
    return out


def generic_candidates(owned: Sequence[str]) -> List[Candidate]:
    evil = attacker_domain(owned)
    return [Candidate(f"https://{evil}", ARBITRARY), Candidate(f"http://{evil}", ARBITRARY),
            Candidate("null", NULL)]

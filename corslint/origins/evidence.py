"""Evidence for the origin-trust rules: attacker origins the policy really lets in.

For one policy: collect the hosts it trusts (literal origins, regex witnesses), derive
the scanner probes (``attacks``), run every probe through ``matching.accepts`` (the
framework's own rules, bounded), and keep those that are accepted although the owner
does not control them. Each piece of evidence says why it got in, which is what picks
the rule:

* ``null``: the `null` origin (COR105);
* ``http``: the plain-http twin of a trusted non-loopback host, through a regex (COR106);
* ``shared-hosting``: a stranger's subdomain of a shared-hosting suffix (COR108);
* ``unanchored``: accepted only because the framework's `match`/`search` does not
  anchor the end (the same pattern under `fullmatch` rejects it) (COR201);
* ``unescaped-dot``: accepted because a `.` in the pattern matched another character
  (COR202);
* ``glob``: accepted by a library's wildcard pattern (rs/cors `https://*example.com`)
  although the owner does not control it (COR204);
* ``too-broad``: accepted by the pattern as a whole match: a free-form part where a
  label boundary belongs, or a pattern that matches everything (COR203).

The owner is taken to control the registrable domain of every host the policy trusts
(`app.example.com` -> `example.com`; under a shared-hosting suffix only the exact
label, `myapp.vercel.app`). Probes that stay inside those domains (`evil.example.com`)
are never evidence.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from corslint import budget
from corslint.origins import attacks
from corslint.origins.matching import (
    Acceptance, accepts, glob_example_origin, is_glob_entry, origin_entries, origin_entry_is_regex, origin_matcher,
    regex_accepts_anchored, regex_values, wildcard_entry,
)
from corslint.origins.model import parse_origin, registrable_domain, shared_hosting_suffix
from corslint.policy import CorsPolicy, Option, Value

NULL = "null"
HTTP = "http"
SHARED_HOSTING = "shared-hosting"
UNANCHORED = "unanchored"
UNESCAPED_DOT = "unescaped-dot"
TOO_BROAD = "too-broad"
GLOB = "glob"


@dataclass
class Evidence:
    origin: str  # the attacker origin that gets in
    cause: str  # one of the constants above
    option: Option  # the option that lets it in
    entry: Value  # the regex or list entry responsible
    probe: attacks.Candidate
    detail: str = ""  # for an unescaped dot: the label after it ("example")


@dataclass
class PolicyEvidence:
    items: List[Evidence] = field(default_factory=list)
    # Probes whose fate could not be decided in time (pathological regex): never evidence.
    undecided: List[str] = field(default_factory=list)
    owned: Tuple[str, ...] = ()

    def first(self, cause: str) -> List[Evidence]:
        """The first evidence of `cause` for each entry (one finding per pattern and rule)."""
        seen = set()
        out = []
        for item in self.items:
            if item.cause == cause and entry_key(item.entry) not in seen:
                seen.add(entry_key(item.entry))
                out.append(item)
        return out


# The evidence of each live policy (id -> (weak reference, evidence)): computed once, read by
# several rules, and kept out of the policy itself, which is plain data.
_memo: Dict[int, Tuple["weakref.ref", "PolicyEvidence"]] = {}


def entry_key(entry: Value) -> tuple:
    """What identifies an origin entry: where it is written and what it says. Entries are
    copied when a condition ("when X is unset") is attached, so identity does not work."""
    return (entry.span, entry.kind, repr(entry.data))


def policy_evidence(policy: CorsPolicy) -> PolicyEvidence:
    """The evidence for `policy` (computed once; several rules read it)."""
    key = id(policy)
    known = _memo.get(key)
    if known is not None and known[0]() is policy:
        return known[1]
    result = _compute(policy)

    def forget(ref, key=key) -> None:  # the policy is gone: so is its evidence
        if _memo.get(key, (None,))[0] is ref:
            del _memo[key]

    _memo[key] = (weakref.ref(policy, forget), result)
    return result


def trusted_hosts(policy: CorsPolicy) -> List[Tuple[str, str]]:
    """(scheme, host) of every literal origin and every regex witness."""
    hosts: Dict[Tuple[str, str], None] = {}  # insertion-ordered set: linear in the list
    option = policy.origins
    if option is not None:
        entries = [option.value] if option.value.kind == "str" else list(option.value.strings())
        for entry in entries:
            if origin_entry_is_regex(entry.data, policy.semantics):
                continue
            texts = entry.data.split(",")
            if is_glob_entry(entry.data, policy.semantics):
                texts = [glob_example_origin(entry.data)]
            for text in texts:
                parsed = parse_origin(text.strip())
                if parsed.scheme and parsed.host:
                    hosts.setdefault((parsed.scheme.lower(), parsed.host.lower()), None)
    for _option, pattern in regex_values(policy):
        if pattern.kind != "str":
            continue
        witnesses = attacks.regex_witnesses(pattern.data, _ignore_case(policy, _option))
        for pair in attacks.witness_hosts(witnesses):
            hosts.setdefault(pair, None)
    return list(hosts)


def _ignore_case(policy: CorsPolicy, option: Option) -> bool:
    return policy.semantics.regex_ignore_case


def _owned_domains(hosts: List[Tuple[str, str]]) -> Tuple[str, ...]:
    owned: Dict[str, None] = {}
    for _scheme, host in hosts:
        domain = registrable_domain(host)
        if domain:
            owned.setdefault(domain, None)
    return tuple(owned)


_OWNED_SETS: Dict[Tuple[str, ...], frozenset] = {}


def _owner_controls(host: str, owned: Tuple[str, ...]) -> bool:
    """`host_within(host, d)` for some owned `d`, by looking up the host's own suffixes
    (one set lookup per label instead of one comparison per owned domain)."""
    domains = _OWNED_SETS.get(owned)
    if domains is None:
        if len(_OWNED_SETS) > 64:
            _OWNED_SETS.clear()
        domains = _OWNED_SETS[owned] = frozenset(d.lower().rstrip(".") for d in owned)
    host = host.lower().rstrip(".")
    if host in domains:
        return True
    index = host.find(".")
    while index != -1:
        if host[index + 1:] in domains:
            return True
        index = host.find(".", index + 1)
    return False


def _probes(policy: CorsPolicy, owned: Tuple[str, ...], hosts: Optional[List[Tuple[str, str]]] = None,
            evidence_only: bool = False) -> Tuple[List[attacks.Candidate], Dict[str, str]]:
    """Every probe for `policy`, most telling first, and which pattern each dot probe came from."""
    if hosts is None:
        hosts = trusted_hosts(policy)
    probes: List[attacks.Candidate] = list(attacks.generic_candidates(owned))
    # Probes tied to one pattern: its unescaped dots replaced, its free-form parts filled.
    pattern_probes: Dict[str, str] = {}  # origin -> pattern text that generated it
    for option, pattern in regex_values(policy):
        if pattern.kind != "str":
            continue
        for witness in attacks.regex_witnesses(pattern.data, _ignore_case(policy, option)):
            for text, label in witness.dot_variants:
                probes.append(attacks.Candidate(text, attacks.UNESCAPED_DOT, label))
                pattern_probes.setdefault(text, pattern.data)
            if witness.attacker_text and witness.attacker_text != witness.text \
                    and not (witness.attacker_kind == attacks.FILLED
                             and _lengthens_last_label(witness.text, witness.attacker_text)):
                probes.append(attacks.Candidate(witness.attacker_text, witness.attacker_kind))
    if policy.semantics.origin_globs:  # each wildcard pattern filled by the attacker
        for entry in origin_entries(policy):
            if is_glob_entry(entry.data, policy.semantics):
                prefix, _star, rest = entry.data.strip().partition("*")
                probes.append(attacks.Candidate(f"{prefix}{attacks.ATTACKER_LABEL}{rest}", attacks.FILLED))
    if evidence_only and _literal_only(policy):
        # Only literal entries let anything in, and a probe a literal entry accepts is that
        # entry: its host is trusted, so owned, and a literal is never http evidence (that
        # needs a regex). No host probe can become evidence; only the generic ones (null,
        # an arbitrary origin, a stranger's shared-hosting site) can. Skipping the host
        # probes keeps a 10,000-origin list from costing 450,000 probes.
        probes.extend(attacks.shared_hosting_candidates(()))
        hosts = []
    prefixes: List[str] = []
    for scheme, host in hosts:
        probes.extend(c for c in attacks.host_candidates(scheme, host, owned) if c.kind != attacks.UNESCAPED_DOT)
        hosting = shared_hosting_suffix(host)
        if hosting:
            label = host[: -len(hosting) - 1].split(".")[-1]
            if "-" in label:
                prefixes.append(label.rsplit("-", 1)[0] + "-")
    probes.extend(attacks.shared_hosting_candidates(prefixes))
    unique: List[attacks.Candidate] = []
    seen = set()
    for probe in probes:
        if probe.origin not in seen:
            seen.add(probe.origin)
            unique.append(probe)
    return unique, pattern_probes


def _lengthens_last_label(text: str, filled: str) -> bool:
    """`https://app.example.comevil` from `https://app\\.example\\.com(.*)`: the fill landed in
    the top-level label, a name nobody can register; the suffix probes
    (`https://app.example.com.evil.net`) show what the free-form part lets in."""
    def top_label(origin: str) -> str:
        host = origin.partition("://")[2].split("/")[0].rsplit(":", 1)[0]
        return host.rsplit(".", 1)[-1]
    return top_label(text) != top_label(filled)


def _literal_only(policy: CorsPolicy) -> bool:
    return origin_matcher(policy).literal_only


def is_attacker_origin(origin: str, owned: Tuple[str, ...]) -> bool:
    """Whether someone other than the owner can send `origin`: `null`, a host outside the
    owner's domains, or the plain-http twin of an owned non-loopback host."""
    if origin == "null":
        return True
    parsed = parse_origin(origin)
    host = parsed.host.lower()
    if parsed.scheme not in ("http", "https") or not _plausible_host(host):
        return False
    if _owner_controls(host, owned):
        return parsed.scheme == "http" and not parsed.is_loopback and "." in host
    return True


def attacker_probes(policy: CorsPolicy) -> List[str]:
    """The generated origins that the owner does not control (a clean policy rejects them all)."""
    hosts = trusted_hosts(policy)
    owned = _owned_domains(hosts)
    probes, _ = _probes(policy, owned, hosts)
    return [p.origin for p in probes if is_attacker_origin(p.origin, owned)]


def _compute(policy: CorsPolicy) -> PolicyEvidence:
    hosts = trusted_hosts(policy)
    owned = _owned_domains(hosts)
    result = PolicyEvidence(owned=owned)
    probes, pattern_probes = _probes(policy, owned, hosts, evidence_only=True)
    matcher = origin_matcher(policy)
    for probe in probes:
        budget.check()  # probes grow with the hosts and patterns of the policy
        if matcher.certainly_not_literal(probe.origin):
            if matcher.list_undecided:
                result.undecided.append(probe.origin)
            continue
        verdict = matcher.accepts(probe.origin)
        if verdict.accepted is None:
            result.undecided.append(probe.origin)
            continue
        if not verdict.accepted or verdict.because is None or verdict.entry is None:
            continue
        item = _classify(policy, probe, verdict, owned, pattern_probes)
        if item is not None:
            result.items.append(item)
    # An entry that lets in any origin at all is one problem (too broad or unanchored),
    # not also a null / http / hosting / dot problem.
    arbitrary = {entry_key(i.entry) for i in result.items
                 if i.probe.kind == attacks.ARBITRARY and i.cause in (TOO_BROAD, UNANCHORED, GLOB)}
    result.items = [i for i in result.items if entry_key(i.entry) not in arbitrary or
                    (i.probe.kind == attacks.ARBITRARY and i.cause in (TOO_BROAD, UNANCHORED, GLOB))]
    return result


def _classify(policy: CorsPolicy, probe: attacks.Candidate, verdict: Acceptance, owned: Tuple[str, ...],
              pattern_probes: Dict[str, str]) -> Optional[Evidence]:
    option, entry = verdict.because, verdict.entry
    assert option is not None and entry is not None
    wildcard = wildcard_entry(policy)
    if option is policy.allow_all_origins or (wildcard is not None and entry_key(entry) == entry_key(wildcard)):
        return None  # "allow everything" is COR101 / COR104, not an origin-matching mistake
    if probe.origin == "null":
        return Evidence(probe.origin, NULL, option, entry, probe)
    parsed = parse_origin(probe.origin)
    host = parsed.host.lower()
    if parsed.scheme not in ("http", "https") or not _plausible_host(host) or parsed.path:
        return None  # a browser's Origin has no path, not even `/`
    if _owner_controls(host, owned):
        # Only the plain-http twin of a trusted host is a problem here: network attackers.
        if (parsed.scheme == "http" and verdict.regex and not parsed.is_loopback and "." in host
                and not _accepts_arbitrary(policy, entry)):
            return Evidence(probe.origin, HTTP, option, entry, probe)
        return None
    if shared_hosting_suffix(host) is not None:
        return Evidence(probe.origin, SHARED_HOSTING, option, entry, probe)
    if entry.kind == "str" and is_glob_entry(entry.data, policy.semantics):
        return Evidence(probe.origin, GLOB, option, entry, probe)
    if not verdict.regex or entry.kind != "str":
        return None  # literal entries are other rules' business (COR301 substring, COR302)
    anchored = regex_accepts_anchored(entry.data, probe.origin, policy.semantics.regex_ignore_case)
    if anchored is None:
        return None
    if not anchored and policy.semantics.regex_mode != "fullmatch":
        return Evidence(probe.origin, UNANCHORED, option, entry, probe)
    if probe.kind == attacks.UNESCAPED_DOT and pattern_probes.get(probe.origin) == entry.data:
        return Evidence(probe.origin, UNESCAPED_DOT, option, entry, probe, probe.detail)
    return Evidence(probe.origin, TOO_BROAD, option, entry, probe)


def _plausible_host(host: str) -> bool:
    """A host some browser could send and someone could register: no empty label, no stray
    separators, no label that starts or ends with a hyphen (`-previewxexample.com`)."""
    return bool(host) and not host.startswith(".") and not host.endswith(".") and ".." not in host \
        and not any(c in host for c in "/?#@ :") \
        and not any(label.startswith("-") or label.endswith("-") for label in host.split("."))


def _accepts_arbitrary(policy: CorsPolicy, entry: Value) -> bool:
    """Whether the policy lets in an origin nobody on the owner's side controls."""
    domain = attacks.attacker_domain(())
    return bool(accepts(policy, f"https://{domain}").accepted or accepts(policy, f"http://{domain}").accepted)

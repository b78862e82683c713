"""The rules, one module each (``corNNN_name.py``), found by their file names.

Adding a rule means adding one module here and its page under ``docs/rules/``;
nothing else needs editing.
"""
from __future__ import annotations

import importlib
import os
import re
from typing import Dict, Iterable, List, Optional, Set

from corslint.rules.base import Rule

_MODULE = re.compile(r"^cor\d{3}_[a-z0-9_]+\.py$")
_registry: Optional[Dict[str, Rule]] = None


class SelectorError(Exception):
    """An unknown rule selector; the CLI exits 2 with this message."""


def all_rules() -> Dict[str, Rule]:
    """Every rule, by code, in code order."""
    global _registry
    if _registry is None:
        found: Dict[str, Rule] = {}
        folder = os.path.dirname(__file__)
        for filename in sorted(os.listdir(folder)):
            if not _MODULE.match(filename):
                continue
            module = importlib.import_module(f"{__name__}.{filename[:-3]}")
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.code \
                        and obj.__module__ == module.__name__:
                    found[obj.code] = obj()
        _registry = dict(sorted(found.items()))
    return _registry


def rule_for(selector: str) -> Optional[Rule]:
    rules = all_rules()
    key = selector.strip()
    if key.upper() in rules:
        return rules[key.upper()]
    for rule in rules.values():
        if rule.name == key.lower():
            return rule
    return None


def expand(selector: str) -> Set[str]:
    """Codes named by a selector: a code, a prefix (``COR1``, ``COR``), ``ALL`` or a rule name."""
    rules = all_rules()
    key = selector.strip()
    if not key:
        raise SelectorError("empty rule selector")
    upper = key.upper()
    if upper == "ALL":
        return set(rules)
    if upper in rules:
        return {upper}
    named = rule_for(key)
    if named is not None:
        return {named.code}
    if re.fullmatch(r"COR\d{0,3}", upper):
        matched = {code for code in rules if code.startswith(upper)}
        if matched:
            return matched
    raise SelectorError(unknown_selector_message(selector))


def closest_rule(selector: str) -> Optional[str]:
    """The rule code or name a mistyped selector most likely meant, or None."""
    import difflib

    key = selector.strip()
    known = [name for rule in all_rules().values() for name in (rule.code, rule.name)]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75) or \
        difflib.get_close_matches(key.upper(), known, n=1, cutoff=0.75) or \
        difflib.get_close_matches(key.lower().replace("_", "-"), known, n=1, cutoff=0.75)
    return close[0] if close else None


def unknown_selector_message(selector: str) -> str:
    """Why a selector names no rule, and what would: the user wrote it in a flag or a
    config file and should not have to guess which part was wrong."""
    rules = all_rules()
    key = selector.strip()
    upper = key.upper()
    if re.fullmatch(r"COR\d{3}", upper):
        reason = f"no rule has the code {upper}, the codes run from {min(rules)} to {max(rules)}"
    elif re.fullmatch(r"COR\d{0,2}", upper):
        reason = f"no rule code starts with {upper}"
    elif re.fullmatch(r"[A-Z]+\d+", upper):
        reason = "that is not a corslint code (a code is COR and three digits, such as COR101)"
    else:
        reason = "no rule has that name"
    close = closest_rule(key) if not re.fullmatch(r"COR\d{0,2}", upper) else None
    hint = f" (did you mean `{close}`?)" if close else ""
    return (f"unknown rule selector `{selector}`: {reason}{hint}; select rules by code (COR101), prefix (COR1), "
            f"name (wildcard-with-credentials) or ALL, and `corslint rule --all` lists them")


def default_codes() -> Set[str]:
    """The rules that run when none are selected: every rule but the opt-in ones."""
    return {code for code, rule in all_rules().items() if rule.default_enabled}


def select(select: Optional[Iterable[str]], extend_select: Iterable[str], ignore: Iterable[str]) -> Set[str]:
    """The selected codes. Without ``select``, the default rules; any selector that names an
    opt-in rule (its code, a prefix, ``ALL``) turns it on."""
    chosen = default_codes() if select is None else set().union(*[expand(s) for s in select] or [set()])
    for selector in extend_select:
        chosen |= expand(selector)
    for selector in ignore:
        chosen -= expand(selector)
    return chosen


def codes_in(selectors: Iterable[str]) -> Set[str]:
    out: Set[str] = set()
    for selector in selectors:
        out |= expand(selector)
    return out


def rules_by_code(codes: Iterable[str]) -> List[Rule]:
    rules = all_rules()
    return [rules[c] for c in sorted(codes) if c in rules]


def facts_needed(rules: Iterable[Rule]) -> Set[str]:
    """The kinds of project facts these rules read (each rule declares its own)."""
    return set().union(*(rule.needs_facts for rule in rules))

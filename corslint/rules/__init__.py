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
    raise SelectorError(
        f"unknown rule selector `{selector}` (use a code such as COR101, a prefix such as COR1, "
        f"a name such as wildcard-with-credentials, or ALL; `corslint rule --all` lists them)"
    )


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

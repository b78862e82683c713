"""Every feasible configuration of a module, one world at a time.

A world fixes the arm taken at each branching statement the resolver met undecided
(``Resolver.choose``). :func:`explore` runs an extractor once in the first world (first
feasible arm everywhere), then once more for each other arm of each branch met, depth
first, up to ``MAX_WORLDS`` runs. Findings then come from each possibility, and a value
reached through an arm carries that arm's condition, which the messages name. Policies
that come out the same in several worlds are kept once, and when they differ only in
the conditions their values carry, once with the conditions they share: a branch whose
every arm gives the same value does not decide it, so its condition is not named.
"""
from __future__ import annotations

import functools
from dataclasses import fields, is_dataclass, replace
from typing import Any, Callable, Dict, List, TypeVar

from corslint import budget, limits
from corslint.policy import Value

T = TypeVar("T")

# Each world re-runs one module's extractor; branches that do not touch CORS values are
# never met, so real modules rarely need more than a handful.
MAX_WORLDS = 16


def explore(resolver, build: Callable[[], List[T]], in_functions: bool = True) -> List[T]:
    """The results of ``build`` in every world (each a list), without repeats. Without
    ``in_functions``, branches met inside the functions a value is followed into take
    their first feasible arm only (the hand-written headers' reader: a library class
    whose `__init__` builds its headers behind tests of its parameters would otherwise
    make up to 16 worlds of values no deployment shows)."""
    if resolver.exploring:  # already exploring (an extractor calling another)
        return build()
    results: List[T] = []
    pending: List[Dict[int, int]] = [{}]
    runs = 0
    try:
        while pending and runs < MAX_WORLDS:
            budget.check()  # each world runs the extractor again
            fixed = pending.pop()
            resolver.enter_world(fixed)
            for item in build():
                _keep(results, item)
            runs += 1
            prefix = dict(fixed)
            later = []
            for key, feasible in resolver.branches_met(in_functions):
                for arm in feasible[1:]:
                    later.append({**prefix, key: arm})
                prefix[key] = feasible[0]
            pending.extend(reversed(later))
        if pending:
            limits.reached(f"the branches a CORS configuration goes through combine into more than {MAX_WORLDS} "
                           f"possibilities; only the first {MAX_WORLDS} were judged")
    finally:
        resolver.leave_worlds()
    if runs > 1:
        _narrow_shared_options(results)
    return results


def _narrow_shared_options(results: List[Any]) -> None:
    """For one declaration judged in several worlds: an option whose value is the same in
    every world (up to conditions) holds whatever the branches chose, so it keeps only the
    conditions all worlds share. `max_age` set once is then reported once, without the
    condition of a branch that only changed the origins."""
    groups: Dict[Any, List[Any]] = {}
    for item in results:
        span = getattr(item, "span", None)
        if span is not None and is_dataclass(item):
            groups.setdefault((type(item), span), []).append(item)
    for group in groups.values():
        if len(group) < 2:
            continue
        for field in fields(group[0]):
            merged = getattr(group[0], field.name)
            for other in group[1:]:
                merged = _merge(merged, getattr(other, field.name))
                if merged is _DIFFERENT:
                    break
            if merged is not _DIFFERENT:
                for item in group:
                    setattr(item, field.name, merged)


def explored(extract: Callable) -> Callable:
    """An extractor's ``extract`` run in every world."""

    @functools.wraps(extract)
    def run(module, resolver):
        return explore(resolver, lambda: extract(module, resolver))

    return run


def _keep(results: List[Any], item: Any) -> None:
    for index, kept in enumerate(results):
        if item == kept:
            return
        merged = _merge(kept, item)
        if merged is not _DIFFERENT:
            results[index] = merged
            return
    results.append(item)


_DIFFERENT = object()


def _merge(a: Any, b: Any) -> Any:
    """`a` with each value's conditions narrowed to those `b` shares, or _DIFFERENT when the
    two differ in anything but conditions."""
    if a is b:
        return a
    if type(a) is not type(b):
        return _DIFFERENT
    if isinstance(a, Value):
        if (a.kind, a.span, a.literal, a.via, a.complete, a.entry_span) != \
                (b.kind, b.span, b.literal, b.via, b.complete, b.entry_span):
            return _DIFFERENT
        data = _merge(a.data, b.data)
        if data is _DIFFERENT:
            return _DIFFERENT
        shared = tuple(c for c in a.conditions if c in b.conditions)
        if data is a.data and shared == a.conditions:
            return a
        return replace(a, data=data, conditions=shared)
    if is_dataclass(a) and not isinstance(a, type):
        changes = {}
        for field in fields(a):
            mine, theirs = getattr(a, field.name), getattr(b, field.name)
            merged = _merge(mine, theirs)
            if merged is _DIFFERENT:
                return _DIFFERENT
            if merged is not mine:
                changes[field.name] = merged
        return replace(a, **changes) if changes else a
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return _DIFFERENT
        merged_items = [_merge(x, y) for x, y in zip(a, b)]
        if any(m is _DIFFERENT for m in merged_items):
            return _DIFFERENT
        if all(m is x for m, x in zip(merged_items, a)):
            return a
        return type(a)(merged_items) if isinstance(a, list) else tuple(merged_items)
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return _DIFFERENT
        merged_map = {k: _merge(a[k], b[k]) for k in a}
        if any(m is _DIFFERENT for m in merged_map.values()):
            return _DIFFERENT
        return a if all(merged_map[k] is a[k] for k in a) else merged_map
    try:
        return a if a == b else _DIFFERENT
    except Exception:
        return _DIFFERENT

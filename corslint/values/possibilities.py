"""Every feasible configuration of a module, one world at a time.

A world fixes the arm taken at each branching statement the resolver met undecided
(``Resolver.choose``). :func:`explore` runs an extractor once in the first world (first
feasible arm everywhere), then once more for each other arm of each branch met, depth
first, up to ``MAX_WORLDS`` runs. Findings then come from each possibility, and a value
reached through an arm carries that arm's condition, which the messages name. Policies
that come out the same in several worlds are kept once.
"""
from __future__ import annotations

import functools
from typing import Callable, Dict, List, TypeVar

T = TypeVar("T")

# Each world re-runs one module's extractor; branches that do not touch CORS values are
# never met, so real modules rarely need more than a handful.
MAX_WORLDS = 16


def explore(resolver, build: Callable[[], List[T]]) -> List[T]:
    """The results of ``build`` in every world (each a list), without repeats."""
    if resolver._world is not None:  # already exploring (an extractor calling another)
        return build()
    results: List[T] = []
    pending: List[Dict[int, int]] = [{}]
    runs = 0
    try:
        while pending and runs < MAX_WORLDS:
            fixed = pending.pop()
            resolver._world = dict(fixed)
            resolver._met = []
            for item in build():
                if not any(item == kept for kept in results):
                    results.append(item)
            runs += 1
            prefix = dict(fixed)
            later = []
            for key, feasible in resolver._met:
                for arm in feasible[1:]:
                    later.append({**prefix, key: arm})
                prefix[key] = feasible[0]
            pending.extend(reversed(later))
    finally:
        resolver._world = None
        resolver._met = []
    return results


def explored(extract: Callable) -> Callable:
    """An extractor's ``extract`` run in every world."""

    @functools.wraps(extract)
    def run(module, resolver, facts=None):
        return explore(resolver, lambda: extract(module, resolver, facts))

    return run

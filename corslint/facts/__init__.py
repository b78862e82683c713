"""Project-wide facts: what cross-file rules read after the per-file pass.

Extractors add every policy they find; collectors (``corslint.run.collectors``) add the
facts a rule declares it needs (``Rule.needs_facts``), such as the custom response
headers an application sets (:mod:`corslint.facts.response_headers` reads them).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict

from corslint.policy import Span


@dataclass(frozen=True)
class ResponseHeader:
    """A custom response header an application sets (fact kind "response-header")."""

    name: str  # as written: "X-Total-Count"
    span: Span
    function: str  # "path:qualname" of the function that sets it, or "path:<module>"
    how: str = "set"  # "set", "add", "documented" (a route's `responses=`), …


class ProjectFacts:
    """What cross-file rules read after the per-file pass: every policy, and the facts
    extractors recorded per module (for example response headers set by views)."""

    def __init__(self) -> None:
        self.policies: list = []
        self.facts: Dict[str, list] = {}

    def add_fact(self, kind: str, fact) -> None:
        self.facts.setdefault(kind, []).append(fact)

    def has_known_expose_list(self) -> bool:
        """Whether some policy says exactly which response headers it exposes: only then
        can a custom header be known to be unexposed, so only then is it worth parsing the
        modules that set headers but never mention CORS."""
        for policy in self.policies:
            option = policy.expose_headers
            if option is not None and option.value.is_known and (
                    option.value.kind == "str" or option.value.complete):
                return True
        return False

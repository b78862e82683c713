"""Framework extractors, one module per framework, each turning a module's CST into
:class:`~corslint.policy.CorsPolicy` objects with that framework's semantics.

Every extractor module satisfies :class:`Extractor` (a test checks it): ``MARKERS``,
byte strings of which one must occur in a module for the extractor to have anything to
do (the parse gate reads them without importing the module), ``wants(data)``, the
precise form of that test, and ``extract(module, resolver)``.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, List, Protocol, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from corslint.parsing.parse import ParsedModule
    from corslint.policy import CorsPolicy
    from corslint.values.resolver import Resolver

# Listed, not discovered: the order is the order policies are reported in.
EXTRACTOR_MODULES = (
    "corslint.frameworks.starlette",
    "corslint.frameworks.django",
    "corslint.frameworks.aiohttp_cors",
    "corslint.frameworks.handwritten",
    "corslint.frameworks.flask_cors",
)


class Extractor(Protocol):
    """What an extractor module provides (a module, not a class: see the module doc)."""

    # Case-sensitive byte strings; a module without any of them yields no policy here.
    MARKERS: Tuple[bytes, ...]

    def wants(self, data: bytes) -> bool:
        """Whether a module with these bytes may hold a policy of this extractor's."""

    def extract(self, module: "ParsedModule", resolver: "Resolver") -> List["CorsPolicy"]:
        """The policies the module declares, with their spans and the framework's semantics."""


def extractors() -> List[Extractor]:
    return [importlib.import_module(name) for name in EXTRACTOR_MODULES]

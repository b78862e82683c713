"""Stage 3: framework extractors, one module per framework, each turning a module's CST
into :class:`~corslint.policy.CorsPolicy` objects with that framework's semantics.

An extractor module exposes ``MARKERS`` (byte strings, any of which must occur in a
module for the extractor to have anything to do; compared case-sensitively), optionally
``wants(data) -> bool`` when a literal marker is not precise enough, and
``extract(module, resolver, facts) -> list[CorsPolicy]``.
"""
from __future__ import annotations

import importlib
from typing import List

# Listed, not discovered: the order is the order policies are reported in.
EXTRACTOR_MODULES = (
    "corslint.frameworks.starlette",
    "corslint.frameworks.django",
    "corslint.frameworks.aiohttp_cors",
    "corslint.frameworks.handwritten",
    "corslint.frameworks.flask_cors",
)


def extractors() -> List[object]:
    return [importlib.import_module(name) for name in EXTRACTOR_MODULES]

"""The project: every module the run has parsed, and modules parsed on demand.

Extractors and the value resolver ask the project for a module by import name when a
candidate file imports a value from it (``from .config import ORIGINS``). Such a module
is read and parsed once, even if it failed the byte prefilter, and never re-read. The
same index holds the cross-file facts (Django settings chains, response headers set in
one module and exposed in another) that rules read after the per-file pass.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, List, Optional

from corslint.files.decode import DecodeError, decode_source
from corslint.files.prefilter import read_bytes
from corslint.policy import Span


def module_name_for(abspath: str) -> str:
    """The dotted import name of a file, from the package folders (with __init__.py) above it."""
    directory, filename = os.path.split(abspath)
    stem = os.path.splitext(filename)[0]
    parts = [] if stem == "__init__" else [stem]
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
        if not package:
            break
    return ".".join(parts)


def import_root_for(abspath: str) -> str:
    """The folder that is on sys.path for this file: the parent of its top package."""
    directory = os.path.dirname(abspath)
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return directory


def module_path_candidates(dotted: str, level: int, importer_path: str, roots: List[str], watch=None):
    """The files that `from <level dots><dotted> import ...` in the module at
    ``importer_path`` may name, in the order Python tries them: the importer's package
    (relative imports), else its import root, each project root and its `src/`; in each, a
    package before a module of the same name, and `from . import X` names the package
    itself, never a module file beside its folder. ``watch(path, None)`` is told of a
    missing `src/` (the cache depends on its absence)."""
    parts = [p for p in dotted.split(".") if p] if dotted else []
    bases: List[str] = []
    if level:
        base = os.path.dirname(importer_path)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        bases.append(base)
    elif parts:
        bases.append(import_root_for(importer_path))
        for root in roots:
            bases.append(root)
            src = os.path.join(root, "src")
            if os.path.isdir(src):
                bases.append(src)
            elif watch is not None:
                watch(src, None)
    for base in dict.fromkeys(bases):
        target = os.path.join(base, *parts)
        yield os.path.join(target, "__init__.py")
        if parts:
            yield target + ".py"


def find_module_path(dotted: str, level: int, importer_path: str, roots: List[str], watch=None) -> Optional[str]:
    """The file Python would import for `from <level dots><dotted> import ...` in the module
    at ``importer_path``; ``watch(path, None)`` is told of every path looked for and not
    found (the cache depends on their absence)."""
    for candidate in module_path_candidates(dotted, level, importer_path, roots, watch):
        if os.path.isfile(candidate):
            return candidate
        if watch is not None:
            watch(candidate, None)
    return None


class Project:
    def __init__(self, roots: Optional[List[str]] = None, display=None):
        # Extra folders to search for absolute imports (the config root, the cwd, src/).
        self.roots = [os.path.abspath(r) for r in (roots or [])]
        self.modules: Dict[str, object] = {}  # abspath -> ParsedModule or None
        self._display = display or (lambda p: p)
        # abspath -> bytes that stand in for the file on disk (set by the fix loop).
        self.overlay: Dict[str, bytes] = {}
        # Called as watch(path, data) for every file an import made the project read, and
        # watch(path, None) for every path it looked for and did not find: the result
        # cache records both as what a cached result depends on (corslint.cache).
        self.watch = None

    def add(self, parsed) -> None:
        if parsed.source.abspath:
            self.modules[parsed.source.abspath] = parsed

    def module_at(self, path: str):
        """The parsed module shown to users as ``path`` (a display path), if loaded."""
        module = dict.get(self.modules, os.path.abspath(path))
        if module is not None and module.path == path:
            return module
        # A display path that is not the module's path made absolute (another display rule).
        return next((m for m in dict.values(self.modules) if m is not None and m.path == path), None)

    def find_module(self, dotted: str, level: int, importer) -> Optional[object]:
        """The parsed module that `from <level dots><dotted> import ...` in `importer` names."""
        if importer.source.abspath is None:
            return None
        path = find_module_path(dotted, level, importer.source.abspath, self.roots, self.watch)
        return self.load(path) if path is not None else None

    def load(self, abspath: str):
        if abspath in self.modules:
            return self.modules[abspath]
        self.modules[abspath] = None  # a cycle sees "not available"
        from corslint.parse import ParseFailure, SourceFile, parse_source

        try:
            data = self.overlay.get(abspath)
            if data is None:
                data = read_bytes(abspath)  # never blocks on a FIFO
            if self.watch is not None:
                self.watch(abspath, data)
            decoded = decode_source(data)
            source = SourceFile(self._display(abspath), abspath, decoded.text, decoded.encoding,
                                decoded.bom, decoded.newline)
            parsed = parse_source(source, module_name_for(abspath))
        except (OSError, DecodeError, ParseFailure) as exc:
            if isinstance(exc, OSError) and self.watch is not None:
                self.watch(abspath, None)
            return None
        self.modules[abspath] = parsed
        return parsed


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

"""The project: every module the run has parsed, and modules parsed on demand.

Extractors and the value resolver ask the project for a module by import name when a
candidate file imports a value from it (``from .config import ORIGINS``). Such a module
is read and parsed once, even if it failed the byte prefilter, and never re-read.

Reads are of two kinds, and the difference matters to the result cache: :meth:`load`
and :meth:`find_module` are *recorded* (an analysis that asked for a module depends on
it), :meth:`peek` and :meth:`module_at` are not (the run machinery looking at what is
loaded already). Where imports lead is decided in the files layer
(:mod:`corslint.files.imports`); the project-wide facts rules read live in
:mod:`corslint.facts`.
"""
from __future__ import annotations

import os
from typing import Callable, Dict, List, Optional, Set

from corslint.files.decode import DecodeError, decode_source
from corslint.files.imports import find_module_path, module_name_for, read_module_bytes
from corslint.files.inherit import star_closure_provides


class Project:
    def __init__(self, roots: Optional[List[str]] = None, display=None):
        # Extra folders to search for absolute imports (the config root, the cwd, src/).
        self.roots = [os.path.abspath(r) for r in (roots or [])]
        self._modules: Dict[str, object] = {}  # abspath -> ParsedModule or None (could not load)
        self._display = display or (lambda p: p)
        # abspath -> bytes that stand in for the file on disk (set by the fix loop).
        self.overlay: Dict[str, bytes] = {}
        # Called as watch(path, data) for every file an import made the project read, and
        # watch(path, None) for every path it looked for and did not find: the result
        # cache records both as what a cached result depends on (corslint.run.cache).
        self.watch: Optional[Callable] = None
        # The paths of the recorded reads since start_recording(), or None when not recording.
        self._recorded: Optional[Set[str]] = None

    # -- recording -------------------------------------------------------------
    def start_recording(self) -> None:
        """Begin a fresh record of the modules analyses ask for (see the module doc)."""
        self._recorded = set()

    def record(self, abspath: str) -> None:
        """Count ``abspath`` as read by the analysis being recorded (its own file)."""
        if self._recorded is not None:
            self._recorded.add(abspath)

    def recorded_reads(self) -> Set[str]:
        return set(self._recorded or ())

    def has_entry(self, abspath: str) -> bool:
        """Whether a load of ``abspath`` was attempted (it may have failed); unrecorded."""
        return abspath in self._modules

    # -- unrecorded reads ------------------------------------------------------------
    def add(self, parsed) -> None:
        if parsed.source.abspath:
            self._modules[parsed.source.abspath] = parsed

    def peek(self, abspath: str):
        """The module loaded at ``abspath``, if any, without recording the read."""
        return self._modules.get(abspath)

    def module_at(self, path: str):
        """The parsed module shown to users as ``path`` (a display path), if loaded."""
        module = self._modules.get(os.path.abspath(path))
        if module is not None and module.path == path:
            return module
        # A display path that is not the module's path made absolute (another display rule).
        return next((m for m in self._modules.values() if m is not None and m.path == path), None)

    # -- recorded reads --------------------------------------------------------------
    def find_module(self, dotted: str, level: int, importer) -> Optional[object]:
        """The parsed module that `from <level dots><dotted> import ...` in `importer` names."""
        if importer.source.abspath is None:
            return None
        path = find_module_path(dotted, level, importer.source.abspath, self.roots, self.watch)
        return self.load(path) if path is not None else None

    def star_closure_provides(self, imports, provides, **options) -> bool:
        """:func:`corslint.files.inherit.star_closure_provides` over the files Python would
        import, each read recorded (a verdict rests on it) but not parsed."""
        def resolve(importer: str, dotted: str, level: int):
            path = find_module_path(dotted, level, importer, self.roots, self.watch)
            return () if path is None else (path,)

        def read(path: str):
            self.record(path)
            try:
                data = read_module_bytes(path, self.overlay)
            except OSError:
                return None
            if self.watch is not None:
                self.watch(path, data)
            return data

        return star_closure_provides(imports, resolve, read, provides, **options)

    def load(self, abspath: str):
        self.record(abspath)
        if abspath in self._modules:
            known = self._modules[abspath]
            if known is None or getattr(known, "sliced", None) is None:
                return known
            # Analysed as a slice (parsing.slicing): another module may read any of its
            # names, so it is parsed in full for that.
        self._modules[abspath] = None  # a cycle sees "not available"
        from corslint.parsing.parse import ParseFailure, SourceFile, parse_source

        try:
            data = read_module_bytes(abspath, self.overlay)  # never blocks on a FIFO
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
        self._modules[abspath] = parsed
        return parsed

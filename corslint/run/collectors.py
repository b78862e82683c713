"""Fact collectors: gather the project facts rules declare they need (``Rule.needs_facts``).

A collector sees every file the prefilter reads. It keeps aside the files that may hold
its kind of fact (also files that never mention CORS), and after the per-file pass,
when a selected rule needs that kind, reads them and adds the facts to
:class:`~corslint.facts.ProjectFacts`. The engine knows collectors only through this
interface: ``kind``, ``keep_plain``, ``keep_candidate``, ``read_ahead`` and ``collect``.
"""
from __future__ import annotations

import os
from typing import Callable, Dict, List, Optional

from corslint.diagnostics import internal_error
from corslint.files.prefilter import may_name_response_headers, may_set_response_headers


class ResponseHeaderCollector:
    """The custom response headers an application sets (fact kind "response-header"),
    read with CPython's parser, not libcst (see :mod:`corslint.facts.response_headers`).
    Each module's headers are cached by its content alone: they depend on nothing else."""

    kind = "response-header"

    def __init__(self, options, open_cache: Callable[[], object]):
        self.options = options
        self._open_cache = open_cache  # the run's result cache, opened on demand (or None)
        self.files: List[tuple] = []  # (Input, Decoded, bytes) kept aside
        self._read_ahead = None  # (headers, errors) read while worker processes analysed

    def keep_plain(self, item, decoded, data: bytes, lowered: bytes) -> bool:
        """A file without CORS words: keep it when it may set a custom header; whether kept."""
        if may_set_response_headers(data, lowered):
            self.files.append((item, decoded, data))
            return True
        return False

    def keep_candidate(self, item, decoded, data: bytes, lowered: bytes) -> None:
        """A file the per-file pass analyses may set headers too."""
        if may_name_response_headers(lowered):
            self.files.append((item, decoded, data))

    def read_ahead(self) -> None:
        """While worker processes analyse the candidates, read the headers they may turn
        out to need (whether they do is known only from the policies found)."""
        if self.files:
            self._read_ahead = self._read()

    def collect(self, facts, result, texts: Dict[str, str]) -> None:
        """Add the headers of the files kept aside, if some policy has an expose list to
        compare them with (only then can a header be known to be unexposed)."""
        if not self.files or not facts.has_known_expose_list():
            return
        headers, errors = self._read_ahead if self._read_ahead is not None else self._read()
        result.errors.extend(errors)
        for header in headers:
            facts.add_fact(self.kind, header)
        for item, decoded, _data in self.files:
            texts.setdefault(item.display, decoded.text)  # for `# noqa` and the source excerpt

    def _read(self):
        """(headers, errors) of the files kept aside."""
        from corslint.facts.response_headers import ImportedConstants, collect
        from corslint.files.imports import module_name_for
        from corslint.run.analyser import FileOutcome

        cache = self._open_cache()
        headers: list = []
        errors: List[str] = []
        constants = ImportedConstants([os.path.abspath(r) for r in self.options.project_roots],
                                      self.options.overlay)
        for item, decoded, data in self.files:
            # Stored apart from a candidate's entry for the same path.
            key = f"{item.abspath}#response-headers" if item.abspath else None
            # Its import root decides where `from names import X` looks: part of the key.
            module_name = module_name_for(item.abspath) if item.abspath else None
            if cache is not None and key is not None:
                hit = cache.lookup(key, item.display, data, module_name)
                if hit is not None:
                    headers.extend(fact for _name, _kind, fact in hit.facts)
                    continue
            deps: Dict[str, Optional[str]] = {}  # the modules its header names came from
            imported = constants.reader(item.abspath, deps) if item.abspath else None
            try:
                found = collect(decoded.text, item.display, imported)
            except Exception as exc:
                errors.append(internal_error("response-header collection", item.display, exc))
                continue
            if found is None:
                continue  # CPython cannot parse it: a candidate's COR001 says so, else not ours
            headers.extend(found)
            if cache is not None and key is not None:
                cache.store(key, item.display, data, module_name, deps,
                            FileOutcome(facts=[("facts", "response-header", h) for h in found]))
        return headers, errors


def make_collectors(options, open_cache) -> list:
    """Every collector, one per fact kind; the engine runs those a selected rule needs."""
    return [ResponseHeaderCollector(options, open_cache)]

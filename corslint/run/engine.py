"""Runs the pipeline: files -> prefilter -> parse -> extractors -> policies -> rules -> findings.

The per-file pass reads each file once. Cross-file rules run afterwards on the facts the
per-file pass gathered (see :class:`corslint.parsing.project.ProjectFacts`), never by re-reading.
"""
from __future__ import annotations

import fnmatch
import os
from typing import Dict, Iterable, List, Optional, Sequence, Set

from corslint.diagnostics import Finding, file_finding, internal_error
from corslint.files.decode import DecodeError, decode_source
from corslint.files.display import display_path  # noqa: F401 - part of the engine's interface
from corslint.files.prefilter import may_configure_cors, may_inherit_settings, may_name_codes, read_bytes_and_stat
from corslint.languages import language_for
from corslint.run.analyser import FileAnalyser
from corslint.run.model import LIMIT_NOTES, Input, Options, RunResult  # noqa: F401 - the engine's interface


class Engine:
    def __init__(self, options: Options, result_cache=None, stat_index=None):
        self.options = options
        # A result cache and a stat index kept by the caller across runs (the language
        # server, in memory), else None. Files in the overlay are passed with their data
        # and so are never skipped by the index.
        self._shared_cache = result_cache
        self._shared_index = stat_index
        self._noqa_texts: Dict[str, str] = {}  # display path -> text, files with `# noqa: COR...`
        self.progress = None  # called with the number of files read so far (the CLI's indicator)
        self.analyser = FileAnalyser(options)  # one file's analysis; the project and facts live there
        from corslint.run.collectors import make_collectors

        self.collectors = make_collectors(options, self._open_cache)
        # The result cache opened by the per-file pass, saved once at the end.
        self.result_cache = None
        self._inheritance = None  # files.inherit.InheritanceProbe, made on the first star import
        self._early_workers = 0  # how many workers may start before the prefilter is done
        self._workers = None  # corslint.run.workers.Workers, when started

    @property
    def facts(self):
        """The project facts of the last run (every policy found, the facts collected)."""
        return self.analyser.facts

    def run(self, inputs: Iterable[Input]) -> RunResult:
        from corslint.run.workers import early_worker_allowed

        # On a large tree, the first file that needs analysing starts a worker process at
        # once, so that it imports libcst while the rest of the tree is read.
        self._early_workers = early_worker_allowed(self.options, len(inputs)) \
            if isinstance(inputs, (list, tuple)) else 0
        self._workers = None
        try:
            return self._run(inputs)
        finally:
            if self._workers is not None:
                self._workers.stop()
                self._workers = None

    def _run(self, inputs: Iterable[Input]) -> RunResult:
        result = RunResult()
        texts: Dict[str, str] = {}
        candidates = []
        index = None
        if self._shared_index is not None:
            index = self._shared_index
            index.begin_run()
        elif self.options.cache_dir and not self.options.overlay:
            from corslint.run.cache import StatIndex

            index = StatIndex(self.options.cache_dir)
        if self._shared_cache is not None:
            self.result_cache = self._shared_cache
            self.result_cache.begin_run(self.options.overlay)
        elif self.options.cache_dir:
            from corslint.run.cache import ResultCache, run_key

            self.result_cache = ResultCache(self.options.cache_dir, run_key(self.options))
            self.result_cache.overlay = self.options.overlay  # dependencies read from the buffers
        progress = self.progress
        foreign = []  # languages hook: Go and Rust files, analysed by corslint.languages
        for item in inputs:
            result.files_checked += 1
            if progress is not None and not result.files_checked % 50:
                progress(result.files_checked)
            if language_for(item.abspath or item.display):
                foreign.append(item)
                continue
            if index is not None and item.data is None and item.abspath and index.unchanged_plain(item.abspath):
                continue  # read before, found plain, not changed since (see cache.StatIndex)
            candidate = self._prepare(item, result, index)
            if candidate is not None:
                candidates.append(candidate)
                if self._early_workers:
                    self._start_early_worker(*candidate)
        if index is not None:
            index.save()
        if candidates:
            # Cache replay, the parse gate and the (possibly parallel) per-file pass.
            from corslint.run.workers import analyse_candidates

            self._workers = analyse_candidates(self.analyser, candidates, result, texts, cache=self.result_cache,
                                               meanwhile=self._read_facts_ahead, workers=self._workers)
        if foreign:  # languages hook
            from corslint.languages.analyse import analyse_files

            analyse_files(self.analyser, self.options, foreign, result, texts)
        if self.analyser.project is not None:
            self._collect_facts(result, texts)
            self._run_project_rules(result)
        if self.result_cache is not None:
            self.result_cache.save()
        result.findings = self._filter(result.findings, texts)
        result.findings.sort(key=lambda f: f.sort_key())
        # Fix intents are realised by the per-file pass for its findings (in the workers,
        # when there are any); what is left comes from the cross-file rules.
        result.errors.extend(self.analyser.materialise(result.findings))
        result.sources = {f.path: texts[f.path] for f in result.findings if f.path in texts}
        if self.analyser.facts is not None:
            result.notes = sorted(set(self.analyser.facts.facts.get(LIMIT_NOTES, [])))
        return result

    # -- per file --------------------------------------------------------------
    def _prepare(self, item: Input, result: RunResult, index=None):
        """Read, decode and prefilter one file; a candidate (item, bytes, Decoded) or None.

        Every file costs this much and, unless it survives the byte prefilter, no more.
        With a stat index (warm runs), a file found plain is remembered by its stat."""
        data = item.data
        st = None
        if data is None:
            try:
                data, st = read_bytes_and_stat(item.abspath)
            except OSError as exc:
                result.errors.append(f"{item.display}: cannot read the file: {exc.strerror or exc}")
                return None
        try:
            decoded = decode_source(data)
        except DecodeError as exc:
            if st is not None and index is not None:
                index.record(item.abspath, st, plain=False)
            result.findings.append(file_finding("COR002", "undecodable-file", item.display, 1, 0,
                                                f"The file cannot be decoded: {exc}, so corslint could not "
                                                "check it; save it as UTF-8 or fix its coding cookie."))
            return None
        lowered = data.lower()
        names_codes = may_name_codes(lowered)
        if names_codes:
            self._noqa_texts[item.display] = decoded.text  # for COR004 (unused-noqa)
        if not may_configure_cors(data, lowered) and not self._may_inherit_cors(item, data):
            kept = [collector.keep_plain(item, decoded, data, lowered) for collector in self.collectors]
            if st is not None and index is not None:
                index.record(item.abspath, st, plain=not any(kept) and not may_inherit_settings(data)
                             and not names_codes)
            return None
        if st is not None and index is not None:
            index.record(item.abspath, st, plain=False)
        for collector in self.collectors:
            collector.keep_candidate(item, decoded, data, lowered)  # a CORS module may hold facts too
        return item, data, decoded

    def _start_early_worker(self, item: Input, data: bytes, decoded) -> None:
        """Start a worker for each candidate the cache cannot answer and the gate will
        parse, up to one per core: each imports libcst while the tree is still read."""
        from corslint.run.gate import extractor_markers, needs_parse
        from corslint.run.workers import Workers

        started = len(self._workers.processes) if self._workers is not None else 0
        if started >= self._early_workers:
            return
        if self.result_cache is not None and item.abspath and self.result_cache.has_content(item.abspath, data):
            return  # most likely replayed from the cache (a warm run)
        if not needs_parse(data, decoded.text, item.display, extractor_markers()):
            return
        if self._workers is None:
            self._workers = Workers(self.options, self.result_cache is not None)
        self._workers.add(1)
        if len(self._workers.processes) == started:  # the system refused a process: stop trying
            self._early_workers = 0

    def _may_inherit_cors(self, item: Input, data: bytes) -> bool:
        """A module without CORS words that may inherit CORS settings (see files/inherit.py)."""
        if not may_inherit_settings(data):
            return False
        if self._inheritance is None:
            from corslint.files.inherit import InheritanceProbe

            self._inheritance = InheritanceProbe(self.options.project_roots, self.options.overlay)
        return self._inheritance.may_inherit_cors(item.abspath, data)

    # -- the project ------------------------------------------------------------------
    def _open_cache(self):
        """The run's result cache (opened here when the per-file pass had no candidates)."""
        if self._shared_cache is not None:
            return self._shared_cache
        if self.options.cache_dir and self.result_cache is None:
            from corslint.run.cache import ResultCache, run_key

            self.result_cache = ResultCache(self.options.cache_dir, run_key(self.options))
        return self.result_cache

    def _needed_collectors(self) -> list:
        """The collectors of the fact kinds some selected rule reads."""
        from corslint.rules import facts_needed

        self.analyser.ensure_rules()
        needed = facts_needed(self.analyser.rules)
        return [collector for collector in self.collectors if collector.kind in needed]

    def _read_facts_ahead(self) -> None:
        for collector in self._needed_collectors():
            collector.read_ahead()

    def _collect_facts(self, result: RunResult, texts: Dict[str, str]) -> None:
        for collector in self._needed_collectors():
            collector.collect(self.analyser.facts, result, texts)

    def _run_project_rules(self, result: RunResult) -> None:
        for rule in self.analyser.rules:
            try:
                result.findings.extend(rule.check_project(self.analyser.facts))
            except Exception as exc:
                result.errors.append(internal_error(f"rule {rule.code} ({rule.name})", "the project", exc))

    # -- selection and suppression ------------------------------------------------
    def _filter(self, findings: List[Finding], texts: Dict[str, str]) -> List[Finding]:
        from corslint import noqa

        # One finding per rule and place: two policies judged alike (a Django settings module
        # and its production variant, a policy seen from two apps) may word it differently,
        # but a reviewer reads it once; the more severe wording is kept.
        seen: Dict[tuple, int] = {}
        unique: List[Finding] = []
        for finding in _merge_inherited(findings):
            if finding.code not in self.options.selected:
                continue
            key = (finding.code, finding.span.path, finding.span.start_line, finding.span.start_col)
            if key in seen:
                index = seen[key]
                if _SEVERITY_RANK.get(finding.severity, 0) > _SEVERITY_RANK.get(unique[index].severity, 0):
                    unique[index] = finding
                continue
            if self._ignored_for_file(finding):
                continue
            seen[key] = len(unique)
            unique.append(finding)
        by_path: Dict[str, List[Finding]] = {}
        for finding in unique:
            by_path.setdefault(finding.path, []).append(finding)
        kept: List[Finding] = []
        used: Dict[str, Dict[int, Set[str]]] = {}  # path -> line -> codes its `# noqa` suppressed
        for path, group in by_path.items():
            text = texts.get(path)
            if text is None:
                text = self.analyser.text_of(path)
                if text is not None:
                    texts[path] = text
            if text is not None and self.options.respect_noqa:
                kept.extend(noqa.filter_findings(group, text, used.setdefault(path, {})))
            else:
                kept.extend(group)
        if "COR004" in self.options.selected and self.options.respect_noqa:
            kept.extend(self._unused_noqa(used, texts))
        return kept

    def _unused_noqa(self, used: Dict[str, Dict[int, Set[str]]], texts: Dict[str, str]) -> List[Finding]:
        """COR004 for every file whose bytes name a corslint code in a `# noqa`."""
        from corslint import noqa
        from corslint.rules import all_rules
        from corslint.rules.cor004_unused_noqa import unused_noqa_findings

        known = set(all_rules())
        out: List[Finding] = []
        for path, text in self._noqa_texts.items():
            judged = {code for code in self.options.selected if not self._ignored_for_file(_probe(code, path))}
            if "COR004" not in judged:
                continue
            found = unused_noqa_findings(path, text, used.get(path, {}), judged, known,
                                         judge_unused=self.options.judge_unused_noqa)
            if found and not noqa.scan(text).file_suppresses("COR004"):
                texts.setdefault(path, text)
                out.extend(found)
        return out

    def _ignored_for_file(self, finding: Finding) -> bool:
        if not self.options.per_file_ignores:
            return False
        path = os.path.abspath(finding.path)
        rel = os.path.relpath(path, self.options.config_root).replace(os.sep, "/")
        name = os.path.basename(path)
        for pattern, codes in self.options.per_file_ignores.items():
            if finding.code in codes and (fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(name, pattern)):
                return True
        return False


def _probe(code: str, path: str) -> Finding:
    """A stand-in finding, to ask whether per-file-ignores turn `code` off for `path`."""
    from corslint.policy import Span

    return Finding(code, "", "info", "", Span(path, 1, 0, 1, 0))


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def _merge_inherited(findings: List[Finding]) -> List[Finding]:
    """An inherited value is reported once: not again when the module that sets it reports
    the same thing itself, and once for all the modules that inherit it."""
    own = {(f.code, f.span, f.message) for f in findings if not f.inherited_by}
    merged: Dict[tuple, Finding] = {}
    out: List[Finding] = []
    for finding in findings:
        if not finding.inherited_by:
            out.append(finding)
            continue
        if (finding.code, finding.span, finding.message) in own:
            continue
        key = (finding.code, finding.span)
        if key in merged:
            first = merged[key]
            first.inherited_by = first.inherited_by + tuple(
                p for p in finding.inherited_by if p not in first.inherited_by)
            continue
        merged[key] = finding
        out.append(finding)
    for finding in merged.values():
        judged = ", ".join(finding.inherited_by)
        verb = "inherits" if len(finding.inherited_by) == 1 else "inherit"
        finding.message = f"{finding.message} (Set in {finding.span.path}; judged in {judged}, which {verb} it.)"
    return out


def check_sources(sources: Sequence[tuple], selected: Optional[Set[str]] = None) -> RunResult:
    """Check in-memory files, for tests and examples: [(display path, text or bytes), ...].

    Files are written to a temporary folder so that imports between them resolve.
    """
    import tempfile

    from corslint.rules import all_rules

    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for name, content in sources:
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
            inputs.append(Input(path, name))
        engine = Engine(Options(selected=selected if selected is not None else set(all_rules()),
                                config_root=tmp, project_roots=[tmp]))
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            return engine.run(inputs)
        finally:
            os.chdir(cwd)

"""Runs the pipeline: files -> prefilter -> parse -> extractors -> policies -> rules -> findings.

The per-file pass reads each file once. Cross-file rules run afterwards on the facts the
per-file pass gathered (see :class:`corslint.project.ProjectFacts`), never by re-reading.
"""
from __future__ import annotations

import fnmatch
import os
import traceback
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set

from corslint.diagnostics import Finding
from corslint.files.decode import DecodeError, decode_source
from corslint.files.prefilter import (may_configure_cors, may_inherit_settings, may_name_response_headers,
                                      may_set_response_headers, read_bytes_and_stat)
from corslint.policy import Span


@dataclass
class Input:
    """A file to check: its path, or its text when it came from stdin."""

    abspath: Optional[str]
    display: str
    data: Optional[bytes] = None  # given for stdin; read from disk otherwise


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # one line each; they make the exit code 2
    files_checked: int = 0
    files_parsed: int = 0
    policies: int = 0
    sources: Dict[str, str] = field(default_factory=dict)  # display path -> text (files with findings)


@dataclass
class Options:
    selected: Set[str]
    per_file_ignores: Dict[str, Set[str]] = field(default_factory=dict)  # glob -> codes
    config_root: str = field(default_factory=os.getcwd)
    project_roots: List[str] = field(default_factory=list)
    # The result cache's folder (see corslint.cache), or None for no cache.
    cache_dir: Optional[str] = None
    # Worker processes for the per-file pass: None picks by the work (corslint.parallel).
    jobs: Optional[int] = None
    # abspath -> content to use instead of the file on disk (the fix loop's work in progress).
    overlay: Dict[str, bytes] = field(default_factory=dict)


def display_path(abspath: str) -> str:
    """Paths as users see them: relative to the current folder when below it."""
    # The common case without os.path.relpath (two abspath calls and a split of each path,
    # about 17 µs for every file of a tree): a normalised path below the current folder.
    cwd = os.getcwd()
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    if os.path.isabs(abspath) and os.path.normpath(abspath) == abspath:
        if abspath.startswith(prefix) and len(abspath) > len(prefix):
            return abspath[len(prefix):]
        if abspath != cwd and not abspath.startswith(prefix):
            return abspath  # not below the current folder: relpath would start with ".."
    try:
        rel = os.path.relpath(abspath)
    except ValueError:  # another drive on Windows
        return abspath
    return abspath if rel.startswith("..") else rel


class Engine:
    def __init__(self, options: Options):
        self.options = options
        self._rules = None
        self._extractors = None
        self._project = None
        self._resolver = None
        # Files that never mention CORS but may set a custom response header: parsed after
        # the per-file pass, and only when a cross-file rule needs them (see prefilter.py).
        self._header_files: List[tuple] = []
        # The result cache opened by the per-file pass (corslint.parallel), saved once at the end.
        self.result_cache = None
        self._inheritance = None  # files.inherit.InheritanceProbe, made on the first star import
        self._read_ahead = None  # (headers, errors) read while worker processes analysed
        self._early_workers = 0  # how many workers may start before the prefilter is done
        self._workers = None  # corslint.parallel.Workers, when started

    # Heavy machinery (libcst, rules) is imported only when a file survives the prefilter.
    def _ensure_loaded(self) -> None:
        if self._resolver is not None:
            return
        self._ensure_rules()
        from corslint.frameworks import extractors
        from corslint.values.resolver import Resolver

        self._extractors = extractors()
        self._resolver = Resolver(self._project)

    def run(self, inputs: Iterable[Input]) -> RunResult:
        from corslint.parallel import early_worker_allowed

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
        if self.options.cache_dir and not self.options.overlay:
            from corslint.cache import StatIndex

            index = StatIndex(self.options.cache_dir)
        if self.options.cache_dir:
            from corslint.cache import ResultCache, run_key

            self.result_cache = ResultCache(self.options.cache_dir, run_key(self.options))
        for item in inputs:
            result.files_checked += 1
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
            from corslint.parallel import analyse_candidates

            analyse_candidates(self, candidates, result, texts, meanwhile=self._read_response_headers_ahead,
                               workers=self._workers)
        if self._project is not None:
            self._collect_response_headers(result, texts)
            self._run_project_rules(result)
        if self.result_cache is not None:
            self.result_cache.save()
        result.findings = self._filter(result.findings, texts)
        result.findings.sort(key=lambda f: f.sort_key())
        self._materialise_fixes(result)
        result.sources = {f.path: texts[f.path] for f in result.findings if f.path in texts}
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
            result.findings.append(_file_finding("COR002", "undecodable-file", item.display, 1, 0,
                                                 f"The file cannot be decoded: {exc}, so corslint could not "
                                                 "check it; save it as UTF-8 or fix its coding cookie."))
            return None
        lowered = data.lower()
        if not may_configure_cors(data, lowered) and not self._may_inherit_cors(item, data):
            header_only = may_set_response_headers(data, lowered)
            if header_only:
                self._header_files.append((item, decoded, data))
            if st is not None and index is not None:
                index.record(item.abspath, st, plain=not header_only and not may_inherit_settings(data))
            return None
        if st is not None and index is not None:
            index.record(item.abspath, st, plain=False)
        if may_name_response_headers(lowered):
            self._header_files.append((item, decoded, data))  # a CORS module may set headers too
        return item, data, decoded

    def _start_early_worker(self, item: Input, data: bytes, decoded) -> None:
        """Start a worker for each candidate the cache cannot answer and the gate will
        parse, up to one per core: each imports libcst while the tree is still read."""
        from corslint.gate import extractor_markers, needs_parse
        from corslint.parallel import Workers

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

    def _ensure_rules(self) -> None:
        """Rules, the project index and the facts, without libcst: enough to replay
        cached results and run the cross-file rules."""
        if self._rules is not None:
            return
        from corslint.project import Project, ProjectFacts
        from corslint.rules import rules_by_code

        self._rules = rules_by_code(self.options.selected)
        self._project = Project(self.options.project_roots, display=display_path)
        self._project.overlay = self.options.overlay
        self.facts = ProjectFacts()

    def _analyse(self, item: Input, data: bytes, decoded, result: RunResult, texts: Dict[str, str]) -> None:
        """Parse a candidate and run the extractors and per-policy rules on it. Whatever goes
        wrong with one file is an error for that file, never a lost run."""
        try:
            self._analyse_file(item, data, decoded, result, texts)
        except Exception as exc:
            result.errors.append(_internal("the analysis", item.display, exc))

    def _analyse_file(self, item: Input, data: bytes, decoded, result: RunResult, texts: Dict[str, str]) -> None:
        self._ensure_loaded()
        from corslint.parse import FileRefused, ParseFailure, SourceFile, parse_source
        from corslint.project import import_root_for, module_name_for

        texts[item.display] = decoded.text
        source = SourceFile(item.display, item.abspath, decoded.text, decoded.encoding, decoded.bom,
                            decoded.newline)
        # An earlier file's import may have parsed this one already (Project.load): reuse it.
        known = dict.get(self._project.modules, item.abspath) if item.abspath else None
        try:
            if known is not None and known.path == item.display and known.source.text == decoded.text:
                module = known
            else:
                module = parse_source(source, module_name_for(item.abspath) if item.abspath else None)
        except FileRefused as exc:  # too large or too deep to parse safely: not a syntax error
            result.errors.append(f"{item.display}: {exc.message}")
            return
        except ParseFailure as exc:
            result.findings.append(_file_finding("COR001", "syntax-error", item.display, exc.line, exc.column,
                                                 f"The file does not parse: {exc.message}. corslint checked "
                                                 "nothing in it; fix the syntax error first."))
            return
        result.files_parsed += 1
        self._project.add(module)
        for extractor in self._extractors:
            wants = getattr(extractor, "wants", None)
            if not (wants(data) if wants is not None else any(marker in data for marker in extractor.MARKERS)):
                continue
            try:
                policies = extractor.extract(module, self._resolver, self.facts)
                if policies:
                    module.positions  # placed now, so a module too deep to place is reported here
            except ParseFailure as exc:  # positions could not be computed (nested too deeply)
                result.findings.append(_file_finding("COR001", "syntax-error", item.display, exc.line, exc.column,
                                                     f"The file does not parse: {exc.message}. corslint checked "
                                                     "nothing in it; fix the syntax error first."))
                return
            except RecursionError:
                result.errors.append(f"{item.display}: too deeply nested for the "
                                     f"{extractor.__name__.rsplit('.', 1)[-1]} extractor; skipped")
                continue
            except Exception as exc:  # an extractor bug must not lose the run
                result.errors.append(_internal(f"extractor {extractor.__name__}", item.display, exc))
                continue
            for policy in policies:
                if item.abspath and policy.app_root is None:
                    policy.app_root = import_root_for(item.abspath)
                result.policies += 1
                self.facts.policies.append(policy)
                for rule in self._rules:
                    try:
                        result.findings.extend(_judged(finding, policy) for finding in rule.check(policy))
                    except Exception as exc:
                        result.errors.append(_internal(f"rule {rule.code} ({rule.name})", item.display, exc))

    def _collect_response_headers(self, result: RunResult, texts: Dict[str, str]) -> None:
        """Add the custom response headers of the modules kept aside for them (COR503), if
        some rule reads them and some policy has an expose list to compare them with."""
        if not self._header_files or not self._wants_response_headers() or \
                not self.facts.has_known_expose_list():
            return
        headers, errors = self._read_ahead if self._read_ahead is not None else self._read_response_headers()
        result.errors.extend(errors)
        for header in headers:
            self.facts.add_fact("response-header", header)
        for item, decoded, _data in self._header_files:
            texts.setdefault(item.display, decoded.text)  # for `# noqa` and the source excerpt

    def _wants_response_headers(self) -> bool:
        self._ensure_rules()
        return any(getattr(rule, "reads_response_headers", False) for rule in self._rules)

    def _read_response_headers_ahead(self) -> None:
        """While worker processes analyse the candidates, read the response headers they
        may turn out to need (whether they do is known only from the policies found)."""
        if self._header_files and self._wants_response_headers():
            self._read_ahead = self._read_response_headers()

    def _read_response_headers(self):
        """(headers, errors) of the modules kept aside, read with CPython's parser, not
        libcst (see frameworks/response_headers.py). Each module's headers are cached by
        its content alone: they depend on nothing else."""
        from corslint.frameworks.response_headers import ImportedConstants, collect
        from corslint.project import module_name_for

        cache = None
        if self.options.cache_dir:
            from corslint.cache import ResultCache, run_key

            # The per-file pass's cache, when it opened one (no candidates: open it here).
            cache = self.result_cache if self.result_cache is not None else \
                ResultCache(self.options.cache_dir, run_key(self.options))
            self.result_cache = cache
        headers: list = []
        errors: List[str] = []
        constants = ImportedConstants(self._project.roots if self._project is not None else [],
                                      self.options.overlay)
        for item, decoded, data in self._header_files:
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
                errors.append(_internal("response-header collection", item.display, exc))
                continue
            if found is None:
                continue  # CPython cannot parse it: a candidate's COR001 says so, else not ours
            headers.extend(found)
            if cache is not None and key is not None:
                from corslint.parallel import FileOutcome

                cache.store(key, item.display, data, module_name, deps,
                            FileOutcome(facts=[("facts", "response-header", h) for h in found]))
        return headers, errors

    def _run_project_rules(self, result: RunResult) -> None:
        for rule in self._rules:
            try:
                result.findings.extend(rule.check_project(self.facts))
            except Exception as exc:
                result.errors.append(_internal(f"rule {rule.code} ({rule.name})", "the project", exc))

    def _materialise_fixes(self, result: RunResult) -> None:
        """Turn the fix intents rules attached into exact edits (see corslint.fixes). The
        per-file pass did so for its findings already (in the workers, when there are
        any); what is left comes from the cross-file rules."""
        result.errors.extend(self.materialise(result.findings))

    def materialise(self, findings: List[Finding]) -> List[str]:
        """Realise the fix intents of these findings with the files' text; errors."""
        if self._project is None or not any(f.fix is not None and f.fix.intents for f in findings):
            return []
        from corslint.fixes.materialise import materialise_findings

        self._ensure_loaded()

        def module_for(path: str):
            # A file not loaded in this process (a cached result): parse it here, once.
            return self._project.module_at(path) or self._project.load(os.path.abspath(path))

        try:
            materialise_findings(findings, module_for)
        except Exception as exc:  # a fix bug must not lose the findings
            for finding in findings:
                if finding.fix is not None and finding.fix.intents:
                    finding.fix = None
            return [_internal("fix preparation", "the project", exc)]
        return []

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
        for path, group in by_path.items():
            text = texts.get(path)
            if text is None and self._project is not None:
                module = self._project.module_at(path)
                text = module.source.text if module is not None else None
                if text is not None:
                    texts[path] = text
            kept.extend(noqa.filter_findings(group, text) if text is not None else group)
        return kept

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


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def _judged(finding: Finding, policy) -> Finding:
    """Mark a finding whose value sits in another module than the one judged (a Django
    settings module inheriting from its base), so the message can name both."""
    judged = getattr(policy, "judged_in", None)
    if judged and finding.span.path != judged and not finding.inherited_by:
        finding.inherited_by = (judged,)
    return finding


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


def _file_finding(code: str, name: str, path: str, line: int, col: int, message: str) -> Finding:
    return Finding(code, name, "error", message, Span(path, max(line, 1), max(col, 0), max(line, 1), max(col, 0)))


def _internal(what: str, where: str, exc: BaseException) -> str:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return f"{where}: internal error in {what}: {detail} (please report this)"


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

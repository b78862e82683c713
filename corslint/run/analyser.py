"""One file's analysis, in one place: parse, extract, judge, and prepare the fixes.

A :class:`FileAnalyser` owns what analysing a module needs (the selected rules, the
extractors, the value resolver, the project index of parsed modules, and the project
facts its policies add to) and analyses one prefilter survivor at a time. The engine
(:mod:`corslint.run.engine`) decides which files reach it; the worker processes
(:mod:`corslint.run.workers`) each make their own analyser and send back what it found
as a :class:`FileOutcome`, which is also what the result cache stores.

The heavy machinery (libcst, through the extractors and the resolver) is imported only
when a file is actually analysed; replaying a cached outcome needs the rules and the
facts alone (:meth:`FileAnalyser.ensure_rules`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from corslint.diagnostics import Finding, file_finding, internal_error
from corslint.files.display import display_path
from corslint.run.model import ANALYSIS_STOPPED, LIMIT_NOTES


@dataclass
class FileOutcome:
    """What the per-file pass found in one file: plain data, cached and sent between processes."""

    findings: list = field(default_factory=list)
    # (attribute of ProjectFacts, key for a dict-of-lists attribute or None, item)
    facts: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    parsed: int = 0
    policy_count: int = 0
    texts: dict = field(default_factory=dict)  # display path -> text, for `# noqa` of its findings


def not_analysed(path: str, why: str) -> Finding:
    """COR003: the module was not (fully) analysed; reported, but it does not change the
    exit code (see diagnostics.NOT_COUNTED)."""
    finding = file_finding("COR003", "file-not-analysed", path, 1, 0, why[:1].upper() + why[1:].rstrip(".") + ".")
    finding.severity = "info"
    return finding


def over_budget(path: str, exc) -> Finding:
    """COR003 for a module whose analysis ran past its time budget (corslint.budget)."""
    return not_analysed(path, f"the analysis of this module took longer than the {exc.seconds:g} s budget "
                              f"(while {exc.stage}), so it was stopped and the module is not fully checked; "
                              "raise `analysis-time-budget` in [tool.corslint] if it is really that large, "
                              "or exclude it")


def syntax_error_finding(path: str, line: int, column: int, message: str) -> Finding:
    return file_finding("COR001", "syntax-error", path, line, column,
                        f"The file does not parse: {message}. corslint checked nothing in it; "
                        "fix the syntax error first.")


class FileAnalyser:
    """Analyses one module at a time; see the module doc."""

    def __init__(self, options):
        self.options = options
        self.rules = None  # the selected rules, in code order
        self.project = None  # corslint.parsing.project.Project
        self.facts = None  # corslint.facts.ProjectFacts
        self._extractors = None
        self._resolver = None
        self.foreign_texts: Dict[str, str] = {}  # Go and Rust files analysed (corslint.languages)

    # -- set-up -------------------------------------------------------------------
    def ensure_rules(self) -> None:
        """Rules, the project index and the facts, without libcst: enough to replay
        cached results and run the cross-file rules."""
        if self.rules is not None:
            return
        from corslint.facts import ProjectFacts
        from corslint.parsing.project import Project
        from corslint.rules import rules_by_code

        self.rules = rules_by_code(self.options.selected)
        self.project = Project(self.options.project_roots, display=display_path)
        self.project.overlay = self.options.overlay
        self.facts = ProjectFacts()

    def ensure_loaded(self) -> None:
        """Everything an analysis needs, libcst included."""
        if self._resolver is not None:
            return
        self.ensure_rules()
        from corslint.frameworks import extractors
        from corslint.values.resolver import Resolver

        self._extractors = extractors()
        self._resolver = Resolver(self.project)

    # -- one file ---------------------------------------------------------------------
    def analyse(self, item, data: bytes, decoded, result, texts: Dict[str, str]) -> None:
        """Parse a candidate and run the extractors and per-policy rules on it. Whatever goes
        wrong with one file is an error for that file, never a lost run."""
        from corslint import limits
        from corslint.budget import BudgetExceeded, module_budget

        limits.take()
        try:
            self.ensure_loaded()  # importing libcst is the run's cost, not this module's budget
            with module_budget(self.options.time_budget):
                self._analyse_file(item, data, decoded, result, texts)
        except BudgetExceeded as exc:
            result.findings.append(over_budget(item.display, exc))
            if self.facts is not None:
                self.facts.add_fact(ANALYSIS_STOPPED, item.display)
        except Exception as exc:
            result.errors.append(internal_error("the analysis", item.display, exc))
        notes = limits.take()
        if notes and self.facts is not None:  # facts: cached and sent back by workers with the rest
            for note in notes:
                self.facts.add_fact(LIMIT_NOTES, f"{item.display}: {note}")

    def _analyse_file(self, item, data: bytes, decoded, result, texts: Dict[str, str]) -> None:
        self.ensure_loaded()
        from corslint.budget import stage as budget_stage
        from corslint.files.imports import import_root_for, module_name_for
        from corslint import limits
        from corslint.parsing.parse import FileRefused, ParseFailure, SourceFile, parse_source

        budget_stage("parsing")

        texts[item.display] = decoded.text
        source = SourceFile(item.display, item.abspath, decoded.text, decoded.encoding, decoded.bom,
                            decoded.newline)
        # An earlier file's import may have parsed this one already (Project.load): reuse it.
        known = self.project.peek(item.abspath) if item.abspath else None
        try:
            if known is not None and known.path == item.display and known.source.text == decoded.text:
                module = known
            else:
                module = parse_source(source, module_name_for(item.abspath) if item.abspath else None,
                                      may_slice=True)
                if module.sliced is not None:
                    limits.reached(f"a module of {len(decoded.text) / (1024 * 1024):.1f} MB: libcst was given "
                                   f"{module.sliced.kept} of its {module.sliced.total} top-level statements, "
                                   "the others only bind names that nothing CORS-related reads "
                                   f"(docs/limits.md); {limits.SAME_VERDICT}")
        except FileRefused as exc:  # too large or too deep to parse safely: not a syntax error
            result.findings.append(not_analysed(item.display, exc.message))
            return
        except ParseFailure as exc:
            result.findings.append(syntax_error_finding(item.display, exc.line, exc.column, exc.message))
            return
        result.files_parsed += 1
        self.project.add(module)
        for extractor in self._extractors:
            if not extractor.wants(data):
                continue
            budget_stage(f"extracting policies ({extractor.__name__.rsplit('.', 1)[-1]})")
            try:
                policies = extractor.extract(module, self._resolver)
                if policies:
                    module.place_pending()  # placed now, so a module too deep to place is reported here
            except ParseFailure as exc:  # positions could not be computed (nested too deeply)
                result.findings.append(syntax_error_finding(item.display, exc.line, exc.column, exc.message))
                return
            except RecursionError:
                result.errors.append(f"{item.display}: too deeply nested for the "
                                     f"{extractor.__name__.rsplit('.', 1)[-1]} extractor; skipped")
                continue
            except Exception as exc:  # an extractor bug must not lose the run
                result.errors.append(internal_error(f"extractor {extractor.__name__}", item.display, exc))
                continue
            for policy in policies:
                if item.abspath and policy.app_root is None:
                    policy.app_root = import_root_for(item.abspath)
                result.policies += 1
                self.facts.policies.append(policy)
                for rule in self.rules:
                    budget_stage(f"running rule {rule.code} ({rule.name}) on the policy at line "
                                 f"{policy.span.start_line}")
                    try:
                        result.findings.extend(_judged(finding, policy) for finding in rule.check(policy))
                    except Exception as exc:
                        result.errors.append(internal_error(f"rule {rule.code} ({rule.name})", item.display, exc))

    def materialise(self, findings: List[Finding]) -> List[str]:
        """Realise the fix intents of these findings with the files' text; errors."""
        if self.project is None or not any(f.fix is not None and f.fix.intents for f in findings):
            return []
        if self.foreign_texts:  # languages hook: Go and Rust fixes are realised on their text
            from corslint.languages.fixes import materialise_foreign

            foreign = [f for f in findings if f.path in self.foreign_texts]
            if foreign:
                materialise_foreign(foreign, self.foreign_texts)
                findings = [f for f in findings if f.path not in self.foreign_texts]
                if not any(f.fix is not None and f.fix.intents for f in findings):
                    return []
        from corslint.fixes.materialise import materialise_findings

        self.ensure_loaded()

        def module_for(path: str):
            # A file not loaded in this process (a cached result): parse it here, once.
            return self.project.module_at(path) or self.project.load(os.path.abspath(path))

        try:
            materialise_findings(findings, module_for)
        except Exception as exc:  # a fix bug must not lose the findings
            for finding in findings:
                if finding.fix is not None and finding.fix.intents:
                    finding.fix = None
            return [internal_error("fix preparation", "the project", exc)]
        return []

    def text_of(self, path: str) -> Optional[str]:
        """The text of a module this analyser parsed, by display path."""
        module = self.project.module_at(path) if self.project is not None else None
        return module.source.text if module is not None else None

    # -- outcomes: what one analysis added, as plain data --------------------------------
    def capture(self, log, item, data: bytes, decoded, result, texts) -> Tuple[Optional[FileOutcome], Optional[dict]]:
        """Analyse one file into ``result`` and return what it added, and its dependencies
        (None when they cannot be named, or the outcome cannot be described as plain data)."""
        self.ensure_loaded()
        sizes = _snapshot(self.facts)
        n_findings, n_errors, n_parsed, n_policies = (len(result.findings), len(result.errors),
                                                      result.files_parsed, result.policies)
        if log is not None:
            log.begin(item.abspath, data)
        from corslint.parsing.parse import trees_spared

        with trees_spared():  # a large module's tree is left out of the collector's passes
            self.analyse(item, data, decoded, result, texts)
            # Fixes are realised here, where the file and the modules it read are parsed already
            # (in a worker: in parallel, instead of in the main process afterwards).
            result.errors.extend(self.materialise(result.findings[n_findings:]))
        deps = log.end() if log is not None else None
        facts = _facts_since(self.facts, sizes)
        if facts is None:
            return None, None
        findings = result.findings[n_findings:]
        outcome = FileOutcome(findings=findings, facts=facts, errors=result.errors[n_errors:],
                              parsed=result.files_parsed - n_parsed, policy_count=result.policies - n_policies)
        outcome.texts[item.display] = decoded.text
        for path in {f.path for f in findings} - {item.display}:
            text = texts.get(path)
            if text is None:
                text = self.text_of(path)
            if text is not None:
                outcome.texts[path] = text
        return outcome, deps

    def replay(self, outcome: FileOutcome, result, texts) -> None:
        """Add an outcome found earlier (the cache) or elsewhere (a worker) to this run."""
        self.ensure_rules()
        result.findings.extend(outcome.findings)
        result.errors.extend(outcome.errors)
        result.files_parsed += outcome.parsed
        result.policies += outcome.policy_count
        facts = self.facts
        for name, key, item in outcome.facts:
            target = getattr(facts, name)
            if key is None:
                target.append(item)
            else:
                target.setdefault(key, []).append(item)
        for path, text in outcome.texts.items():
            texts.setdefault(path, text)


def _snapshot(facts) -> Optional[dict]:
    """Sizes of every list (and dict of lists) in ProjectFacts; None if it holds anything else."""
    sizes = {}
    for name, value in vars(facts).items():
        if isinstance(value, list):
            sizes[name] = len(value)
        elif isinstance(value, dict) and all(isinstance(v, list) for v in value.values()):
            sizes[name] = {k: len(v) for k, v in value.items()}
        else:
            return None
    return sizes


def _facts_since(facts, sizes: Optional[dict]) -> Optional[list]:
    if sizes is None or _snapshot(facts) is None or set(vars(facts)) != set(sizes):
        return None
    added = []
    for name, before in sizes.items():
        value = getattr(facts, name)
        if isinstance(before, int):
            added.extend((name, None, item) for item in value[before:])
        else:
            for key, items in value.items():
                added.extend((name, key, item) for item in items[before.get(key, 0):])
    return added


def _judged(finding: Finding, policy) -> Finding:
    """Mark a finding whose value sits in another module than the one judged (a Django
    settings module inheriting from its base), so the message can name both."""
    judged = getattr(policy, "judged_in", None)
    if judged and finding.span.path != judged and not finding.inherited_by:
        finding.inherited_by = (judged,)
    for span in _set_and_used(finding.span, policy):
        if span not in finding.related and span != finding.span:
            finding.related.append(span)
    return finding


def _inside(inner, outer) -> bool:
    return inner.path == outer.path and (inner.start_line, inner.start_col) >= (outer.start_line, outer.start_col) \
        and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _set_and_used(span, policy) -> list:
    """Where a value set in another module is used, or set: for a finding at an option
    whose value is written elsewhere (`allow_origins=ORIGINS`, ORIGINS in settings.py),
    the value; for a finding in such a value, the option that uses it. Editors show
    these as related locations (SARIF relatedLocations, LSP relatedInformation)."""
    out = []
    options = [policy.origins, policy.allow_all_origins, policy.credentials, policy.methods, policy.headers,
               policy.expose_headers, policy.max_age, policy.private_network, *policy.origin_regexes]
    for option in options:
        if option is None or option.implicit or option.span is None:
            continue
        value_span = option.value.span if option.value is not None else None
        if value_span is None or value_span.path == option.span.path:
            continue
        if _inside(span, option.span):
            out.append(value_span.plain() if hasattr(value_span, "plain") else value_span)
        elif _inside(span, value_span):
            out.append(option.span.plain() if hasattr(option.span, "plain") else option.span)
    return out

"""The per-file pass for Go and Rust files (see the package docstring): prefilter, parse,
extract, judge. Called by the engine for the files ``language_for`` recognises."""
from __future__ import annotations

import importlib
from typing import Dict, List

from corslint.budget import BudgetExceeded, module_budget, stage
from corslint.diagnostics import file_finding, internal_error
from corslint.files.prefilter import may_configure_cors, may_set_response_headers, read_bytes
from corslint.languages import language_for, missing_support, notice_for_missing
from corslint.run.analyser import over_budget

EXTRACTORS = {"go": "corslint.languages.go", "rust": "corslint.languages.rust"}


def extractor_modules(language: str) -> list:
    package = importlib.import_module(EXTRACTORS[language])
    return [importlib.import_module(name) for name in package.EXTRACTOR_MODULES]


def decode(data: bytes) -> str:
    """Go and Rust source is UTF-8 by definition (a BOM is tolerated)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8")


def analyse_files(analyser, options, items: list, result, texts: Dict[str, str]) -> None:
    """Analyse the Go and Rust files of a run with the run's FileAnalyser (its rules, its
    facts, where their policies and response headers go)."""
    missing: Dict[str, List[str]] = {}
    header_files: list = []  # files without CORS words that may set a custom response header
    headers: list = []  # ResponseHeader facts (COR503)
    overlay = options.overlay
    for item in items:
        language = language_for(item.display) or language_for(item.abspath)
        data = item.data
        if data is None:
            data = overlay.get(item.abspath) if item.abspath in overlay else None
        if data is None:
            try:
                data = read_bytes(item.abspath)
            except OSError as exc:
                result.errors.append(f"{item.display}: cannot read the file: {exc.strerror or exc}")
                continue
        try:
            text = decode(data)
        except UnicodeDecodeError as exc:
            result.findings.append(file_finding(
                "COR002", "undecodable-file", item.display, 1, 0,
                f"The file cannot be decoded: {exc.reason} at byte {exc.start} (Go and Rust source must be "
                "UTF-8), so corslint could not check it; save it as UTF-8."))
            continue
        lowered = data.lower()
        if not may_configure_cors(data, lowered):
            if may_set_response_headers(data, lowered) and missing_support(language) is None:
                header_files.append((item, data, text, language))
            continue
        if missing_support(language) is not None:
            missing.setdefault(language, []).append(item.display)
            continue
        try:
            _load(analyser, language)  # the run's cost, not this module's budget
            with module_budget(options.time_budget):
                headers.extend(_analyse_one(analyser, item, data, text, language, result, texts))
        except BudgetExceeded as exc:  # what was found before the budget ran out is kept
            result.findings.append(over_budget(item.display, exc))
        except Exception as exc:  # one file's problem never loses the run
            result.errors.append(internal_error("the analysis", item.display, exc))
    result.notices.extend(notice_for_missing(missing))
    if not (headers or header_files):
        return
    from corslint.rules import facts_needed

    analyser.ensure_rules()
    if "response-header" in facts_needed(analyser.rules) and analyser.facts.has_known_expose_list():
        headers.extend(_headers_aside(header_files, result, texts))
        for header in headers:
            analyser.facts.add_fact("response-header", header)


def _headers_aside(header_files: list, result, texts: Dict[str, str]) -> list:
    """The custom response headers of the Go and Rust files that never mention CORS, read
    only when some policy has an expose list to compare them with (as for Python)."""
    from corslint.languages.response_headers import collect
    from corslint.languages.source import ForeignSource

    found = []
    for item, data, text, language in header_files:
        try:
            source = ForeignSource(item.display, item.abspath, text, data, language)
            if source.first_error() is None:
                test_lines = _inline_test_code(source)
                found.extend(header for header in collect(source)
                             if not (test_lines and within(test_lines, header.span.start_line)))
                texts.setdefault(item.display, text)  # for `// noqa` and the source excerpt
        except Exception as exc:
            result.errors.append(internal_error("response-header collection", item.display, exc))
    return found


def _load(analyser, language: str) -> None:
    """What analysing a file of `language` imports: the rules, its parser and extractors."""
    from corslint.languages.source import parser_for

    analyser.ensure_rules()
    parser_for(language)
    extractor_modules(language)


def within(ranges: list, line: int) -> bool:
    return any(start <= line <= end for start, end in ranges)


def _analyse_one(analyser, item, data: bytes, text: str, language: str, result, texts: Dict[str, str]) -> list:
    """Judge one file's policies; its custom response headers (for COR503)."""
    from corslint.languages.source import ForeignSource

    analyser.ensure_rules()
    stage("parsing")
    source = ForeignSource(item.display, item.abspath, text, data, language)
    texts[item.display] = text
    analyser.foreign_texts[item.display] = text
    result.files_parsed += 1
    error = source.first_error()
    if error is not None:
        line, column = error.start_point[0] + 1, source.span(error).start_col
        what = "a missing token" if error.is_missing else "unexpected text"
        result.findings.append(file_finding(
            "COR001", "syntax-error", item.display, line, column,
            f"The file does not parse with tree-sitter's {language.capitalize()} grammar: {what} at line {line}, "
            "so corslint checked nothing in it; fix the syntax error there, or, if the compiler accepts the "
            "line, it is syntax the grammar does not know yet (add the file to extend-exclude to silence this)."))
        return []
    app_root = _service_root(item.abspath, language) if item.abspath else None
    test_lines = _inline_test_code(source)
    for module in extractor_modules(language):
        if not any(marker in data for marker in module.MARKERS):
            continue
        stage(f"extracting policies ({module.__name__.rsplit('.', 1)[-1]})")
        try:
            policies = module.extract(source)
        except RecursionError:
            result.errors.append(f"{item.display}: too deeply nested for the "
                                 f"{module.__name__.rsplit('.', 1)[-1]} extractor; skipped")
            continue
        except Exception as exc:
            result.errors.append(internal_error(f"extractor {module.__name__}", item.display, exc))
            continue
        for policy in policies:
            if test_lines and within(test_lines, policy.span.start_line):
                continue  # a Rust unit test's policy (languages/rust/cfg_test.py)
            policy.app_root = policy.app_root or app_root
            result.policies += 1
            analyser.facts.policies.append(policy)
            for rule in analyser.rules:
                stage(f"running rule {rule.code} ({rule.name}) on the policy at line {policy.span.start_line}")
                try:
                    result.findings.extend(rule.check(policy))
                except Exception as exc:
                    result.errors.append(internal_error(f"rule {rule.code} ({rule.name})", item.display, exc))
    from corslint.languages.response_headers import collect

    return [header for header in collect(source) if not (test_lines and within(test_lines, header.span.start_line))]


def _inline_test_code(source) -> list:
    """The line ranges of a Rust file's unit tests, which corslint leaves out (Go and
    Python keep tests in files of their own, which the configuration's globs reach)."""
    if source.language != "rust":
        return []
    from corslint.languages.rust.cfg_test import test_code_lines

    return test_code_lines(source)


def _service_root(abspath: str, language: str) -> str:
    """The folder of the service a file belongs to (the nearest go.mod / Cargo.toml), so the
    cross-file rules judge it apart from the Python applications beside it."""
    import os

    marker = "go.mod" if language == "go" else "Cargo.toml"
    directory = os.path.dirname(abspath)
    while True:
        if os.path.exists(os.path.join(directory, marker)):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.path.dirname(abspath)
        directory = parent

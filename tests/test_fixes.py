"""Fixes: expected `*.fixed.py` results, properties over every fixture project, the fix
loop's guarantees (revert on a syntax error, convergence), and byte preservation."""
from __future__ import annotations

import codecs
import dataclasses
import os
import re
import shutil

import libcst as cst
import pytest

from corslint.diagnostics import Edit, Finding, Fix
from corslint.run.engine import Engine, Input, Options, RunResult
from corslint.files.decode import decode_source
from corslint.files.discover import DEFAULT_EXCLUDES, ExcludeMatcher, discover
from corslint.fixes.apply import applicable, apply_edits, fix_files
from corslint.fixes.write import write_atomically
from corslint.languages import language_for
from corslint.languages.source import check_syntax
from corslint.policy import Span
from corslint.rules import all_rules
from tests.helpers import fixture_projects


def copy_project(project, destination):
    """A fixture project without its expected results."""
    shutil.copytree(project, destination, ignore=shutil.ignore_patterns("*.fixed.py", "__pycache__"))
    return destination


def run_fixer(root, unsafe=True, write=True):
    """What `corslint check --fix [--unsafe-fixes]` does, through the API."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        found = discover(["."], ExcludeMatcher(list(DEFAULT_EXCLUDES), str(root)))
        files = {f.path: os.path.relpath(f.path) for f in found.files}
        options = Options(selected=set(all_rules()), config_root=str(root), project_roots=[str(root)])

        def run_engine(current):
            engine = Engine(dataclasses.replace(options, overlay=current))
            return engine.run([Input(a, d, current[a]) for a, d in files.items()])

        outcome = fix_files(run_engine, files, unsafe=unsafe)
        first = run_engine({a: open(a, "rb").read() for a in files})
        if write:
            for file_fix in outcome.changed:
                write_atomically(file_fix.abspath, file_fix.fixed)
        return first, outcome
    finally:
        os.chdir(cwd)


PROJECTS_WITH_FIXES = [p for p in fixture_projects() if any(p.rglob("*.fixed.py"))]


@pytest.mark.parametrize("project", fixture_projects(), ids=lambda p: p.name)
def test_fixed_files_match_the_expected_results(project, tmp_path):
    root = copy_project(project, tmp_path / project.name)
    _, outcome = run_fixer(root)
    assert not outcome.warnings, outcome.warnings
    for path in sorted(project.rglob("*.py")):
        if path.name.endswith(".fixed.py"):
            continue
        relative = path.relative_to(project)
        expected_path = path.with_name(path.name[:-3] + ".fixed.py")
        actual = (root / relative).read_bytes()
        if expected_path.exists():
            assert actual == expected_path.read_bytes(), f"{relative} differs from {expected_path.name}"
        else:
            assert actual == path.read_bytes(), f"{relative} changed but has no .fixed.py"


def test_the_fixture_set_has_expected_fix_results():
    assert len(PROJECTS_WITH_FIXES) >= 3


def _offset(text: str, line: int, col: int) -> int:
    """Offset of a libcst position (lines end at \\r\\n, \\r or \\n), computed independently."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return starts[line - 1] + col


def _assert_only_edits_changed(before: str, after: str, edits) -> None:
    """`after` is `before` with each edit's range replaced by its content, and nothing else."""
    ranges = sorted((_offset(before, e.start_line, e.start_col), _offset(before, e.end_line, e.end_col), e.content)
                    for e in edits)
    expected, cursor = [], 0
    for start, end, content in ranges:
        assert start >= cursor, "edits overlap"
        expected += [before[cursor:start], content]
        cursor = end
    expected.append(before[cursor:])
    assert after == "".join(expected)
    # The edits are small: no edit rewrites more than the statement it is about.
    for start, end, content in ranges:
        assert end - start < 2000 and len(content) < 2000


@pytest.mark.parametrize("project", fixture_projects(), ids=lambda p: p.name)
def test_fixing_every_fixture_project_is_sound(project, tmp_path):
    root = copy_project(project, tmp_path / project.name)
    first, outcome = run_fixer(root)
    fixable = {(f.path, f.code, f.message) for f in first.findings if applicable(f, unsafe=True)}
    # Every fixed file decodes and parses.
    for file_fix in outcome.changed:
        text = decode_source(file_fix.original).text
        for before, edits in file_fix.rounds:
            assert before == text  # rounds chain: nothing changed between them
            text = apply_edits(before, edits)
            _assert_only_edits_changed(before, text, edits)
        fixed = decode_source(file_fix.fixed)
        assert fixed.text == text  # and nothing changed in encoding the result
        if language_for(file_fix.abspath):  # a Go or Rust service: parsed with tree-sitter
            check_syntax(file_fix.abspath, fixed.text)
        else:
            cst.parse_module(fixed.text)
    # The fixed findings are gone, and nothing left offers an applicable fix.
    final = {(f.path, f.code, f.message) for f in outcome.result.findings}
    assert not (fixable & final), sorted(fixable & final)
    assert not [f for f in outcome.result.findings if applicable(f, unsafe=True)]
    assert outcome.fixed_count >= len({(p, c) for p, c, _ in fixable}) if fixable else outcome.fixed_count == 0
    # A second run changes nothing.
    sources = ("*.py", "*.go", "*.rs")
    before = {p: p.read_bytes() for pattern in sources for p in root.rglob(pattern)}
    _, again = run_fixer(root)
    assert not again.changed
    assert before == {p: p.read_bytes() for pattern in sources for p in root.rglob(pattern)}


# ---------------------------------------------------------------- byte preservation
SOURCE = '''\
# Shop API. Comments, quotes and commas below must survive the fix untouched.
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from shop.auth import AuthMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=[
        'https://app.example.com',
        "null",  # the old file:// demo
        "https://*.preview.example.com",
    ],
    allow_methods=['get', "POST"],  # café
    max_age=999999,
)
app.add_middleware(AuthMiddleware)
'''
EXPECTED = '''\
# Shop API. Comments, quotes and commas below must survive the fix untouched.
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from shop.auth import AuthMiddleware

app = FastAPI()
app.add_middleware(AuthMiddleware)
app.add_middleware(
    CORSMiddleware,
    allow_origins=[
        'https://app.example.com',
    ],
    allow_methods=['GET', "POST"],  # café
    max_age=86400,
    allow_origin_regex=r"https://[a-z0-9-]+\\.preview\\.example\\.com",
)
'''


def _fix_bytes(tmp_path, data: bytes, mode=None) -> bytes:
    root = tmp_path / "project"
    root.mkdir()
    path = root / "app.py"
    path.write_bytes(data)
    if mode is not None:
        os.chmod(path, mode)
    _, outcome = run_fixer(root)
    assert not outcome.warnings, outcome.warnings
    return path.read_bytes()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings_are_preserved(tmp_path, newline):
    data = SOURCE.replace("\n", newline).encode("utf-8")
    assert _fix_bytes(tmp_path, data) == EXPECTED.replace("\n", newline).encode("utf-8")


def test_utf8_bom_is_preserved(tmp_path):
    data = codecs.BOM_UTF8 + SOURCE.encode("utf-8")
    assert _fix_bytes(tmp_path, data) == codecs.BOM_UTF8 + EXPECTED.encode("utf-8")


def test_latin1_coding_cookie_is_preserved(tmp_path):
    cookie = "# -*- coding: latin-1 -*-\n"
    data = (cookie + SOURCE).encode("latin-1")
    fixed = _fix_bytes(tmp_path, data)
    assert fixed == (cookie + EXPECTED).encode("latin-1")
    assert b"caf\xe9" in fixed


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.parametrize("mode", [0o640, 0o755])
def test_file_mode_is_preserved(tmp_path, mode):
    _fix_bytes(tmp_path, SOURCE.encode(), mode=mode)
    assert (os.stat(tmp_path / "project" / "app.py").st_mode & 0o777) == mode


def test_safe_fixes_only_without_unsafe(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "app.py").write_text(SOURCE)
    _, outcome = run_fixer(root, unsafe=False)
    text = (root / "app.py").read_text()
    assert "'GET'" in text and '"null"' not in text and "max_age=86400" in text
    assert "allow_origin_regex" not in text and text.rstrip().endswith("app.add_middleware(AuthMiddleware)")
    assert {f.code for f in outcome.result.findings} == {"COR204", "COR401"}


# ---------------------------------------------------------------- the loop itself
def _fake_engine(make_findings):
    """An engine stand-in: findings computed from the current text of one file."""
    def run(current):
        (abspath, data), = current.items()
        text = decode_source(data).text
        return RunResult(findings=list(make_findings(text)))
    return run


def _finding(path, line, col, end_col, content, applicability="safe", code="COR105"):
    span = Span(path, line, col, line, end_col)
    edit = Edit(path, line, col, line, end_col, content)
    return Finding(code, "null-origin", "error", "m", span, Fix("fix", applicability, (edit,)))


def test_a_fix_that_breaks_the_syntax_is_reverted_and_reported(tmp_path):
    path = tmp_path / "app.py"
    path.write_bytes(b"x = [1, 2]\n")
    run = _fake_engine(lambda text: [_finding("app.py", 1, 4, 5, "(")] if "[" in text else [])
    outcome = fix_files(run, {str(path): "app.py"})
    file_fix = outcome.files[str(path)]
    assert not file_fix.changed and file_fix.error and "syntax error" in outcome.warnings[0]
    assert path.read_bytes() == b"x = [1, 2]\n"


def test_a_fix_that_never_settles_is_reported(tmp_path):
    path = tmp_path / "app.py"
    path.write_bytes(b"x = 1\n")
    run = _fake_engine(lambda text: [_finding("app.py", 1, 4, 5, "2" if "1" in text else "1")])
    outcome = fix_files(run, {str(path): "app.py"}, max_iterations=5)
    assert any("failed to converge after 5 iterations" in w for w in outcome.warnings)
    assert cst.parse_module(decode_source(outcome.files[str(path)].fixed).text)


def test_a_fix_the_encoding_cannot_hold_is_reverted(tmp_path):
    path = tmp_path / "app.py"
    data = "# -*- coding: latin-1 -*-\nx = 'é'\n".encode("latin-1")
    path.write_bytes(data)
    run = _fake_engine(lambda text: [_finding("app.py", 2, 4, 7, "'€'")] if "é" in text else [])
    outcome = fix_files(run, {str(path): "app.py"})
    assert not outcome.changed and "encoding" in outcome.warnings[0]


def test_overlapping_fixes_are_applied_over_several_rounds(tmp_path):
    path = tmp_path / "app.py"
    path.write_bytes(b"x = 'abc'\n")

    def findings(text):
        if "'abc'" in text:
            yield _finding("app.py", 1, 4, 9, "'abd'", code="COR302")
            yield _finding("app.py", 1, 5, 8, "ABC", code="COR307")
        elif "'abd'" in text:
            yield _finding("app.py", 1, 4, 9, "'xyz'", code="COR307")

    outcome = fix_files(_fake_engine(findings), {str(path): "app.py"})
    file_fix = outcome.files[str(path)]
    assert file_fix.fixed == b"x = 'xyz'\n" and len(file_fix.rounds) == 2
    assert file_fix.applied == [("COR302", "null-origin"), ("COR307", "null-origin")]


def test_unsafe_fixes_need_the_flag(tmp_path):
    path = tmp_path / "app.py"
    path.write_bytes(b"x = 1\n")
    run = _fake_engine(lambda text: [_finding("app.py", 1, 4, 5, "2", "unsafe")] if "1" in text else [])
    assert not fix_files(run, {str(path): "app.py"}).changed
    assert fix_files(run, {str(path): "app.py"}, unsafe=True).changed[0].fixed == b"x = 2\n"


# ---------------------------------------------------------------- atomic writes
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "app.py"
    path.write_bytes(b"old\n")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(str(path), b"new\n")
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["app.py"]


def test_a_write_goes_through_a_temporary_in_the_same_folder(tmp_path, monkeypatch):
    path = tmp_path / "app.py"
    path.write_bytes(b"old\n")
    seen = []
    real_replace = os.replace

    def spy(source, target):
        seen.append((os.path.dirname(source), open(source, "rb").read(), open(target, "rb").read()))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_atomically(str(path), b"new\n")
    assert seen == [(str(tmp_path), b"new\n", b"old\n")]
    assert path.read_bytes() == b"new\n"


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_symlink_keeps_pointing_at_the_fixed_file(tmp_path):
    target = tmp_path / "real.py"
    target.write_bytes(b"old\n")
    link = tmp_path / "app.py"
    link.symlink_to(target)
    write_atomically(str(link), b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n"


EXAMPLES = [(rule, index, example) for rule in all_rules().values() for index, example in enumerate(rule.invalid)]


@pytest.mark.parametrize("rule,index,example", EXAMPLES, ids=[f"{r.code}-{i}" for r, i, _ in EXAMPLES])
def test_fixing_each_rule_example_is_sound(rule, index, example, tmp_path):
    """Every rule's invalid examples: fixes parse, remove what they fix, and are idempotent."""
    root = tmp_path / "example"
    for name, content in [(example.filename, example.code), *example.files]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    first, outcome = run_fixer(root)
    assert not outcome.warnings, outcome.warnings
    fixed = {(f.path, f.code, f.message) for f in first.findings if applicable(f, unsafe=True)}
    assert not fixed & {(f.path, f.code, f.message) for f in outcome.result.findings}
    for file_fix in outcome.changed:
        cst.parse_module(decode_source(file_fix.fixed).text)
    _, again = run_fixer(root)
    assert not again.changed


def test_rules_with_fixes_offer_them_on_their_first_example():
    """A rule that says it has fixes shows one on the example its documentation opens with."""
    for rule in all_rules().values():
        if rule.fix_availability == "none":
            continue
        example = rule.invalid[0]
        from corslint.run.engine import check_sources

        result = check_sources([(example.filename, example.code), *example.files])
        fixes = [f.fix for f in result.findings if f.code == rule.code and f.fix is not None]
        assert fixes and all(fix.edits for fix in fixes), rule.code

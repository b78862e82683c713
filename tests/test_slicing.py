"""Slicing a large module to what CORS can depend on (``parsing.slicing``) never changes
a verdict or a fix: every fixture is checked sliced (threshold 0, CPython's outline read
in the smallest chunks) and whole."""
import ast

import pytest

from corslint import cli
from corslint.frameworks import django
from corslint.parsing import outline, slicing
from corslint.parsing.outline import read_outline
from corslint.parsing.safety import MAX_NESTING
from corslint.parsing.parse import SourceFile, parse_source

from tests.helpers import ROOT
from tests.test_performance_paths import run_engine


def _run(capsys, args):
    capsys.readouterr()
    cli.main(args)
    return capsys.readouterr().out


def _padded_copy(source, target):
    """The fixtures with droppable statements (and their comments) inserted before every
    top-level statement: each module then has something to slice away, everywhere."""
    import shutil

    shutil.copytree(str(source), str(target))
    for path in target.rglob("*.py"):
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
            continue
        lines = text.splitlines(keepends=True)
        newline = "\r\n" if "\r\n" in text else "\n"
        starts = {min([s.lineno] + [d.lineno for d in getattr(s, "decorator_list", ())]) for s in tree.body}
        padded = []
        for number, line in enumerate(lines, 1):
            if number in starts and number > 1:
                padded.append(f"# padding {number}{newline}PADDING_{number} = {{'k': [{number}, 2]}}{newline}")
            padded.append(line)
        path.write_text("".join(padded), encoding="utf-8", newline="")


@pytest.mark.parametrize("extra", [["--output-format", "json", "--unsafe-fixes"], ["--diff", "--unsafe-fixes", "--color", "never"]])
def test_every_fixture_sliced_gives_the_whole_modules_findings_and_fixes(capsys, monkeypatch, tmp_path, extra):
    monkeypatch.setenv("CORSLINT_JOBS", "1")  # slices counted in this process
    for tree, least in ((ROOT / "testdata", 3), (None, 60)):
        if tree is None:
            tree = tmp_path / "padded"
            _padded_copy(ROOT / "testdata", tree)
        monkeypatch.chdir(tree.parent)
        args = ["check", tree.name, "--no-cache", "-q"] + extra
        monkeypatch.setattr(slicing, "SLICE_ABOVE", 10 ** 9)
        monkeypatch.setattr(outline, "CHUNKED_ABOVE", 10 ** 9)
        whole = _run(capsys, args)
        sliced_modules = []
        original = slicing.slice_module

        def counting(text, read, plan):
            result = original(text, read, plan)
            sliced_modules.append(result is not None)
            return result

        monkeypatch.setattr(slicing, "SLICE_ABOVE", 0)
        monkeypatch.setattr(slicing, "slice_module", counting)
        # ... and CPython's outline read in chunks as small as can be (parsing.outline)
        monkeypatch.setattr(outline, "CHUNKED_ABOVE", 0)
        monkeypatch.setattr(outline, "CHUNK_CHARS", 1)
        sliced = _run(capsys, args)
        monkeypatch.setattr(slicing, "slice_module", original)
        assert sum(sliced_modules) >= least
        assert sliced == whole and len(whole) > 1000


def _sliced(text):
    plan = slicing.Plan.for_text(text)
    if plan is None:
        return None
    return slicing.slice_module(text, read_outline(text, MAX_NESTING, plan.binds, plan.eager, with_reads=True), plan)


def test_dropped_statements_keep_every_line_and_column():
    text = ("import os\n"
            "# about the table\n"
            "TABLE = {'a': 1,\n"
            "         'b': 2}\n"
            "OTHER = [1, 2]; MORE = 3\n"
            "\n"
            "# the CORS block\n"
            "CORS_ALLOWED_ORIGINS = [ORIGIN]\n"
            "ORIGIN = 'https://app.example.com'\n"
            "UNUSED = 'x'\n"
            "print(1)\n")
    result = _sliced(text)
    assert result is not None and (result.kept, result.total) == (4, 7)
    lines = result.text.splitlines(keepends=True)
    assert len(lines) == len(text.splitlines(keepends=True))
    original = text.splitlines(keepends=True)
    for number in (1, 6, 7, 8, 9, 11):  # kept statements and the comments before them
        assert lines[number - 1] == original[number - 1]
    assert "TABLE" not in result.text and "OTHER" not in result.text and "UNUSED" not in result.text
    assert "about the table" not in result.text  # a dropped statement's comment goes with it
    ast.parse(result.text)


def test_names_read_by_kept_statements_are_kept_transitively():
    text = ("import os\nA = [1]\nB = A + [2]\nC = 3\nD = 'B'\nCORS_ALLOWED_ORIGINS = getattr(mod, D)\nE = 1\n")
    result = _sliced(text)
    kept = [line for line in result.text.splitlines() if "=" in line]
    assert kept == ["A = [1]", "B = A + [2]", "D = 'B'", "CORS_ALLOWED_ORIGINS = getattr(mod, D)", "E = 1"]


@pytest.mark.parametrize("text", [
    "from base import *\nA = 1\nB = 2\nC = 3\n",  # star import: its names decide what it inherits
    "A = 1\nB = 2\nglobals()['C'] = B\nD = 4\n",
    "A = 1\nB = 2\nC = vars()\nD = 4\n",
])
def test_modules_that_read_names_dynamically_are_not_sliced(text):
    assert _sliced(text) is None


def test_what_is_never_dropped():
    text = ("FIRST = 1\nX = f(1)\nY = lambda: 1\nZ = 'cors'\nDEBUG = False\nMIDDLEWARE = []\n"
            "__all__ = ['X']\nW = (a := 1)\nobj.attr = 1\nV: int = 2\nLAST = 1\n")
    result = _sliced(text)
    assert result is not None and result.text.count("\n") == text.count("\n")
    assert [line for line in result.text.splitlines() if "=" in line] == \
        [line for line in text.splitlines() if not line.startswith("V:")]


def test_the_django_extractors_settings_are_never_dropped():
    assert django.DJANGO_SETTINGS <= slicing.SETTINGS_READ
    assert "DEBUG" in slicing.SETTINGS_READ
    assert all("CORS" in name for name in django.KNOWN_SETTINGS | set(django.ALIASES) | set(django.REMOVED))


def test_a_sliced_module_is_parsed_whole_when_another_module_reads_it(tmp_path, monkeypatch):
    """What another module imports from a sliced one is not known to the slicer."""
    from corslint.run.engine import Engine, Input, Options

    monkeypatch.setattr(slicing, "SLICE_ABOVE", 0)
    (tmp_path / "settings.py").write_text(
        "INSTALLED_APPS = ['corsheaders']\nHOSTS = ['*']\nUNUSED = 1\nCORS_ALLOW_CREDENTIALS = True\n"
        "CORS_ALLOWED_ORIGINS = ['https://a.example']\n")
    (tmp_path / "prod.py").write_text(
        "from settings import INSTALLED_APPS, HOSTS\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n"
        "CORS_ALLOWED_ORIGINS = HOSTS\n")
    module = parse_source(SourceFile("settings.py", str(tmp_path / "settings.py"),
                                     (tmp_path / "settings.py").read_text()), may_slice=True)
    assert module.sliced is not None and "HOSTS" not in module.tree.code
    monkeypatch.chdir(tmp_path)
    sliced = run_engine(tmp_path)
    monkeypatch.setattr(slicing, "SLICE_ABOVE", 10 ** 9)
    whole = run_engine(tmp_path)
    key = lambda r: [(f.path, f.span, f.code, f.message) for f in r.findings]  # noqa: E731
    assert key(sliced) == key(whole) and key(whole)


def test_verbose_output_says_a_module_was_sliced(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(slicing, "SLICE_ABOVE", 0)
    monkeypatch.setenv("CORSLINT_JOBS", "1")
    (tmp_path / "settings.py").write_text("INSTALLED_APPS = ['corsheaders']\nTABLE = {'a': 1}\n"
                                          "CORS_ALLOWED_ORIGINS = ['http://app.example.com']\n")
    cli.main(["check", str(tmp_path), "--no-cache", "-v"])
    captured = capsys.readouterr()
    assert "COR106" in captured.out
    assert "libcst was given 2 of its 3 top-level statements" in captured.err
    assert "findings and fixes are those of the whole module\n" in captured.err

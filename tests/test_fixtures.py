"""Every fixture project is checked by the real engine, and the findings must be exactly
those its `# expect: CODE` comments announce: a missing finding and an extra one both fail."""
from __future__ import annotations

import os

import pytest

from corslint.run.engine import Engine, Input, Options
from corslint.files.discover import DEFAULT_EXCLUDES, ExcludeMatcher, discover
from corslint.rules import all_rules
from tests.helpers import expected_findings, fixture_projects
from tests.test_rule_examples import awaits_extractor


def check_project(project):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        excludes = ExcludeMatcher([*DEFAULT_EXCLUDES, "*.fixed.py"], str(project))
        found = discover(["."], excludes)
        assert not found.errors
        engine = Engine(Options(selected=set(all_rules()), config_root=str(project),
                                project_roots=[str(project)]))
        result = engine.run([Input(f.path, os.path.relpath(f.path)) for f in found.files])
    finally:
        os.chdir(cwd)
    assert not result.errors, result.errors
    return result


@pytest.mark.parametrize("project", fixture_projects(), ids=lambda p: p.name)
def test_fixture_findings_are_exactly_the_expected_ones(project):
    result = check_project(project)
    actual = {(f.path.replace(os.sep, "/"), f.span.start_line, f.code) for f in result.findings}
    expected = expected_findings(project)
    missing = sorted(expected - actual)
    extra = sorted(actual - expected)
    messages = {(f.path.replace(os.sep, "/"), f.span.start_line, f.code): f.message for f in result.findings}
    assert not missing and not extra, (
        f"missing: {missing}\nextra: " + "\n".join(f"{e}: {messages[e]}" for e in extra)
    )


def test_fixtures_include_clean_projects_and_every_rule():
    projects = fixture_projects()
    clean = [p for p in projects if not expected_findings(p)]
    assert len(clean) >= 2, "keep clean projects among the fixtures: precision matters as much as recall"
    covered = {code for p in projects for (_, _, code) in expected_findings(p)}
    # A rule whose every example needs an extractor this branch lacks (COR201 needs a
    # re.match framework) cannot have a fixture yet; its own tests use hand-built policies.
    waiting = {code for code, rule in all_rules().items() if all(awaits_extractor(e) for e in rule.invalid)}
    assert set(all_rules()) - covered - waiting == set(), "every rule needs a fixture that exercises it"

"""`corslint rule CODE|NAME` and `corslint rule --all`, as text and as JSON."""
from __future__ import annotations

import json

from corslint.rules import all_rules
from tests.helpers import ROOT, run_cli


def test_rule_prints_the_documentation_page_by_code_or_name():
    by_code = run_cli("rule", "COR101")
    by_name = run_cli("rule", "wildcard-with-credentials")
    lower = run_cli("rule", "cor101")
    assert by_code.returncode == 0
    page = (ROOT / "docs" / "rules" / "COR101.md").read_text(encoding="utf-8")
    assert by_code.stdout.decode() == by_name.stdout.decode() == lower.stdout.decode() == page


def test_rule_as_json():
    data = json.loads(run_cli("rule", "COR307", "--output-format", "json").stdout)
    rule = all_rules()["COR307"]
    assert data == {"code": "COR307", "name": "method-case", "severity": rule.severity, "summary": rule.summary,
                    "frameworks": rule.frameworks, "fix": rule.fix_availability, "security": False,
                    "url": "https://github.com/corslint/corslint/blob/main/docs/rules/COR307.md",
                    "explanation": rule.documentation()}


def test_rule_all_lists_every_rule_once():
    out = run_cli("rule", "--all")
    assert out.returncode == 0
    lines = out.stdout.decode().splitlines()
    assert [line.split()[0] for line in lines] == list(all_rules())
    assert [line.split()[1] for line in lines] == [r.name for r in all_rules().values()]
    as_json = json.loads(run_cli("rule", "--all", "--output-format", "json").stdout)
    assert [entry["code"] for entry in as_json] == list(all_rules())
    assert all(entry["explanation"] == all_rules()[entry["code"]].documentation() for entry in as_json)


def test_rule_usage_errors_exit_2():
    unknown = run_cli("rule", "wildcard-with-credential")
    assert unknown.returncode == 2
    assert b"unknown rule `wildcard-with-credential` (did you mean `wildcard-with-credentials`?" in unknown.stderr
    assert run_cli("rule").returncode == 2
    assert run_cli("rule", "COR101", "--all").returncode == 2
    assert run_cli("rule", "COR101", "--output-format", "yaml").returncode == 2

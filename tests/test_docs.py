"""Rule pages are generated from the rule modules; a stale or incomplete page fails."""
from __future__ import annotations

from corslint.rules import all_rules
from corslint.rules.base import REQUIRED_SECTIONS
from tests.helpers import ROOT


def test_every_rule_page_matches_its_module():
    for rule in all_rules().values():
        page = ROOT / "docs" / "rules" / f"{rule.code}.md"
        assert page.exists(), f"{page} is missing: run `python docs/generate.py`"
        assert page.read_text(encoding="utf-8") == rule.documentation(), \
            f"{page.name} is stale: run `python docs/generate.py`"


def test_every_rule_page_has_ruffs_sections():
    for rule in all_rules().values():
        doc = rule.documentation()
        for section in REQUIRED_SECTIONS:
            assert f"\n## {section}\n" in doc, f"{rule.code} lacks the section {section!r}"


def test_no_page_without_a_rule():
    codes = set(all_rules())
    pages = {p.stem for p in (ROOT / "docs" / "rules").glob("COR*.md")}
    assert pages == codes

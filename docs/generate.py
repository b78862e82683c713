"""Writes docs/rules/<CODE>.md from the rule modules (tests fail when a page is stale).

Usage: python docs/generate.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corslint.rules import all_rules  # noqa: E402


def main() -> None:
    folder = ROOT / "docs" / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    codes = set()
    for rule in all_rules().values():
        codes.add(rule.code)
        (folder / f"{rule.code}.md").write_text(rule.documentation(), encoding="utf-8")
    for page in folder.glob("COR*.md"):
        if page.stem not in codes:
            page.unlink()
    index = ["# Rules", "", "| code | name | severity | fix | summary |", "|---|---|---|---|---|"]
    for rule in all_rules().values():
        index.append(f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity} | "
                     f"{rule.fix_availability} | {rule.summary} |")
    (folder / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

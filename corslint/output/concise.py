"""`path:line:col: COR101 message`, one finding a line, 1-based columns (flake8 and ruff)."""
from __future__ import annotations


def line(finding) -> str:
    span = finding.span
    marker = "[*] " if finding.fix is not None and finding.fix.applicability == "safe" else ""
    return f"{span.path}:{span.start_line}:{span.start_col + 1}: {finding.code} {marker}{finding.message}"


def render(findings, context=None) -> str:
    return "".join(line(f) + "\n" for f in findings)

"""`path:line:col: COR101 message`, one finding a line, 1-based columns (flake8 and ruff)."""
from __future__ import annotations


def line(finding, unsafe_fixes: bool = False) -> str:
    span = finding.span
    fix = finding.fix
    fixable = fix is not None and fix.edits and (fix.applicability == "safe"
                                                 or (unsafe_fixes and fix.applicability == "unsafe"))
    marker = "[*] " if fixable else ""
    return f"{span.path}:{span.start_line}:{span.start_col + 1}: {finding.code} {marker}{finding.message}"


def render(findings, context=None) -> str:
    unsafe_fixes = bool(getattr(context, "unsafe_fixes", False))
    return "".join(line(f, unsafe_fixes) + "\n" for f in findings)

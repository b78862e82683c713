"""`path:line: [COR101] message`, the line format of pylint's parseable output (and of
flake8's and ruff's `pylint` format), which many CI log parsers understand."""
from __future__ import annotations


def render(findings, context=None) -> str:
    return "".join(f"{f.span.path}:{f.span.start_line}: [{f.code}] {f.message}\n" for f in findings)

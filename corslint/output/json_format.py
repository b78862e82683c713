"""A JSON array with ruff's field names, plus `severity`."""
from __future__ import annotations

import json
import os


def _location(line: int, col: int) -> dict:
    return {"row": line, "column": col + 1}


def as_dict(finding) -> dict:
    span = finding.span
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability,
            "message": finding.fix.message,
            "edits": [
                {"content": e.content, "location": _location(e.start_line, e.start_col),
                 "end_location": _location(e.end_line, e.end_col)}
                for e in finding.fix.edits
            ],
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity,
        "filename": os.path.abspath(span.path) if not os.path.isabs(span.path) else span.path,
        "location": _location(span.start_line, span.start_col),
        "end_location": _location(span.end_line, span.end_col),
        "fix": fix,
        "noqa_row": span.start_line,
        "url": finding.url,
    }


def render(findings, context=None) -> str:
    return json.dumps([as_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"

"""GitLab Code Quality report (a JSON array in the Code Climate issue format).

Paths are relative to the project folder (``CI_PROJECT_DIR`` in GitLab CI). The
fingerprint hashes the rule, the path, the message and the text of the reported line,
not the line number, so an issue keeps its identity when code above it moves.
"""
from __future__ import annotations

import hashlib
import json
import os
from typing import Dict

from corslint.output.common import GITLAB_SEVERITIES, relative_to, report_root, source_lines


def render(findings, context=None) -> str:
    from corslint.rules import all_rules

    rules = all_rules()
    root = report_root()
    seen: Dict[str, int] = {}
    issues = []
    for finding in findings:
        span = finding.span
        path = relative_to(span.path, root) or os.path.abspath(span.path)
        lines = source_lines(context, finding.path)
        line_text = lines[span.start_line - 1].strip() if lines and span.start_line <= len(lines) else ""
        key = "\0".join((finding.code, path, finding.message, line_text))
        seen[key] = seen.get(key, 0) + 1  # identical findings on identical lines stay distinct
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8")).hexdigest()
        rule = rules.get(finding.code)
        issues.append({
            "type": "issue",
            "check_name": finding.code,
            "description": f"{finding.code} {finding.message}",
            "categories": ["Security"] if rule is not None and rule.is_security_rule() else ["Bug Risk"],
            "severity": GITLAB_SEVERITIES[finding.severity],
            "fingerprint": fingerprint,
            "location": {
                "path": path,
                "positions": {
                    "begin": {"line": span.start_line, "column": span.start_col + 1},
                    "end": {"line": span.end_line, "column": span.end_col + 1},
                },
            },
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"

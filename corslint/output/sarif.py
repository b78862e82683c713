"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

Every rule is described in ``tool.driver.rules`` (its page as ``help.markdown``, its
URL, its level, and for security rules a ``security-severity``). Paths are relative to
the repository root through the ``%SRCROOT%`` base, columns count Unicode code points,
and safe fixes are given as ``fixes``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, List
from urllib.parse import quote

from corslint import __version__
from corslint.diagnostics import REPOSITORY_URL
from corslint.output.common import SARIF_LEVELS, SECURITY_SEVERITIES, has_safe_fix, relative_to, report_root

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
CWE_PERMISSIVE_CORS = "external/cwe/cwe-942"  # Permissive Cross-domain Policy with Untrusted Domains


def rule_descriptor(rule) -> dict:
    tags = ["cors"]
    properties: Dict[str, object] = {"precision": "high"}
    if rule.is_security_rule():
        tags = ["security", CWE_PERMISSIVE_CORS, *tags]
        properties["security-severity"] = SECURITY_SEVERITIES[rule.severity]
    else:
        tags = ["correctness", *tags]
    properties["tags"] = tags
    documentation = rule.documentation()
    what = rule.doc_section("What it does") or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": documentation, "markdown": documentation},
        "helpUri": rule.url(),
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": properties,
    }


def _artifact(path: str, root: str) -> dict:
    """A URI for the file: its name's bytes percent-encoded (a name with an undecodable
    byte is still a valid, exact URI)."""
    rel = relative_to(path, root)
    if rel is not None:
        return {"uri": quote(os.fsencode(rel)), "uriBaseId": SRCROOT}
    try:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    except (UnicodeEncodeError, ValueError):
        return {"uri": "file://" + quote(os.fsencode(Path(os.path.abspath(path)).as_posix()))}


def _region(start_line: int, start_col: int, end_line: int, end_col: int) -> dict:
    # Our columns are 0-based; SARIF's are 1-based, with an exclusive end column.
    return {"startLine": start_line, "startColumn": start_col + 1, "endLine": end_line, "endColumn": end_col + 1}


def _location(span, root: str) -> dict:
    return {"physicalLocation": {"artifactLocation": _artifact(span.path, root),
                                 "region": _region(span.start_line, span.start_col, span.end_line, span.end_col)}}


def _fix(fix, root: str) -> dict:
    by_path: Dict[str, List] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {"artifactLocation": _artifact(path, root),
             "replacements": [{"deletedRegion": _region(e.start_line, e.start_col, e.end_line, e.end_col),
                               "insertedContent": {"text": e.content}} for e in edits]}
            for path, edits in sorted(by_path.items())
        ],
    }


def document(findings, context=None, root: str = None) -> dict:
    from corslint.rules import all_rules

    root = root or report_root()
    rules = list(all_rules().values())
    index = {rule.code: number for number, rule in enumerate(rules)}
    results = []
    for finding in findings:
        result = {
            "ruleId": finding.code,
            "level": SARIF_LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(finding.span, root)],
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.related:
            result["relatedLocations"] = [dict(_location(span, root), id=number)
                                          for number, span in enumerate(finding.related)]
        if has_safe_fix(finding):
            result["fixes"] = [_fix(finding.fix, root)]
        results.append(result)
    run = {
        "tool": {"driver": {"name": "corslint", "version": __version__, "semanticVersion": __version__,
                            "informationUri": REPOSITORY_URL, "rules": [rule_descriptor(r) for r in rules]}},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if context is not None:
        run["invocations"] = [{"executionSuccessful": not getattr(context, "errors", None)}]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(findings, context=None) -> str:
    return json.dumps(document(findings, context), indent=2, ensure_ascii=False) + "\n"

"""JUnit XML (for CI test-report views): one test suite per file, one failed test case
per finding, and a single passing case when there is nothing to report."""
from __future__ import annotations

from typing import Dict, List
from xml.sax.saxutils import quoteattr, escape

from corslint.output.concise import line as concise_line


def render(findings, context=None) -> str:
    by_file: Dict[str, List] = {}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    total = len(findings)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="corslint" tests="{max(total, 1)}" failures="{total}" errors="0">']
    if not findings:
        out += ['  <testsuite name="corslint" tests="1" failures="0" errors="0">',
                '    <testcase name="No findings" classname="corslint"/>',
                "  </testsuite>"]
    for path, group in by_file.items():
        out.append(f'  <testsuite name={quoteattr(path)} tests="{len(group)}" failures="{len(group)}" errors="0">')
        for finding in group:
            span = finding.span
            name = f"{finding.code} {finding.name} ({span.start_line}:{span.start_col + 1})"
            out.append(f'    <testcase name={quoteattr(name)} classname={quoteattr(path)} '
                       f'file={quoteattr(path)} line="{span.start_line}" column="{span.start_col + 1}">')
            out.append(f'      <failure message={quoteattr(finding.message)} type={quoteattr(finding.code)}>'
                       f'{escape(concise_line(finding))}</failure>')
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"

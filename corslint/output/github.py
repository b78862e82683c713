"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

Escaping follows actions/toolkit (``command.ts``): the message escapes ``%``, CR and LF;
property values also escape ``:`` and ``,``. Paths are relative to the workspace (the
repository root), which is what GitHub resolves annotations against.
"""
from __future__ import annotations

import os

from corslint.output.common import GITHUB_LEVELS, relative_to, report_root
from corslint.output.concise import line as concise_line


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding, root: str) -> str:
    span = finding.span
    path = relative_to(span.path, root) or os.path.abspath(span.path)
    properties = [("title", f"corslint ({finding.code})"), ("file", path), ("line", span.start_line)]
    if span.start_line == span.end_line:  # GitHub accepts columns only on one-line ranges
        properties.append(("col", span.start_col + 1))
    properties.append(("endLine", span.end_line))
    if span.start_line == span.end_line:
        properties.append(("endColumn", span.end_col + 1))
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{GITHUB_LEVELS[finding.severity]} {rendered}::{escape_data(concise_line(finding))}"


def render(findings, context=None) -> str:
    root = report_root()
    return "".join(annotation(f, root) + "\n" for f in findings)

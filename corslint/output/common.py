"""What several output formats share: where the repository is, paths relative to it,
severity words of each consumer, and the text of a file after a fix."""
from __future__ import annotations

import os
from typing import Dict, Iterable, List, Optional

from corslint.files.discover import repository_root

SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
# GitLab Code Quality severities: info, minor, major, critical, blocker.
GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
# GitHub code scanning reads `security-severity` (0.1-3.9 low, 4-6.9 medium, 7-8.9 high).
SECURITY_SEVERITIES = {"error": "8.1", "warning": "5.3", "info": "3.1"}


def report_root() -> str:
    """The folder CI expects paths to start from: the workspace of GitHub Actions or the
    project folder of GitLab CI when they contain the current folder, else the git root."""
    cwd = os.path.abspath(os.getcwd())
    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        value = os.environ.get(variable)
        if value and (os.path.abspath(value) == cwd or relative_to(cwd, os.path.abspath(value)) is not None):
            return os.path.abspath(value)
    return repository_root(cwd)


def relative_to(path: str, root: str) -> Optional[str]:
    """`path` relative to `root` with forward slashes, or None when it lies outside."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return None
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        return None
    return rel.replace(os.sep, "/")


def has_safe_fix(finding) -> bool:
    return finding.fix is not None and finding.fix.applicability == "safe"


def source_lines(context, path: str) -> Optional[List[str]]:
    """The lines of a checked file, when the engine kept its text (files with findings)."""
    sources: Dict[str, str] = getattr(context, "sources", None) or {}
    text = sources.get(path)
    return None if text is None else text.splitlines()


def _offset(lines_with_ends: List[str], line: int, col: int) -> int:
    return sum(len(text) for text in lines_with_ends[: line - 1]) + col


def apply_edits(text: str, edits: Iterable) -> str:
    """The text after the edits (1-based lines, 0-based columns), applied from the end."""
    lines = text.splitlines(keepends=True)
    spans = sorted(((_offset(lines, e.start_line, e.start_col), _offset(lines, e.end_line, e.end_col), e.content)
                    for e in edits), reverse=True)
    for start, end, content in spans:
        text = text[:start] + content + text[end:]
    return text

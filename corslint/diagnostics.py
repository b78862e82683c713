"""Findings and fixes: what rules report and what the output formats render."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from corslint.policy import Span

SEVERITIES = ("error", "warning", "info")
# Every rule's page is docs/rules/<CODE>.md in the repository; finding URLs, SARIF
# `helpUri` and `corslint rule` all point there (tests check the pages exist).
REPOSITORY_URL = "https://github.com/corslint/corslint"
DOCS_URL = f"{REPOSITORY_URL}/blob/main/docs/rules/"


# Findings that are reported but never make the exit code 1: COR003 says a module was not
# (fully) checked, which is not a problem in the code (see rules/cor003_file_not_analysed.py).
NOT_COUNTED = frozenset({"COR003"})


def counted(findings) -> list:
    """The findings that decide the exit code."""
    return [f for f in findings if f.code not in NOT_COUNTED]


def rule_url(code: str) -> str:
    """The stable address of a rule's documentation page."""
    return f"{DOCS_URL}{code}.md"


@dataclass(frozen=True)
class Edit:
    """Replace the text between two positions (1-based line, 0-based column) by ``content``."""

    path: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int
    content: str


@dataclass(frozen=True)
class Fix:
    """A rewrite offered for a finding. ``applicability`` is "safe" or "unsafe" (ruff's terms)."""

    message: str
    applicability: str
    edits: Tuple[Edit, ...]
    # Declarative requests (corslint.fixes.intents) that the engine turns into ``edits``
    # with the file's text; a fix whose intents cannot be realised is dropped.
    intents: Tuple[Any, ...] = ()


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    span: Span
    fix: Optional[Fix] = None
    # Lines on which a `# noqa` also suppresses this finding (the whole statement).
    noqa_lines: Tuple[int, ...] = ()
    related: List[Span] = field(default_factory=list)
    # The settings modules that inherit the value this finding is about and were judged
    # with it (Django split settings); empty when the finding is about the module itself.
    inherited_by: Tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.span.path

    @property
    def url(self) -> str:
        return rule_url(self.code)

    def sort_key(self) -> tuple:
        s = self.span
        return (s.path, s.start_line, s.start_col, self.code, self.message)


def file_finding(code: str, name: str, path: str, line: int, col: int, message: str) -> Finding:
    """A finding about a whole file that could not be checked (COR001, COR002)."""
    return Finding(code, name, "error", message, Span(path, max(line, 1), max(col, 0), max(line, 1), max(col, 0)))


def internal_error(what: str, where: str, exc: BaseException) -> str:
    """The one line a bug of corslint's own becomes: the run goes on, the exit code is 2."""
    import traceback

    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return f"{where}: internal error in {what}: {detail} (please report this)"

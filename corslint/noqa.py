"""Suppression comments: ``# noqa``, ``# noqa: COR101, COR105`` and a file-wide
``# corslint: noqa`` on a line of its own.

A ``# noqa`` counts on any line of the logical line (the whole statement, however many
physical lines it spans) that a finding's range touches, so a comment after the closing
parenthesis of a multi-line ``add_middleware(...)`` call covers the call.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Tuple

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)
_FILE_NOQA = re.compile(r"^\s*#\s*corslint\s*:\s*noqa\b(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?",
                        re.IGNORECASE)
ALL = frozenset({"*"})


@dataclass
class Suppressions:
    by_line: Dict[int, FrozenSet[str]] = field(default_factory=dict)
    file_codes: Optional[FrozenSet[str]] = None  # ALL for a blanket file noqa
    # line -> (first, last) line of the logical line it belongs to
    logical: Dict[int, Tuple[int, int]] = field(default_factory=dict)

    def suppresses(self, code: str, start_line: int, end_line: int) -> bool:
        if self.file_codes is not None and (self.file_codes is ALL or code in self.file_codes):
            return True
        first, last = start_line, end_line
        for line in (start_line, end_line):
            span = self.logical.get(line)
            if span:
                first, last = min(first, span[0]), max(last, span[1])
        for line in range(first, last + 1):
            codes = self.by_line.get(line)
            if codes is not None and (codes is ALL or code in codes):
                return True
        return False


def _codes(text: Optional[str]) -> FrozenSet[str]:
    if not text:
        return ALL
    return frozenset(c.upper() for c in re.split(r"[\s,]+", text.strip()) if c)


def scan(text: str) -> Suppressions:
    found = Suppressions()
    if "noqa" not in text.lower():  # both comment forms say it: no need to tokenize (a 4 MB module)
        return found
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text, newline=None).readline))  # \r ends a line too
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = None
    if tokens is None:
        # Fall back to physical lines (the file parsed with libcst, so this is rare).
        for number, line in enumerate(text.splitlines(), 1):
            _record(found, number, line[line.find("#"):] if "#" in line else "", line.lstrip().startswith("#"))
        return found
    logical_start: Optional[int] = None
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            line_text = tok.line.splitlines()[0] if tok.line else tok.string
            own_line = line_text.lstrip().startswith("#")
            _record(found, tok.start[0], tok.string, own_line)
            continue
        if tok.type in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER):
            continue
        if logical_start is None:
            logical_start = tok.start[0]
        if tok.type == tokenize.NEWLINE:
            end = tok.start[0]
            if end > logical_start:
                for line in range(logical_start, end + 1):
                    found.logical[line] = (logical_start, end)
            logical_start = None
    return found


def _record(found: Suppressions, line: int, comment: str, own_line: bool) -> None:
    if not comment:
        return
    if own_line:
        match = _FILE_NOQA.match(comment)
        if match:
            codes = _codes(match.group("codes"))
            if codes is ALL or found.file_codes is ALL:
                found.file_codes = ALL
            else:
                found.file_codes = (found.file_codes or frozenset()) | codes
            return
    match = _NOQA.search(comment)
    if match:
        codes = _codes(match.group("codes"))
        previous = found.by_line.get(line)
        found.by_line[line] = ALL if codes is ALL or previous is ALL else (previous or frozenset()) | codes


def scan_slash_comments(text: str) -> Suppressions:
    """Go and Rust: `// noqa: COR101` at the end of a line, `// corslint: noqa` on its own line.
    A comment counts on any line of the finding's range (a multi-line call or literal)."""
    found = Suppressions()
    for number, line in enumerate(text.splitlines(), 1):
        at = line.find("//")
        while at != -1:
            comment = "#" + line[at + 2:]
            if _NOQA.search(comment) or _FILE_NOQA.match(comment):
                _record(found, number, comment, not line[:at].strip())
                break
            at = line.find("//", at + 2)
    return found


def filter_findings(findings: List, text: str) -> List:
    if not findings:
        return findings
    from corslint.languages import language_for

    # languages hook: Go and Rust comments start with //
    suppressions = scan_slash_comments(text) if language_for(findings[0].path) else scan(text)
    return [f for f in findings if not suppressions.suppresses(f.code, f.span.start_line, f.span.end_line)]

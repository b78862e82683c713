"""--add-noqa: a `# noqa: CODE` for every current finding, merged with the comments
already there (ruff's --add-noqa).

The directive goes on the last line of the statement the finding points into (a
comment can always end that line, even when the finding is inside a multi-line string
or call), which is a line where corslint's `# noqa` counts for the whole statement.
An existing `# noqa: A` becomes `# noqa: A, COR101`; a bare `# noqa` already covers
everything; any other comment gets the directive appended after it.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Set

from corslint.diagnostics import Edit

# Findings that a `# noqa` cannot or should not silence: a file that does not parse or
# decode (the directive could not even be placed), and unused-noqa itself.
NOT_SUPPRESSIBLE = frozenset(("COR001", "COR002", "COR004"))


def noqa_edits(path: str, text: str, findings) -> List[Edit]:
    """The edits that add directives for `findings` (all located in `path`) to `text`.
    None for Go and Rust files: their `// noqa` is not placed automatically (a line end
    there may be inside a raw string literal), so nothing is written that could change
    the program."""
    from corslint import noqa
    from corslint.languages import language_for

    if language_for(path):
        return []

    suppressions = noqa.scan(text)
    wanted: Dict[int, Set[str]] = {}
    for finding in findings:
        if finding.code in NOT_SUPPRESSIBLE:
            continue
        if suppressions.suppresses(finding.code, finding.span.start_line, finding.span.end_line):
            continue
        _first, last = suppressions.statement_lines(finding.span.start_line, finding.span.end_line)
        wanted.setdefault(last, set()).add(finding.code)
    lines = text.splitlines()
    edits = []
    for line, codes in sorted(wanted.items()):
        if line > len(lines):
            continue
        edit = _directive_edit(path, line, lines[line - 1], suppressions.comments.get(line), codes)
        if edit is not None:
            edits.append(edit)
    return edits


def _directive_edit(path: str, line: int, line_text: str, comment: Optional[tuple], codes: Set[str]):
    from corslint import noqa

    if comment is not None:
        column, comment_text = comment
        match = noqa.NOQA_DIRECTIVE.search(comment_text)
        if match is not None:
            if match.group("codes") is None:
                return None  # a bare `# noqa` covers every code already
            present = [c for c in re.split(r"[\s,]+", match.group("codes").strip()) if c]
            merged = present + sorted(c for c in codes if c.upper() not in {p.upper() for p in present})
            return Edit(path, line, column + match.start("codes"), line, column + match.end("codes"),
                        ", ".join(merged))
        end = column + len(comment_text)
        return Edit(path, line, end, line, end, f"  # noqa: {', '.join(sorted(codes))}")
    end = len(line_text.rstrip())
    return Edit(path, line, end, line, len(line_text), f"  # noqa: {', '.join(sorted(codes))}")

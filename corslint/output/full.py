"""The concise line, then the source lines with the reported range underlined and, when
the finding has a fix, the fix as a diff. The default on a terminal."""
from __future__ import annotations

import difflib
from typing import List

from corslint.output.common import apply_edits, source_lines
from corslint.output.concise import line as concise_line

CONTEXT = 1  # source lines shown above and below the reported range
MAX_SPAN_LINES = 6  # longer ranges show their first and last lines only
TAB = 4


def _expanded(text: str, col: int) -> int:
    return len(text[:col].expandtabs(TAB))


def _snippet(finding, lines: List[str]) -> List[str]:
    """Source lines around the range. A one-line range is underlined with `^`; a longer
    one is bracketed in the margin from its first to its last character (like ruff)."""
    span = finding.span
    first_line, last_line = span.start_line, max(span.end_line, span.start_line)
    first = max(1, first_line - CONTEXT)
    last = min(len(lines), last_line + CONTEXT)
    width = len(str(last))
    gutter = " " * width

    def text_of(number: int) -> str:
        return lines[number - 1] if number <= len(lines) else ""

    out = [f"{gutter} |"]
    if first_line == last_line:
        for number in range(first, last + 1):
            out.append(f"{number:>{width}} | {text_of(number).expandtabs(TAB)}".rstrip())
            if number == first_line:
                text = text_of(number)
                start, end = _expanded(text, span.start_col), _expanded(text, span.end_col)
                out.append(f"{gutter} | {' ' * start}{'^' * max(1, end - start)} {finding.code}")
        out.append(f"{gutter} |")
        return out
    inside = list(range(first_line + 1, last_line + 1))
    hidden = set(inside[2:-2]) if len(inside) > MAX_SPAN_LINES else set()
    for number in range(first, last + 1):
        if number in hidden:
            if number == inside[2]:
                out.append(f"{'.' * width} | |")
            continue
        margin = "| " if first_line < number <= last_line else "  "
        out.append(f"{number:>{width}} | {margin}{text_of(number).expandtabs(TAB)}".rstrip())
        if number == first_line:
            out.append(f"{gutter} |  {'_' * (_expanded(text_of(number), span.start_col) + 1)}^")
        elif number == last_line:
            end = max(1, _expanded(text_of(number), span.end_col))
            out.append(f"{gutter} | |{'_' * end}^ {finding.code}")
    out.append(f"{gutter} |")
    return out


def _fix_diff(finding, context) -> List[str]:
    fix = finding.fix
    out = [f"  {fix.applicability.capitalize()} fix: {fix.message}"]
    paths = sorted({edit.path for edit in fix.edits}, key=lambda p: (p != finding.path, p))
    for path in paths:
        text = (getattr(context, "sources", None) or {}).get(path)
        if text is None:
            out.append(f"  (edits {path}, not shown)")
            continue
        if path != finding.path:
            out.append(f"  {path}:")
        out += _diff_lines(text, apply_edits(text, [e for e in fix.edits if e.path == path]))
    return out


def _diff_lines(text: str, after: str) -> List[str]:
    out: List[str] = []
    old, new = text.splitlines(), after.splitlines()
    width = len(str(max(len(old), len(new))))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset in range(i2 - i1):
                    out.append(f"  {i1 + offset + 1:>{width}} {j1 + offset + 1:>{width}} |  {old[i1 + offset]}".rstrip())
                continue
            for i in range(i1, i2):
                out.append(f"  {i + 1:>{width}} {'':>{width}} |- {old[i]}".rstrip())
            for j in range(j1, j2):
                out.append(f"  {'':>{width}} {j + 1:>{width}} |+ {new[j]}".rstrip())
    return out


def render_one(finding, context=None) -> str:
    out = [concise_line(finding)]
    lines = source_lines(context, finding.path)
    if lines is not None and finding.span.start_line <= max(len(lines), 1):
        out += _snippet(finding, lines)
        if finding.fix is not None and finding.fix.edits:
            out.append("")
            out += _fix_diff(finding, context)
    elif finding.fix is not None:
        out.append(f"  {finding.fix.applicability.capitalize()} fix: {finding.fix.message}")
    return "\n".join(out) + "\n"


def render(findings, context=None) -> str:
    return "\n".join(render_one(f, context) for f in findings)

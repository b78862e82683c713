"""The full format, laid out as ruff shows a diagnostic: the code and the message on the
first line, where it is, the source lines with the reported range marked, then `help:`
with what to write instead and, when the finding has a fix, the fix as a diff. The
default on a terminal; coloured there (see style.py).

    COR105 [*] 'null' in allow_origins trusts the `null` origin, which any page can send ...
     --> app/main.py:5:78
      |
    4 | app = FastAPI()
    5 | app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com", "null"])
      |                                                                              ^^^^^^
      |
    help: remove it.
"""
from __future__ import annotations

import difflib
from typing import List, Tuple

from corslint.output.common import apply_edits, source_lines
from corslint.output.style import SEVERITY_STYLE, Style, style_of

CONTEXT = 1  # source lines shown above and below the reported range
MAX_SPAN_LINES = 6  # longer ranges show their first and last lines only
TAB = 4


def split_help(message: str) -> Tuple[str, str]:
    """(what is wrong, what to write instead): messages end with the advice after their
    last `; ` (e.g. "...; list the trusted origins instead."), not counting one inside
    backquotes or inside a parenthesis that closes after it (the "(Set in ...; judged
    in ...)" note of an inherited value). ("message", "") when there is no such clause."""
    quoted = False
    split = -1
    for index, char in enumerate(message):
        if char == "`":
            quoted = not quoted
        elif not quoted and char == ";" and message[index + 1:index + 2] == " ":
            rest = message[index:]
            if rest.count("(") >= rest.count(")"):
                split = index
    if split < 0:
        return message, ""
    advice = message[split + 2:].strip()
    return message[:split].rstrip() + ".", advice[:1].upper() + advice[1:]


def _expanded(text: str, col: int) -> int:
    return len(text[:col].expandtabs(TAB))


def _snippet(finding, lines: List[str], style: Style) -> List[str]:
    """Source lines around the range. A one-line range is underlined with `^`; a longer
    one is bracketed in the margin from its first to its last character (like ruff)."""
    span = finding.span
    first_line, last_line = span.start_line, max(span.end_line, span.start_line)
    first = max(1, first_line - CONTEXT)
    last = min(len(lines), last_line + CONTEXT)
    width = len(str(last))
    gutter = " " * width
    marker = SEVERITY_STYLE.get(finding.severity, "bold_red")

    def bar(number=None) -> str:
        return style("bold_blue", f"{gutter if number is None else f'{number:>{width}}'} |")

    def text_of(number: int) -> str:
        return lines[number - 1] if number <= len(lines) else ""

    out = [bar()]
    if first_line == last_line:
        for number in range(first, last + 1):
            out.append(f"{bar(number)} {text_of(number).expandtabs(TAB)}".rstrip())
            if number == first_line:
                text = text_of(number)
                start, end = _expanded(text, span.start_col), _expanded(text, span.end_col)
                out.append(f"{bar()} {' ' * start}{style(marker, '^' * max(1, end - start))}")
        out.append(bar())
        return out
    inside = list(range(first_line + 1, last_line + 1))
    hidden = set(inside[2:-2]) if len(inside) > MAX_SPAN_LINES else set()
    for number in range(first, last + 1):
        if number in hidden:
            if number == inside[2]:
                out.append(style("bold_blue", f"{'.' * width} |") + " " + style(marker, "|"))
            continue
        margin = style(marker, "| ") if first_line < number <= last_line else "  "
        out.append(f"{bar(number)} {margin}{text_of(number).expandtabs(TAB)}".rstrip())
        if number == first_line:
            out.append(f"{bar()}  {style(marker, '_' * (_expanded(text_of(number), span.start_col) + 1) + '^')}")
        elif number == last_line:
            end = max(1, _expanded(text_of(number), span.end_col))
            out.append(f"{bar()} {style(marker, '|' + '_' * end + '^')}")
    out.append(bar())
    return out


def _fix_diff(finding, context, style: Style) -> List[str]:
    fix = finding.fix
    out = [style("bold", f"{fix.applicability.capitalize()} fix") + f": {fix.message}"]
    paths = sorted({edit.path for edit in fix.edits}, key=lambda p: (p != finding.path, p))
    for path in paths:
        text = (getattr(context, "sources", None) or {}).get(path)
        if text is None:
            out.append(f"(edits {path}, not shown)")
            continue
        if path != finding.path:
            out.append(f"{path}:")
        out += _diff_lines(text, apply_edits(text, [e for e in fix.edits if e.path == path]), style)
    return out


def _diff_lines(text: str, after: str, style: Style) -> List[str]:
    out: List[str] = []
    old, new = text.splitlines(), after.splitlines()
    width = len(str(max(len(old), len(new))))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset in range(i2 - i1):
                    out.append(f"{i1 + offset + 1:>{width}} {j1 + offset + 1:>{width}} |  {old[i1 + offset]}".rstrip())
                continue
            for i in range(i1, i2):
                out.append(style("red", f"{i + 1:>{width}} {'':>{width}} |- {old[i]}".rstrip()))
            for j in range(j1, j2):
                out.append(style("green", f"{'':>{width}} {j + 1:>{width}} |+ {new[j]}".rstrip()))
    return out


def render_one(finding, context=None) -> str:
    style = style_of(context)
    span = finding.span
    fix = finding.fix
    unsafe_fixes = bool(getattr(context, "unsafe_fixes", False))
    fixable = fix is not None and fix.edits and (fix.applicability == "safe"
                                                 or (unsafe_fixes and fix.applicability == "unsafe"))
    body, advice = split_help(finding.message)
    code = style(SEVERITY_STYLE.get(finding.severity, "bold_red"), finding.code)
    out = [f"{code} {style('cyan', '[*] ') if fixable else ''}{style('bold', body)}",
           f"{style('bold_blue', ' -->')} {span.path}:{span.start_line}:{span.start_col + 1}"]
    lines = source_lines(context, finding.path)
    has_excerpt = lines is not None and span.start_line <= max(len(lines), 1)
    if has_excerpt:
        out += _snippet(finding, lines, style)
    if advice:
        out.append(f"{style('bold_cyan', 'help')}{style('bold', ':')} {advice}")
    if fix is not None and fix.edits and has_excerpt:
        out += _fix_diff(finding, context, style)
    elif fix is not None:
        out.append(style("bold", f"{fix.applicability.capitalize()} fix") + f": {fix.message}")
    return "\n".join(out) + "\n"


def render(findings, context=None) -> str:
    return "\n".join(render_one(f, context) for f in findings)

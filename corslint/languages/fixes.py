"""Fixes in Go and Rust files: the literal rewrites rules ask for (``ReplaceLiteral`` of a
string or an integer, ``RemoveElement`` of a list entry), realised on the file's text.

As in Python, an intent is realised only when the text at its span is exactly the literal
the rule saw; anything else (a name, a list of new entries, an intent kind this module
does not know) drops the fix. The fix loop then re-parses the fixed file with tree-sitter
(``source.check_syntax``) and reverts it if it no longer parses.
"""
from __future__ import annotations

import json
from typing import Dict, List, Tuple

from corslint.diagnostics import Edit
from corslint.fixes import intents as I
from corslint.fixes.intents import NotApplicable, realise_fixes


def _offsets(text: str, span) -> Tuple[int, int]:
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    if span.start_line - 1 >= len(starts) or span.end_line - 1 >= len(starts):
        raise NotApplicable("span outside the file")
    return starts[span.start_line - 1] + span.start_col, starts[span.end_line - 1] + span.end_col


def _edit(text: str, path: str, start: int, end: int, content: str) -> Edit:
    def point(offset: int) -> Tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1)

    (l1, c1), (l2, c2) = point(start), point(end)
    return Edit(path, l1, c1, l2, c2, content)


def _literal_value(written: str):
    from corslint.languages.go.values import go_int

    if len(written) >= 2 and written[0] == written[-1] == "`":
        return written[1:-1]
    if len(written) >= 2 and written[0] == written[-1] == '"':
        try:
            return json.loads(written)
        except ValueError:
            return None
    if written.isdigit() or written.replace("_", "").isdigit():
        return go_int(written)
    return None


def _without_comment(line: str) -> str:
    """A line without its `//` comment (a `//` inside a string literal is not one)."""
    quote = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote is not None:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = None
        elif char in ('"', "`"):
            quote = char
        elif line.startswith("//", index):
            return line[:index]
        index += 1
    return line


def _code_before(text: str, offset: int) -> str:
    """The code before ``offset``, without trailing blanks and line comments."""
    lines = text[:offset].split("\n")
    while lines:
        last = _without_comment(lines[-1]).rstrip()
        if last:
            return "\n".join(lines[:-1] + [last])
        lines.pop()
    return ""


def _render(new) -> str:
    if isinstance(new, bool) or not isinstance(new, (str, int)):
        raise NotApplicable("only strings and integers are rewritten")
    return str(new) if isinstance(new, int) else json.dumps(new, ensure_ascii=False)


def _replace_literal(text: str, intent: I.ReplaceLiteral) -> List[Edit]:
    start, end = _offsets(text, intent.span)
    written = text[start:end]
    if _literal_value(written) != intent.old:
        raise NotApplicable("the literal changed")
    if intent.element and _code_before(text, start)[-1:] not in (",", "{", "[", "("):
        raise NotApplicable("not a list element")
    return [_edit(text, intent.span.path, start, end, _render(intent.new))]


def _remove_element(text: str, intent: I.RemoveElement) -> List[Edit]:
    start, end = _offsets(text, intent.span)
    before = text[:start].rstrip(" \t")
    after_start = end
    rest = text[end:]
    stripped = rest.lstrip(" \t")
    if stripped.startswith(","):
        after_start = end + (len(rest) - len(stripped)) + 1
        tail = text[after_start:]
        after_start += len(tail) - len(tail.lstrip(" \t"))
        if before.endswith("\n") and text[after_start:after_start + 1] == "\n":
            start, after_start = len(before), after_start + 1  # the entry alone on its line
        return [_edit(text, intent.span.path, start, after_start, "")]
    if before.endswith(","):  # the last entry: remove the comma before it
        return [_edit(text, intent.span.path, len(before) - 1, end, "")]
    if before[-1:] in ("{", "[", "(") and stripped[:1] in ("}", "]", ")"):
        return [_edit(text, intent.span.path, start, end, "")]
    raise NotApplicable("not a list element")


def _append_element(text: str, intent: I.AppendElement) -> List[Edit]:
    """`[]string{"A"}` -> `[]string{"A", "B"}`; `vec!["A"]` and `["A"]` alike."""
    start, end = _offsets(text, intent.span)
    written = text[start:end]
    closing = written.rstrip()[-1:]
    opening = {"}": "{", "]": "[", ")": "("}.get(closing)
    if opening is None or opening not in written:
        raise NotApplicable("not a list literal")
    body_start = start + written.index(opening) + 1
    body_end = start + len(written.rstrip()) - 1
    inside = _without_comment(text[body_start:body_end]) if "\n" not in text[body_start:body_end] else None
    if inside is None:
        raise NotApplicable("a list over several lines")
    entry = json.dumps(intent.value, ensure_ascii=False)
    stripped = inside.rstrip()
    if not stripped.strip():
        return [_edit(text, intent.span.path, body_start, body_end, entry)]
    at = body_start + len(stripped)
    separator = " " if stripped.endswith(",") else ", "
    return [_edit(text, intent.span.path, at, at, f"{separator}{entry}")]


_REALISERS = {I.ReplaceLiteral: _replace_literal, I.RemoveElement: _remove_element,
              I.AppendElement: _append_element}


def materialise_foreign(findings: list, texts: Dict[str, str]) -> None:
    def realise(intent, finding):
        realiser = _REALISERS.get(type(intent))
        text = texts.get(getattr(intent, "span", finding.span).path)
        if realiser is None or text is None:
            raise NotApplicable(type(intent).__name__)
        return realiser(text, intent)

    realise_fixes(findings, realise, (IndexError,))

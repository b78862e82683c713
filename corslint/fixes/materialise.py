"""Turn fix intents into exact edits, using the file's text and CST.

Every intent states what must hold in the file (the literal's current value, the name
being renamed, the shape around a list element). When it does not hold, or the result
would not have the intended shape, the whole fix is dropped: a finding without a fix is
better than a fix that guesses.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import libcst as cst

from corslint.diagnostics import Edit, Fix
from corslint.fixes import intents as I
from corslint.fixes.text import LineIndex, newline_of, render_string, string_style
from corslint.policy import Span


class NotApplicable(Exception):
    """The intent does not hold in the file as written."""


class _FileView:
    """One parsed file: its text, line index, and nodes by position (built on demand)."""

    def __init__(self, module):
        self.module = module
        self.path = module.path
        self.text: str = module.source.text
        self.lines = LineIndex(self.text)
        self.newline = newline_of(self.text)
        self._by_range: Optional[Dict[Tuple[int, int], List[cst.CSTNode]]] = None
        self._parents: Optional[Dict[int, cst.CSTNode]] = None

    def offsets(self, span: Span) -> Tuple[int, int]:
        try:
            return self.lines.offset(span.start_line, span.start_col), self.lines.offset(span.end_line, span.end_col)
        except ValueError as exc:
            raise NotApplicable(str(exc)) from None

    def node_range(self, node: cst.CSTNode) -> Tuple[int, int]:
        rng = self.module.positions[node]
        return self.lines.offset(rng.start.line, rng.start.column), self.lines.offset(rng.end.line, rng.end.column)

    def nodes_at(self, span: Span) -> List[cst.CSTNode]:
        if self._by_range is None:
            self._by_range = {}
            for node, rng in self.module.positions.items():
                key = (self.lines.offset(rng.start.line, rng.start.column),
                       self.lines.offset(rng.end.line, rng.end.column))
                self._by_range.setdefault(key, []).append(node)
        return self._by_range.get(self.offsets(span), [])

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        if self._parents is None:
            self._parents = {}
            stack = [self.module.tree]
            while stack:
                current = stack.pop()
                for child in current.children:
                    self._parents[id(child)] = current
                    stack.append(child)
        return self._parents.get(id(node))

    def edit(self, start: int, end: int, content: str) -> Edit:
        start_line, start_col = self.lines.position(start)
        end_line, end_col = self.lines.position(end)
        return Edit(self.path, start_line, start_col, end_line, end_col, content)


def materialise_findings(findings: Iterable, module_for: Callable[[str], Optional[object]]) -> None:
    """Replace each finding's intents by edits, or drop its fix when they cannot be realised."""
    views: Dict[str, Optional[_FileView]] = {}

    def view_for(path: str) -> _FileView:
        if path not in views:
            module = module_for(path)
            views[path] = _FileView(module) if module is not None else None
        view = views[path]
        if view is None:
            raise NotApplicable(f"{path} is not available")
        return view

    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.intents:
            continue
        try:
            edits = list(fix.edits)
            for intent in fix.intents:
                edits.extend(realise(intent, view_for))
            edits = _sorted_unique(edits)
            for before, after in zip(edits, edits[1:]):
                if before.path == after.path and (after.start_line, after.start_col) < (before.end_line,
                                                                                        before.end_col):
                    raise NotApplicable("the fix's edits overlap")
            finding.fix = Fix(fix.message, fix.applicability, tuple(edits))
        except (NotApplicable, cst.ParserSyntaxError, RecursionError):
            finding.fix = None


def _sorted_unique(edits: List[Edit]) -> List[Edit]:
    return sorted(set(edits), key=lambda e: (e.path, e.start_line, e.start_col, e.end_line, e.end_col))


def realise(intent, view_for) -> List[Edit]:
    handler = _HANDLERS.get(type(intent))
    if handler is None:
        raise NotApplicable(f"unknown intent {type(intent).__name__}")
    return handler(intent, view_for(_span_of(intent).path))


def _span_of(intent) -> Span:
    return intent.call if isinstance(intent, I.AddKeyword) else intent.span


# ---------------------------------------------------------------- literals
def _render_like(node: cst.BaseExpression, value) -> str:
    """``value`` written in the style of the literal ``node``."""
    style = string_style(node.value) if isinstance(node, cst.SimpleString) else None
    if isinstance(value, list):
        return "[" + ", ".join(_render_like(node, item) for item in value) + "]"
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value) if style is None else render_string(str(value), *style)
    if isinstance(value, str):
        prefix, quote = style if style is not None else ("", '"')
        if "b" in prefix.lower():
            raise NotApplicable("bytes literal")
        return render_string(value, prefix, quote)
    raise NotApplicable(f"cannot write {type(value).__name__}")


def _evaluated(node: cst.BaseExpression):
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)):
        return node.evaluated_value
    raise NotApplicable("not a simple literal")


def _replace_literal(intent: I.ReplaceLiteral, view: _FileView) -> List[Edit]:
    start, end = view.offsets(intent.span)
    node = cst.parse_expression(view.text[start:end])
    if intent.element:
        written = [n for n in view.nodes_at(intent.span) if isinstance(view.parent(n), cst.Element)
                   and isinstance(view.parent(view.parent(n)), _SEQUENCES)]
        if not written:
            raise NotApplicable("the literal is not a list element")
    if _evaluated(node) != intent.old:
        raise NotApplicable("the literal has changed")
    content = _render_like(node, intent.new)
    check = cst.parse_expression(content)
    if not isinstance(intent.new, list) and _evaluated(check) != intent.new:
        raise NotApplicable("the new literal does not round-trip")
    return [view.edit(start, end, content)]


def _replace_text(intent: I.ReplaceText, view: _FileView) -> List[Edit]:
    start, end = view.offsets(intent.span)
    if intent.expected is not None and view.text[start:end] != intent.expected:
        raise NotApplicable("the text has changed")
    return [view.edit(start, end, intent.content.replace("\n", view.newline))]


# ---------------------------------------------------------------- names
def _rename(intent: I.RenameName, view: _FileView) -> List[Edit]:
    start, _ = view.offsets(intent.span)
    line_end = view.lines.line_end(start)
    first_line = view.text[start:line_end]
    match = re.search(r"(?<![\w.])" + re.escape(intent.old) + r"(?!\w)", first_line)
    if match is None or not intent.new.isidentifier():
        raise NotApplicable("the name is not where the option is set")
    return [view.edit(start + match.start(), start + match.end(), intent.new)]


# ---------------------------------------------------------------- sequence elements
_SEQUENCES = (cst.List, cst.Tuple, cst.Set)
_PLAIN_SEPARATOR = re.compile(r"[ \t]*,[ \t]*\Z")
_REST_OF_LINE = re.compile(r"[ \t]*,?[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)")


def _remove_element(intent: I.RemoveElement, view: _FileView) -> List[Edit]:
    for node in view.nodes_at(intent.span):
        element = view.parent(node)
        container = view.parent(element) if element is not None else None
        if isinstance(element, cst.Element) and element.value is node and isinstance(container, _SEQUENCES):
            return [_element_removal(view, container, element)]
    raise NotApplicable("no sequence element is written there")


def _element_removal(view: _FileView, container, element) -> Edit:
    """The first removal, from the tidiest to the plainest, that leaves a well-formed
    container of the same kind with one element fewer (no `("a")`, no `{}`)."""
    text = view.text
    elements = list(container.elements)
    index = next(i for i, e in enumerate(elements) if e is element)
    start, end = view.node_range(element.value)
    candidates: List[Tuple[int, int]] = []
    line_start = view.lines.line_start(start)
    rest = _REST_OF_LINE.match(text, end)
    if text[line_start:start].strip() == "" and rest is not None:
        candidates.append((line_start, rest.end()))  # the element stands alone on its lines
    if index > 0:
        previous_end = view.node_range(elements[index - 1].value)[1]
        if _PLAIN_SEPARATOR.match(text[previous_end:start]):
            candidates.append((previous_end, end))
    if index + 1 < len(elements):
        next_start = view.node_range(elements[index + 1].value)[0]
        if _PLAIN_SEPARATOR.match(text[end:next_start]):
            candidates.append((start, next_start))
    candidates.append((start, re.compile(r"[ \t]*,?").match(text, end).end()))
    candidates.append((start, end))
    c_start, c_end = view.node_range(container)
    for removal in candidates:
        snippet = text[c_start:removal[0]] + text[removal[1]:c_end]
        try:
            result = cst.parse_expression(snippet)
        except cst.ParserSyntaxError:
            continue
        if type(result) is type(container) and len(result.elements) == len(elements) - 1:
            return view.edit(removal[0], removal[1], "")
    raise NotApplicable("no removal leaves a container of the same kind")


def _move_element_first(intent: I.MoveElementFirst, view: _FileView) -> List[Edit]:
    element = container = None
    for node in view.nodes_at(intent.span):
        parent = view.parent(node)
        grand = view.parent(parent) if parent is not None else None
        if isinstance(parent, cst.Element) and parent.value is node and isinstance(grand, (cst.List, cst.Tuple)):
            element, container = parent, grand
            break
    if element is None:
        raise NotApplicable("no list element is written there")
    text = view.text
    elements = list(container.elements)
    index = next(i for i, e in enumerate(elements) if e is element)
    if index == 0:
        raise NotApplicable("already first")
    start, end = view.node_range(element.value)
    first_start = view.node_range(elements[0].value)[0]
    line_start, first_line_start = view.lines.line_start(start), view.lines.line_start(first_start)
    rest = _REST_OF_LINE.match(text, end)
    code = text[start:end]
    if text[line_start:start].strip() == "" and rest is not None and text[first_line_start:first_start].strip() == "":
        has_comma = text[end:rest.end()].lstrip(" \t").startswith(",")
        block = text[line_start:rest.end()] if has_comma else text[line_start:end] + "," + text[end:rest.end()]
        edits = [(first_line_start, first_line_start, block), (line_start, rest.end(), "")]
    else:
        previous_end = view.node_range(elements[index - 1].value)[1]
        if not _PLAIN_SEPARATOR.match(text[previous_end:start]):
            raise NotApplicable("the element's separators are not plain")
        edits = [(first_start, first_start, code + ", "), (previous_end, end, "")]
    c_start, c_end = view.node_range(container)
    snippet, cursor = [], c_start
    for e_start, e_end, content in edits:
        snippet += [text[cursor:e_start], content]
        cursor = e_end
    snippet.append(text[cursor:c_end])
    result = cst.parse_expression("".join(snippet))
    if type(result) is not type(container) or len(result.elements) != len(elements) \
            or cst.Module([]).code_for_node(result.elements[0].value) != code:
        raise NotApplicable("the move would change the list")
    return [view.edit(s, e, content) for s, e, content in edits]


# ---------------------------------------------------------------- statements
def _statement_range(view: _FileView, statement) -> Tuple[int, int]:
    start, end = view.node_range(statement)
    for decorator in getattr(statement, "decorators", ()):
        start = min(start, view.node_range(decorator)[0])
    return start, end


def _block_and_index(view: _FileView, span: Span):
    """The block (list of statements) and index of the statement containing ``span``."""
    target_start, target_end = view.offsets(span)
    best = None
    stack = [view.module.tree]
    while stack:
        node = stack.pop()
        body = None
        if isinstance(node, cst.Module):
            body = node.body
        elif isinstance(node, cst.IndentedBlock):
            body = node.body
        if body is not None:
            for index, statement in enumerate(body):
                start, end = _statement_range(view, statement)
                if start <= target_start and target_end <= end:
                    best = (node, index)  # deeper blocks come later and win
                    stack.append(statement)
            continue
        stack.extend(node.children)
    if best is None:
        raise NotApplicable("no statement there")
    return best


def _move_after(intent: I.MoveStatementAfter, view: _FileView) -> List[Edit]:
    block, index = _block_and_index(view, intent.span)
    anchor_block, anchor_index = _block_and_index(view, intent.anchor)
    if anchor_block is not block or anchor_index <= index:
        raise NotApplicable("the statements are not in one block in that order")
    statement = block.body[index]
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        raise NotApplicable("only a statement alone on its lines can move")
    text = view.text
    start, end = _statement_range(view, statement)
    line_start = view.lines.line_start(start)
    if text[line_start:start].strip():
        raise NotApplicable("the statement shares its line")
    line_end = view.lines.line_end(end)
    tail = text[end:line_end]
    if tail.strip() and not tail.strip().startswith("#"):
        raise NotApplicable("the statement shares its line")
    # Comment lines right above the statement (no blank line between) describe it: they move too.
    indent = text[line_start:start]
    while line_start > 0:
        previous_start = view.lines.line_start(line_start - 1)
        previous = text[previous_start:line_start].rstrip("\r\n")
        if not previous.startswith(indent + "#") or index == 0:
            break
        line_start = previous_start
    moved = text[line_start:line_end]
    _, anchor_end = _statement_range(view, anchor_block.body[anchor_index])
    insert_at = view.lines.line_end(anchor_end)
    if not moved.endswith(("\n", "\r")):
        raise NotApplicable("the statement ends the file")
    if insert_at == len(text) and not text.endswith(("\n", "\r")):
        moved = view.newline + moved.rstrip("\r\n")
    return [view.edit(line_start, line_end, ""), view.edit(insert_at, insert_at, moved)]


# ---------------------------------------------------------------- call arguments
def _add_keyword(intent: I.AddKeyword, view: _FileView) -> List[Edit]:
    call = next((n for n in view.nodes_at(intent.call) if isinstance(n, cst.Call)), None)
    if call is None:
        raise NotApplicable("no call there")
    if any(a.keyword is not None and a.keyword.value == intent.keyword for a in call.args):
        raise NotApplicable("the keyword is already given")
    if isinstance(intent.value, str):
        value = render_string(intent.value, "r" if intent.raw else "", '"')
    else:
        value = repr(intent.value)
    argument = f"{intent.keyword}={value}"
    text = view.text
    call_start, call_end = view.node_range(call)
    if not call.args:
        close = text.rindex(")", call_start, call_end)
        return [view.edit(close, close, argument)]
    last = call.args[-1]
    _, value_end = view.node_range(last.value)
    close = text.rindex(")", value_end, call_end)
    between = text[value_end:close]
    if isinstance(last.comma, cst.Comma) and ("\n" in between or "\r" in between):
        comma = value_end + between.index(",") + 1
        last_start = view.node_range(last)[0]
        line_start = view.lines.line_start(last_start)
        indent = text[line_start:last_start]
        break_at = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?=\r\n|\r|\n)").match(text, comma)
        if indent.strip() or break_at is None:
            raise NotApplicable("unusual argument layout")
        # After the last argument's line, comment included: `x=1,  # note` keeps its note.
        return [view.edit(break_at.end(), break_at.end(), f"{view.newline}{indent}{argument},")]
    return [view.edit(value_end, value_end, f", {argument}")]


_HANDLERS = {
    I.ReplaceLiteral: _replace_literal,
    I.ReplaceText: _replace_text,
    I.RenameName: _rename,
    I.RemoveElement: _remove_element,
    I.MoveStatementAfter: _move_after,
    I.MoveElementFirst: _move_element_first,
    I.AddKeyword: _add_keyword,
}

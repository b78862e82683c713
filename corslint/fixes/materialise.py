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

from corslint.diagnostics import Edit
from corslint.fixes import intents as I
from corslint.fixes.intents import NotApplicable, realise_fixes
from corslint.fixes.text import LineIndex, newline_of, render_string, string_style
from corslint.parsing.scopes import dotted_name, literal_value
from corslint.parsing.walk import nodes_of, statement_blocks, walk_statements
from corslint.policy import Span


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
        rng = self.module.position(node)
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

    realise_fixes(findings, lambda intent, _finding: realise(intent, view_for),
                  (cst.ParserSyntaxError, RecursionError))


def _reparse_with_edits(text: str, start: int, end: int, edits) -> cst.BaseExpression:
    """The expression at text[start:end] with the (start, end, replacement) edits applied,
    parsed again: fixes check the shape of the result before offering the edits."""
    pieces, cursor = [], start
    for e_start, e_end, content in edits:
        pieces += [text[cursor:e_start], content]
        cursor = e_end
    pieces.append(text[cursor:end])
    return cst.parse_expression("".join(pieces))


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
        return literal_value(node)
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
    word = re.compile(r"(?<![\w.])" + re.escape(intent.old) + r"(?!\w)")  # an escaped name, not a user pattern
    match = word.search(first_line)
    if match is None or not intent.new.isidentifier():
        raise NotApplicable("the name is not where the option is set")
    if intent.only_occurrence:
        if len(word.findall(view.text)) != 1 or re.search(r"(?<![\w.])" + re.escape(intent.new) + r"(?!\w)",
                                                               view.text):
            raise NotApplicable("the name is used elsewhere in the file")
        if match.start() != 0 or not re.match(r"[ \t]*(?::[^=]*)?=(?!=)", first_line[match.end():]):
            raise NotApplicable("not a plain assignment of the name")
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
    if intent.container is not None and view.node_range(container) != view.offsets(intent.container):
        raise NotApplicable("the element's list is not the whole setting")
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
    result = _reparse_with_edits(text, c_start, c_end, edits)
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
    blocks = [view.module.tree]
    while blocks:
        block = blocks.pop()
        for index, statement in enumerate(block.body):
            start, end = _statement_range(view, statement)
            if start <= target_start and target_end <= end:
                best = (block, index)  # deeper blocks come later and win
                blocks.extend(inner for inner in statement_blocks(statement) if isinstance(inner, cst.IndentedBlock))
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
    elif isinstance(intent.value, list) and all(isinstance(v, str) for v in intent.value):
        value = "[" + ", ".join(render_string(v, "", '"') for v in intent.value) + "]"
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


# ---------------------------------------------------------------- origin tests
# Where a comparison may stand without parentheses (its parent binds more loosely).
_LOOSE_PARENTS = (cst.If, cst.While, cst.BooleanOperation, cst.IfExp, cst.Assign, cst.AnnAssign, cst.Return,
                  cst.Arg, cst.Element, cst.Expr, cst.Assert, cst.NamedExpr)


def _replace_with_equality(intent: I.ReplaceWithEquality, view: _FileView) -> List[Edit]:
    operand = next(iter(view.nodes_at(intent.operand)), None)
    if operand is None:
        raise NotApplicable("no operand there")
    subject = None
    test = None
    for node in view.nodes_at(intent.span):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value in ("startswith", "endswith") and len(node.args) == 1 \
                and node.args[0].keyword is None and not node.args[0].star and node.args[0].value is operand:
            subject, test = node.func.value, node
        elif isinstance(node, cst.Comparison) and len(node.comparisons) == 1 \
                and isinstance(node.comparisons[0].operator, cst.In):
            left, right = node.left, node.comparisons[0].comparator
            if operand is left:
                subject, test = right, node
            elif operand is right:
                subject, test = left, node
    if test is None:
        raise NotApplicable("no prefix or substring test of that operand there")
    if not isinstance(operand, (cst.SimpleString, cst.ConcatenatedString, cst.Name, cst.Attribute)):
        raise NotApplicable("the operand needs parentheses")
    module = cst.Module([])
    subject_code = module.code_for_node(subject)
    if isinstance(subject, (cst.BooleanOperation, cst.Comparison, cst.IfExp, cst.Lambda, cst.NamedExpr,
                            cst.UnaryOperation)) and not subject.lpar:
        raise NotApplicable("the subject needs parentheses")
    content = f"{subject_code} == {module.code_for_node(operand)}"
    parent = view.parent(test)
    if test.lpar or not (isinstance(parent, _LOOSE_PARENTS)
                         or (isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not))):
        content = f"({content})" if not test.lpar else content
    start, end = view.node_range(test)
    if test.lpar:
        content = "(" * len(test.lpar) + content + ")" * len(test.rpar)
    check = cst.parse_expression(content)
    if not isinstance(check, cst.Comparison) or not isinstance(check.comparisons[0].operator, cst.Equal):
        raise NotApplicable("the result is not a plain equality")
    return [view.edit(start, end, content)]


# ---------------------------------------------------------------- sequences: append
def _append_element(intent: I.AppendElement, view: _FileView) -> List[Edit]:
    container = next((n for n in view.nodes_at(intent.span) if isinstance(n, (cst.List, cst.Tuple))), None)
    if container is None:
        raise NotApplicable("no list literal there")
    elements = list(container.elements)
    strings = [e.value for e in elements if isinstance(e.value, cst.SimpleString)]
    if len(strings) != len(elements):
        raise NotApplicable("the list holds more than plain strings")
    if any(literal_value(s).strip().lower() == intent.value.strip().lower() for s in strings):
        raise NotApplicable("already listed")
    prefix, quote = ("", '"')
    if strings:
        style = string_style(strings[-1].value)
        if style is None or "b" in style[0].lower():
            raise NotApplicable("unusual literal")
        prefix, quote = "".join(c for c in style[0] if c.lower() != "r"), style[1]
    literal = render_string(intent.value, prefix, quote)
    text = view.text
    c_start, c_end = view.node_range(container)
    close = c_end - 1 - len(container.rpar)
    while text[close] != ("]" if isinstance(container, cst.List) else ")"):
        close -= 1
    if not elements:
        if isinstance(container, cst.Tuple):
            literal += ","
        edits = [(close, close, literal)]
    else:
        last = elements[-1]
        _, value_end = view.node_range(last.value)
        between = text[value_end:close]
        has_comma = isinstance(last.comma, cst.Comma)
        if "\n" in between or "\r" in between:
            # One element per line: a new line in the same indentation, with a trailing comma.
            line_start = view.lines.line_start(view.node_range(last.value)[0])
            indent = text[line_start:view.node_range(last.value)[0]]
            if indent.strip():
                raise NotApplicable("unusual layout")
            break_at = re.compile(r"[ \t]*,?[ \t]*(?:#[^\r\n]*)?(?=\r\n|\r|\n)").match(text, value_end)
            if break_at is None:
                raise NotApplicable("unusual layout")
            edits = [] if has_comma else [(value_end, value_end, ",")]
            edits.append((break_at.end(), break_at.end(), f"{view.newline}{indent}{literal},"))
        elif has_comma:
            comma_end = value_end + between.index(",") + 1
            edits = [(comma_end, close, f" {literal}")] if not text[comma_end:close].strip() else None
            if edits is None:
                raise NotApplicable("unusual layout")
            if isinstance(container, cst.Tuple):
                edits = [(comma_end, close, f" {literal},")]
        else:
            edits = [(value_end, value_end, f", {literal}")]
    result = _reparse_with_edits(text, c_start, c_end, edits)
    if type(result) is not type(container) or len(result.elements) != len(elements) + 1 \
            or literal_value(result.elements[-1].value) != intent.value:
        raise NotApplicable("the list would not gain exactly that element")
    return [view.edit(s, e, content) for s, e, content in edits]


# ---------------------------------------------------------------- decorators
def _decorator_lines(view: _FileView, decorator: cst.Decorator) -> Tuple[int, int]:
    """The lines a decorator stands alone on (without its leading comments)."""
    start, end = view.node_range(decorator)
    line_start = view.lines.line_start(start)
    rest = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)").match(view.text, end)
    if view.text[line_start:start].strip() or rest is None:
        raise NotApplicable("the decorator shares its line")
    return line_start, rest.end()


def _move_decorator_below(intent: I.MoveDecoratorBelow, view: _FileView) -> List[Edit]:
    moved = next((n for n in view.nodes_at(intent.span) if isinstance(n, cst.Decorator)), None)
    anchor = next((n for n in view.nodes_at(intent.anchor) if isinstance(n, cst.Decorator)), None)
    if moved is None or anchor is None:
        raise NotApplicable("no decorators there")
    function = view.parent(moved)
    if function is None or view.parent(anchor) is not function:
        raise NotApplicable("not decorators of one function")
    decorators = list(function.decorators)
    if decorators.index(moved) >= decorators.index(anchor):
        raise NotApplicable("already below")
    if moved.leading_lines and any(line.comment is not None for line in moved.leading_lines):
        raise NotApplicable("a comment belongs to the decorator")
    m_start, m_end = _decorator_lines(view, moved)
    _, a_end = _decorator_lines(view, anchor)
    return [view.edit(m_start, m_end, ""), view.edit(a_end, a_end, view.text[m_start:m_end])]


# ---------------------------------------------------------------- Vary: Origin
_FAMILIES = {"flask": "werkzeug", "werkzeug": "werkzeug", "django": "django", "starlette": "starlette",
             "fastapi": "starlette", "aiohttp": "aiohttp", "tornado": "tornado"}


def _frameworks_imported(tree: cst.Module) -> set:
    found = set()
    for statement in walk_statements(tree.body):
        if isinstance(statement, cst.Import):
            tops = [dotted_name(alias.name).split(".")[0] for alias in statement.names]
        elif isinstance(statement, cst.ImportFrom) and statement.module is not None and not statement.relative:
            tops = [dotted_name(statement.module).split(".")[0]]
        else:
            continue
        found.update(_FAMILIES[top] for top in tops if top in _FAMILIES)
    return found


def _plain_receiver(node) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _write_form(small) -> Tuple[str, Optional[cst.BaseExpression]]:
    """How a statement writes a header: (form, receiver), see AddVaryOrigin."""
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if isinstance(target, cst.Subscript):
            holder = target.value
            if isinstance(holder, cst.Attribute) and holder.attr.value == "headers":
                return "headers-item", holder.value
            if isinstance(holder, cst.Name):
                return "item", holder
        if isinstance(target, cst.Attribute) and target.attr.value.startswith("access_control_"):
            return "property", target.value
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        func = small.value.func
        if isinstance(func, cst.Attribute):
            if func.attr.value in ("set", "add", "append", "setdefault", "__setitem__") \
                    and isinstance(func.value, cst.Attribute) and func.value.attr.value == "headers":
                return "headers-call", func.value.value
            if func.attr.value in ("set_header", "add_header"):
                return "tornado", func.value
    return "", None


_IDIOMS = {
    ("werkzeug", "headers-item"): "{r}.vary.add({q}Origin{q})",
    ("werkzeug", "headers-call"): "{r}.vary.add({q}Origin{q})",
    ("werkzeug", "property"): "{r}.vary.add({q}Origin{q})",
    ("starlette", "headers-item"): "{r}.headers.append({q}Vary{q}, {q}Origin{q})",
    ("starlette", "headers-call"): "{r}.headers.append({q}Vary{q}, {q}Origin{q})",
    ("aiohttp", "headers-item"): "{r}.headers.add({q}Vary{q}, {q}Origin{q})",
    ("aiohttp", "headers-call"): "{r}.headers.add({q}Vary{q}, {q}Origin{q})",
    ("django", "item"): "patch_vary_headers({r}, [{q}Origin{q}])",
    ("django", "headers-item"): "patch_vary_headers({r}, [{q}Origin{q}])",
    ("tornado", "tornado"): "{r}.add_header({q}Vary{q}, {q}Origin{q})",
}


def _mentions_vary(node) -> bool:
    for inner in nodes_of(node, (cst.SimpleString, cst.Name)):
        if isinstance(inner, cst.Name):
            if inner.value in ("vary", "patch_vary_headers"):
                return True
            continue
        try:
            if str(literal_value(inner)).strip().lower() == "vary":
                return True
        except Exception:
            pass
    return False


def _add_vary_origin(intent: I.AddVaryOrigin, view: _FileView) -> List[Edit]:
    written = view.nodes_at(intent.span)
    small = next((n for n in written if isinstance(n, (cst.Assign, cst.Call))), None)
    if small is None:
        raise NotApplicable("no header write there")
    if isinstance(small, cst.Call):
        small = view.parent(small)
    line = view.parent(small) if small is not None else None
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        raise NotApplicable("the write is not a statement of its own")
    form, receiver = _write_form(small)
    families = _frameworks_imported(view.module.tree)
    if receiver is None or len(families) != 1 or not _plain_receiver(receiver):
        raise NotApplicable("which framework's response this is, is not certain")
    family = next(iter(families))
    if form == "item" and "resp" not in cst.Module([]).code_for_node(receiver).lower():
        raise NotApplicable("`x[...] = ...` may be a plain dict of headers")
    idiom = _IDIOMS.get((family, form))
    if idiom is None:
        raise NotApplicable(f"no certain idiom for {family} ({form})")
    scope = view.parent(line)
    while scope is not None and not isinstance(scope, (cst.FunctionDef, cst.Module)):
        scope = view.parent(scope)
    if scope is None or _mentions_vary(scope):
        raise NotApplicable("the function writes Vary elsewhere")
    quotes = nodes_of(small, cst.SimpleString)
    quote = string_style(quotes[0].value)[1] if quotes else '"'
    quote = quote if len(quote) == 1 else '"'
    code = idiom.format(r=cst.Module([]).code_for_node(receiver), q=quote)
    text = view.text
    start, end = view.node_range(line)
    line_start = view.lines.line_start(start)
    indent = text[line_start:start]
    rest = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n|\Z)").match(text, end)
    if indent.strip() or rest is None:
        raise NotApplicable("the statement shares its line")
    insert_at = rest.end()
    addition = f"{indent}{code}{view.newline}"
    if insert_at == len(text) and not text.endswith(("\n", "\r")):
        addition = view.newline + addition.rstrip("\r\n")
    edits = [view.edit(insert_at, insert_at, addition)]
    if family == "django":
        edits.extend(_django_import(view))
    return edits


def _django_import(view: _FileView) -> List[Edit]:
    """`from django.utils.cache import patch_vary_headers`, unless the module has it."""
    imports = []
    for statement in view.module.tree.body:
        if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
            imports.append(statement)
        elif imports:
            break
        elif not (isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Expr)
                  and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))):
            break  # only a docstring may come before the imports
    names_code = cst.Module([]).code_for_node
    for statement in imports:
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative \
                    and names_code(small.module) == "django.utils.cache" and not isinstance(small.names, cst.ImportStar):
                if any(names_code(a.name) == "patch_vary_headers" and a.asname is None for a in small.names):
                    return []
    if re.search(r"(?<![\w.])patch_vary_headers(?!\w)", view.text):
        raise NotApplicable("patch_vary_headers is a name of this module already")
    if not imports:
        raise NotApplicable("no import block to add to")
    line = "from django.utils.cache import patch_vary_headers" + view.newline
    django = [s for s in imports if isinstance(s.body[0], cst.ImportFrom) and s.body[0].module is not None
              and not s.body[0].relative and names_code(s.body[0].module).split(".")[0] == "django"]
    for statement in django:
        if names_code(statement.body[0].module) > "django.utils.cache":
            at = view.lines.line_start(view.node_range(statement)[0])
            return [view.edit(at, at, line)]
    last = (django or imports)[-1]
    at = view.lines.line_end(view.node_range(last)[1])
    return [view.edit(at, at, line)]


_HANDLERS = {
    I.ReplaceLiteral: _replace_literal,
    I.ReplaceText: _replace_text,
    I.RenameName: _rename,
    I.RemoveElement: _remove_element,
    I.MoveStatementAfter: _move_after,
    I.MoveElementFirst: _move_element_first,
    I.AddKeyword: _add_keyword,
    I.ReplaceWithEquality: _replace_with_equality,
    I.AppendElement: _append_element,
    I.MoveDecoratorBelow: _move_decorator_below,
    I.AddVaryOrigin: _add_vary_origin,
}

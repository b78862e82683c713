"""CPython's view of a module, one top-level statement at a time, without keeping its tree.

CPython's tree of a module costs about 80 bytes of memory per byte of source: 160 MB for
a 2 MB generated settings module, 320 MB for one at the 4 MB size limit, all alive at
once when the text is parsed whole. What corslint needs from that tree is small: whether
CPython accepts the text, how deep each top-level statement nests (``parsing.safety``),
its lines, and, for ``parsing.slicing``, which names it binds and reads. A text above
``CHUNKED_ABOVE`` characters is therefore parsed in chunks of whole top-level statements
(about ``CHUNK_CHARS`` each): each chunk's tree is summarised into one small
:class:`TopLevel` per statement and dropped before the next chunk is parsed.

Where a chunk may end: before a line that starts in column 0 with something that can
begin a statement (not a comment, a closing bracket, or ``else``/``elif``/``except``/
``finally``, which continue the statement before them). A chunk is parsed on its own;
it starts where the previous chunk ended, so at a statement boundary of the whole text,
and CPython's tokenizer reads it exactly as it reads that part of the whole text. If it
parses, its end is a statement boundary too: an end inside a string, a bracket or a
backslash continuation leaves the chunk's last token unfinished (a SyntaxError), and the
line after it starts in column 0 with no statement to continue. A chunk that does not
parse is doubled until it does; one that reaches the end of the text without parsing
means the text itself has a syntax error, and the whole text is then parsed once for
CPython's own error (a text CPython rejects never becomes a tree, so that parse is cheap
in memory). Parsing a text's statements separately gives the same trees as parsing it
whole: CPython's grammar reads a module statement by statement, and nothing an earlier
statement says changes how a later one parses (``from __future__ import barry_as_FLUFL``,
the ``<>`` joke, could in some version: a text naming it is parsed whole). Should a chunk
be rejected all the same where the whole text parses, the whole text's tree is used.

Line numbers are the file's (each chunk's are offset by the lines before it) and columns
need no offset (every chunk starts at the start of a line).

A statement's depth (and, for slicing, the names it reads) is measured while its chunk
is parsed when the caller says it will be needed (``eager``); the others are measured
later, if ever, by parsing their chunk again (``Outline.measure``): each chunk at most
twice in all.
"""
from __future__ import annotations

import ast
import re
import warnings
from typing import Callable, List, Optional, Sequence, Set, Tuple

from corslint import budget

CHUNKED_ABOVE = 256 * 1024  # characters; smaller texts are parsed whole (tests set 0)
CHUNK_CHARS = 64 * 1024  # characters per chunk, about 5 MB of CPython's tree at a time

# A line break followed by a line that can start a top-level statement.
_BOUNDARY = re.compile(r"(?:\r\n?|\n)(?=[^\s#)\]}])(?!(?:else|elif|except|finally)\b)")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TopLevel:
    """One top-level statement of a module, summarised; CPython's tree is not kept."""

    __slots__ = ("first", "last", "binds", "chunk", "index", "depth", "reads")

    def __init__(self, first: int, last: int, binds: Optional[Tuple[str, ...]], chunk: int, index: int) -> None:
        self.first = first  # its first line (a definition's first decorator)
        self.last = last  # its last line
        self.binds = binds  # what the caller's ``binds`` said about it (slicing: names it only binds)
        self.chunk = chunk  # the chunk it was parsed in, and its place there
        self.index = index
        self.depth: Optional[int] = None  # nesting depth in the module (the module is 1); None: not measured
        self.reads: Optional[Set[str]] = None  # names it mentions (and identifiers in its strings)


Binds = Callable[[ast.stmt], Optional[Tuple[str, ...]]]
Eager = Callable[[int, TopLevel], bool]


class Outline:
    """The top-level statements of a text CPython accepts, and how to measure them."""

    def __init__(self, text: str, with_reads: bool, stop_above: int) -> None:
        self.text = text
        self.with_reads = with_reads  # measure the names each statement reads, besides its depth
        self.stop_above = stop_above  # depths are measured up to this much, and one more
        self.chunks: List[Tuple[int, int, int]] = []  # (begin, end, lines before begin)
        self.statements: List[TopLevel] = []

    def depth(self, statements: Sequence[TopLevel]) -> int:
        """The nesting depth of a module made of ``statements`` (an empty one is 1), up
        to one more than ``stop_above``."""
        self.measure(statements)
        return max((s.depth for s in statements), default=1)

    def measure(self, statements: Sequence[TopLevel]) -> None:
        """Give every one of ``statements`` its depth (and reads), parsing the chunks of
        those not measured yet again: each chunk once, all its statements measured."""
        chunks = sorted({s.chunk for s in statements if s.depth is None})
        for chunk in chunks:
            begin, end, _ = self.chunks[chunk]
            body = _parse(self.text[begin:end]).body
            for statement in self.statements_of(chunk):
                if statement.depth is None:
                    _measure(statement, body[statement.index], self.with_reads, self.stop_above)
            del body

    def statements_of(self, chunk: int) -> List[TopLevel]:
        statements = self.statements
        low, high = 0, len(statements)
        while low < high:  # the first statement of the chunk
            middle = (low + high) // 2
            if statements[middle].chunk < chunk:
                low = middle + 1
            else:
                high = middle
        found = []
        while low < len(statements) and statements[low].chunk == chunk:
            found.append(statements[low])
            low += 1
        return found


def read_outline(text: str, stop_above: int, binds: Optional[Binds] = None, eager: Optional[Eager] = None,
                 with_reads: bool = False) -> Outline:
    """The outline of ``text``; raises what ``ast.parse(text)`` raises (SyntaxError,
    ValueError, MemoryError, RecursionError) when CPython rejects it.

    ``binds(statement)`` is recorded for each statement; ``eager(position, statement)``
    says which statements are measured now (all when None); depths are measured up to
    ``stop_above`` (deeper ones stop there, deeper than it)."""
    outline = Outline(text, with_reads, stop_above)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" and friends: not ours to say
        if len(text) <= CHUNKED_ABOVE or "barry_as_FLUFL" in text or "\x00" in text:
            _add_chunk(outline, ast.parse(text).body, 0, len(text), 0, binds, eager)
            return outline
        begin, line, size = 0, 0, CHUNK_CHARS
        while begin < len(text):
            end = _boundary_after(text, begin + size)
            try:
                body = ast.parse(text[begin:end]).body
            except (SyntaxError, ValueError, MemoryError, RecursionError):
                if end < len(text):
                    size *= 2  # ended inside a statement (or the error is real): a longer chunk
                    continue
                return _whole(text, stop_above, binds, eager, with_reads)
            _add_chunk(outline, body, begin, end, line, binds, eager)
            del body
            budget.check()
            line += _line_breaks(text, begin, end)
            begin, size = end, CHUNK_CHARS
    return outline


def _whole(text: str, stop_above: int, binds, eager, with_reads: bool) -> Outline:
    """The outline of a text one chunk of which CPython rejects: parsed whole, for
    CPython's own SyntaxError (or, should it accept the whole, for its tree)."""
    tree = ast.parse(text)
    outline = Outline(text, with_reads, stop_above)
    _add_chunk(outline, tree.body, 0, len(text), 0, binds, None)  # all measured: never parsed again
    return outline


def _add_chunk(outline: Outline, body, begin: int, end: int, line: int, binds, eager) -> None:
    chunk = len(outline.chunks)
    outline.chunks.append((begin, end, line))
    statements = outline.statements
    for index, node in enumerate(body):
        first = node.lineno
        for decorator in getattr(node, "decorator_list", ()):
            first = min(first, decorator.lineno)
        statement = TopLevel(first + line, (node.end_lineno or node.lineno) + line,
                             binds(node) if binds is not None else None, chunk, index)
        if eager is None or eager(len(statements), statement):
            _measure(statement, node, outline.with_reads, outline.stop_above)
        statements.append(statement)


def _boundary_after(text: str, offset: int) -> int:
    """The first place at or after ``offset`` where a chunk may end (or the text's end)."""
    if offset >= len(text):
        return len(text)
    found = _BOUNDARY.search(text, max(offset - 1, 0))
    return found.end() if found else len(text)


def _line_breaks(text: str, begin: int, end: int) -> int:
    """Line breaks in text[begin:end] as CPython counts them ("\\r\\n", "\\r", "\\n")."""
    return text.count("\n", begin, end) + text.count("\r", begin, end) - text.count("\r\n", begin, end)


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def _measure(statement: TopLevel, node: ast.stmt, with_reads: bool, stop_above: int) -> None:
    """The statement's depth in the module (the module is 1, so a statement is 2 at least)
    without recursion, stopping once deeper than ``stop_above``; and, with ``with_reads``,
    every name it mentions and the identifiers in its strings (``getattr(module, "NAME")``)."""
    deepest = 0
    stack = [(node, 2)]
    iter_children = ast.iter_child_nodes
    reads: Optional[Set[str]] = set() if with_reads else None
    visited = 0
    while stack:
        node, depth = stack.pop()
        visited += 1
        if not visited & 0x3FFF:  # every 16,384 nodes: a module's budget may run out here
            budget.check()
        if depth > deepest:
            deepest = depth
            if deepest > stop_above:
                break
        if reads is not None:
            if isinstance(node, ast.Name):
                reads.add(node.id)
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, str) and len(node.value) < 10_000:
                    reads.update(_IDENTIFIER.findall(node.value))
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                reads.update(node.names)
        depth += 1
        stack.extend((child, depth) for child in iter_children(node))
    statement.depth = deepest
    statement.reads = reads

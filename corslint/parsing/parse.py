"""Stage 2: parse a candidate file with libcst and give extractors positions and source text.

libcst is imported here and only here, so a run whose files all fail the byte prefilter
never pays for importing it.
"""
from __future__ import annotations

import contextlib
import gc
import re
import sys
import threading
from dataclasses import dataclass
from typing import Dict, List, Optional

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

from corslint import budget
from corslint.policy import Span


@dataclass
class SourceFile:
    path: str  # as shown to the user (relative to the current folder where possible)
    abspath: Optional[str]
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"


class ParseFailure(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


class FileRefused(ParseFailure):
    """The file was not parsed for its size or depth (see corslint.parsing.safety): an error for
    that file (exit 2), not a syntax error; callers that only know ParseFailure treat it
    as a module that could not be parsed."""


class NestedTooDeeply(ParseFailure, RecursionError):
    """Positions could not be computed. The engine reports it like a parse failure
    (COR001), as it did when positions were computed right after parsing; the value
    resolver, which treats a RecursionError as "unknown", sees an unknown value."""


class ParsedModule:
    """A parsed module with positions, and the facts extractors share (imports, scopes)."""

    def __init__(self, source: SourceFile, tree: cst.Module, module_name: Optional[str] = None):
        self.source = source
        self.tree = tree
        self.module_name = module_name
        self._positions = None  # every node's range, once something needs them all
        self._placed: Dict[int, object] = {}  # id(node) -> CodeRange, from targeted passes
        self._pending: List[cst.CSTNode] = []  # nodes of unplaced DeferredSpans
        self._kept: List[cst.CSTNode] = []  # the placed nodes, kept so that their ids stay theirs
        self._passes = 0
        self._scopes = None
        self.sliced = None  # a parsing.slicing.Slice when only part of the module was parsed

    @property
    def positions(self):
        """Node -> CodeRange, computed on first use: most parsed modules (candidates with
        no policy, modules imported for one value) never need a position, and computing
        them is a full code generation of the module, costing more than the parse."""
        if self._positions is None:
            try:
                self._positions = compute_positions(self.tree)
            except RecursionError:
                raise NestedTooDeeply(1, 0, "the file is nested too deeply to analyse") from None
        return self._positions

    def position(self, node: cst.CSTNode):
        """One node's CodeRange, exactly as libcst's PositionProvider gives it.

        Until every position is needed (``positions``), nodes are placed by targeted
        passes (``compute_positions_of``): a plain code generation that records ranges
        only for the nodes asked for and for every span handed out and not yet placed,
        so that one pass usually places all a policy reads (a 10,000-origin list). A
        module that asks again (a flow analysis reading statement after statement) gets
        every position at once on the second request: at most one plain code generation
        (about a fifth of the positions' cost) more than computing them all at first.
        Raises KeyError for a node that is not in the module."""
        if self._positions is not None:
            return self._positions[node]
        found = self._placed.get(id(node))
        if found is not None:
            return found
        if self._passes >= TARGETED_PASSES:
            return self.positions[node]
        return self._targeted_pass([node])[node]

    def _targeted_pass(self, nodes):
        targets = [n for n in self._pending if id(n) not in self._placed]
        targets.extend(nodes)
        self._pending = []
        self._passes += 1
        try:
            placed = compute_positions_of(self.tree, targets)
        except RecursionError:
            raise NestedTooDeeply(1, 0, "the file is nested too deeply to analyse") from None
        for target in targets:
            rng = placed.get(target)
            if rng is not None and id(target) not in self._placed:
                self._placed[id(target)] = rng
                self._kept.append(target)
        return placed

    def place_pending(self) -> None:
        """Place every span handed out so far (one pass), so that a module too deep to
        place is reported while its file is analysed."""
        if self._positions is None and self._pending:
            self.position(self._pending[-1])

    @property
    def path(self) -> str:
        return self.source.path

    def span(self, node: cst.CSTNode) -> Span:
        if self._positions is None:
            rng = self._placed.get(id(node))
            if rng is None:
                self._pending.append(node)
                return DeferredSpan(self, node)  # placed when first read: most never are
        else:
            rng = self._positions[node]
        return Span(self.path, rng.start.line, rng.start.column, rng.end.line, rng.end.column)

    def code(self, node: cst.CSTNode) -> str:
        return self.tree.code_for_node(node)

    @property
    def scopes(self):
        if self._scopes is None:
            from corslint.parsing.scopes import ScopeIndex

            self._scopes = ScopeIndex(self.tree)
        return self._scopes


_PLACED_FIELDS = ("start_line", "start_col", "end_line", "end_col")


class DeferredSpan(Span):
    """A node's span whose lines and columns are computed on first use.

    Positions cost a code generation of the whole module. The resolver gives every value
    a span, and most values never reach a finding or a policy (an imported module read
    for one name, a candidate with no CORS policy): their modules' positions are then
    never computed. Reading a line or column, comparing, hashing, the cache and the
    worker processes (``plain()``, pickling) place the span."""

    def __init__(self, module: "ParsedModule", node: cst.CSTNode):  # noqa: D107 - a frozen dataclass
        object.__setattr__(self, "path", module.path)
        object.__setattr__(self, "_source", (module, node))

    def __getattr__(self, name: str):
        if name in _PLACED_FIELDS:
            module, node = self.__dict__["_source"]
            try:
                rng = module.position(node)
                place = (rng.start.line, rng.start.column, rng.end.line, rng.end.column)
            except (ParseFailure, RecursionError):
                # Its module nests too deeply to place anything in it (the engine reports
                # that for the file it analyses); the module's first line stands in.
                place = (1, 0, 1, 0)
            for field_name, value in zip(_PLACED_FIELDS, place):
                object.__setattr__(self, field_name, value)
            return self.__dict__[name]
        raise AttributeError(name)

    def __reduce__(self):
        return Span, self.key()

    def __repr__(self) -> str:
        return repr(self.plain())


TARGETED_PASSES = 1  # targeted passes over one module before every position is computed
_NULL_CONTEXT = contextlib.nullcontext()


class _TargetedPositions(CodegenState):
    """libcst's PositionProvidingCodegenState, recording only the target nodes.

    The same code generation as ``module.code`` (no line and column bookkeeping per
    token, no context manager per node): a target's start and end are kept as token
    counts and turned into lines and columns afterwards, token by token with the
    provider's own newline rule, so every range is the provider's. The logic of
    ``before_codegen``/``after_codegen``/``record_syntactic_position`` is the
    provider's, restricted to the targets (and the child nodes a target's syntactic
    range is hoisted from)."""

    def __init__(self, tree: cst.Module, targets) -> None:
        super().__init__(default_indent=tree.default_indent, default_newline=tree.default_newline)
        self.wanted = {id(node) for node in targets}
        self.starts: Dict[int, List[int]] = {}
        self.ranges: Dict[cst.CSTNode, List[int]] = {}  # node -> [start token, end token]

    def pop_trailing_newline(self) -> None:
        pass  # the provider does not take the popped newline back from its line count

    def before_codegen(self, node) -> None:
        if id(node) in self.wanted:
            self.starts.setdefault(id(node), []).append(len(self.tokens))

    def after_codegen(self, node) -> None:
        if id(node) in self.wanted:
            start = self.starts[id(node)].pop()
            if node not in self.ranges:
                self.ranges[node] = [start, len(self.tokens)]

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        if id(node) not in self.wanted:
            return _NULL_CONTEXT
        for hoisted in (start_node, end_node):
            if hoisted is not None:
                self.wanted.add(id(hoisted))
        return _Recording(self, node, start_node, end_node)


class _Recording:
    """The provider's ``record_syntactic_position`` for one target (a plain context
    manager: cheaper than a generator-based one)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _TargetedPositions, node, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = len(self.state.tokens)

    def __exit__(self, *exc) -> None:
        ranges = self.state.ranges
        start = ranges[self.start_node][0] if self.start_node is not None else self.start
        end = ranges[self.end_node][1] if self.end_node is not None else len(self.state.tokens)
        ranges[self.node] = [start, end]


def compute_positions_of(tree: cst.Module, targets) -> Dict[cst.CSTNode, CodeRange]:
    """PositionProvider's CodeRange for each of ``targets`` (nodes of ``tree``) without
    computing the others: about a fifth of the cost of every position."""
    state = _TargetedPositions(tree, targets)
    tree._codegen(state)
    marks = sorted({mark for rng in state.ranges.values() for mark in rng})
    at: Dict[int, CodePosition] = {}
    tokens = state.tokens
    line, column, done = 1, 0, 0
    for mark in marks:
        chunk = "".join(tokens[done:mark])
        if "\r" in chunk:  # the provider splits token by token: "\r" + "\n" would be two
            for token in tokens[done:mark]:
                segments = _NEWLINE.split(token)
                if len(segments) == 1:
                    column += len(token)
                else:
                    line += len(segments) - 1
                    column = len(segments[-1])
        else:
            newlines = chunk.count("\n")
            if newlines:
                line += newlines
                column = len(chunk) - chunk.rfind("\n") - 1
            else:
                column += len(chunk)
        done = mark
        at[mark] = CodePosition(line, column)
    wanted = {id(node) for node in targets}
    return {node: CodeRange(at[start], at[end]) for node, (start, end) in state.ranges.items()
            if id(node) in wanted}


_NEWLINE = re.compile(r"\r\n?|\n")


def compute_positions(tree: cst.Module):
    """libcst's PositionProvider for every node of ``tree``, without MetadataWrapper.

    ``MetadataWrapper.resolve(PositionProvider)`` also runs a batched visit over the
    whole tree with no visitors in it, which costs about as much as the position
    computation itself. The provider's own pass is called directly instead; should a
    libcst release change that private interface, the wrapper is used (same result).
    """
    try:
        provider = PositionProvider()
        provider._gen_impl(tree)
        positions = provider._computed
        if positions:
            return positions
    except (AttributeError, TypeError):  # pragma: no cover - a changed libcst internal
        pass
    return MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)  # pragma: no cover


# A tree from a text this large is spared the collector's passes while its file is analysed.
SPARE_ABOVE = 64 * 1024  # characters


class _Sparing:
    """How many analyses in this process spare their trees (the collector is one per
    process), and whether objects are frozen for them."""

    lock = threading.Lock()
    active = 0
    frozen = False


@contextlib.contextmanager
def trees_spared():
    """Leave the syntax trees of large modules parsed in this block out of the cyclic
    garbage collector's passes (``gc.freeze`` after each such parse), until the block ends.

    A libcst tree holds no reference cycles, so the collector never frees any of it, yet
    each of its full passes visits every node: while a 1 MB module is analysed, the
    positions, scopes and values built around its tree trigger such passes again and
    again (about a third of the analysis's CPU time). Frozen objects are only left alone,
    not kept: when the last such block in the process ends, ``gc.unfreeze`` returns them
    all (garbage made meanwhile included) to the collector."""
    with _Sparing.lock:
        _Sparing.active += 1
    try:
        yield
    finally:
        with _Sparing.lock:
            _Sparing.active -= 1
            if not _Sparing.active and _Sparing.frozen:
                _Sparing.frozen = False
                gc.unfreeze()


def _spare(tree_text: str) -> None:
    if len(tree_text) > SPARE_ABOVE and _Sparing.active:
        with _Sparing.lock:
            if _Sparing.active:
                gc.freeze()
                _Sparing.frozen = True


def parse_source(source: SourceFile, module_name: Optional[str] = None, may_slice: bool = False) -> ParsedModule:
    """Parse with libcst, after corslint.parsing.safety has checked the file is safe to parse:
    libcst's native parser can crash the process (stack overflow) on deep nesting.

    ``may_slice``: a module above ``slicing.SLICE_ABOVE`` characters is parsed without the
    statements nothing CORS-related can depend on (``corslint.parsing.slicing``); the
    module's ``sliced`` then says how many statements were kept."""
    from corslint.parsing import slicing
    from corslint.parsing.safety import (EXCLUDE_HINT, Refused, check_depth, check_text, gc_paused, lexically_shallow,
                                         prefer_cpython_message)

    text, sliced = source.text, None
    plan = slicing.Plan.for_text(text) if may_slice and len(text) > slicing.SLICE_ABOVE else None
    outlines: list = []
    try:
        cpython = check_text(text, outlines, plan)
    except Refused as exc:
        raise FileRefused(1, 0, str(exc)) from None
    budget.check()  # libcst's parse is one uninterruptible step: not begun once the budget is spent
    if cpython is not None and not lexically_shallow(text):
        # CPython rejected it and it is too deep to hand to libcst: CPython's word stands.
        if cpython.tokenizer_level or sys.version_info >= (3, 12):
            raise ParseFailure(cpython.line, cpython.column, cpython.message)
        raise FileRefused(1, 0, f"Python {sys.version_info[0]}.{sys.version_info[1]} cannot parse the file "
                                f"({cpython.message}, line {cpython.line}) and it nests too deeply to try "
                                f"libcst's newer grammar safely, so it was not checked; {EXCLUDE_HINT}")
    if outlines:
        outline = outlines.pop()
        checked = outline.statements
        sliced = slicing.slice_module(text, outline, plan)
        if sliced is not None:
            text = sliced.text
            checked = sliced.statements
        try:
            check_depth(outline, checked)  # on what libcst is given
        except Refused as exc:
            raise FileRefused(1, 0, str(exc)) from None
        if sliced is not None:
            sliced.statements = []  # CPython's outline is not kept with the module
        del outline, checked
    try:
        with gc_paused():
            tree = cst.parse_module(text)
            _spare(text)  # before the collector, resumed, visits the new tree once more
    except cst.ParserSyntaxError as exc:
        message = str(exc.message) if hasattr(exc, "message") else str(exc)
        line, column = _libcst_position(exc, message)
        if cpython is not None and prefer_cpython_message(cpython, line):
            raise ParseFailure(cpython.line, cpython.column, cpython.message) from None
        raise ParseFailure(line, column, message.strip().splitlines()[0]) from None
    except RecursionError:
        if cpython is not None:
            raise ParseFailure(cpython.line, cpython.column, cpython.message) from None
        raise FileRefused(1, 0, "the file is nested too deeply for libcst to parse (Python itself accepts it), "
                                f"so it was not checked; {EXCLUDE_HINT}") from None
    module = ParsedModule(source, tree, module_name)
    module.sliced = sliced
    return module


_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def _libcst_position(exc, message: str):
    """Where libcst's native parser stopped: its message says ("error at 12:81"), while
    ``raw_line``/``raw_column`` often point at the start of the statement instead."""
    found = _ERROR_AT.search(message)
    if found:
        return int(found.group(1)), int(found.group(2))
    return exc.raw_line, exc.raw_column

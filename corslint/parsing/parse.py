"""Stage 2: parse a candidate file with libcst and give extractors positions and source text.

libcst is imported here and only here, so a run whose files all fail the byte prefilter
never pays for importing it.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Optional

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

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
        self._positions = None
        self._scopes = None

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

    @property
    def path(self) -> str:
        return self.source.path

    def span(self, node: cst.CSTNode) -> Span:
        if self._positions is None:
            return DeferredSpan(self, node)  # placed when first read: most never are
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
                rng = module.positions[node]
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


def parse_source(source: SourceFile, module_name: Optional[str] = None) -> ParsedModule:
    """Parse with libcst, after corslint.parsing.safety has checked the file is safe to parse:
    libcst's native parser can crash the process (stack overflow) on deep nesting."""
    from corslint.parsing.safety import EXCLUDE_HINT, Refused, check_text, lexically_shallow, prefer_cpython_message

    try:
        cpython = check_text(source.text)
    except Refused as exc:
        raise FileRefused(1, 0, str(exc)) from None
    budget.check()  # libcst's parse is one uninterruptible step: not begun once the budget is spent
    if cpython is not None and not lexically_shallow(source.text):
        # CPython rejected it and it is too deep to hand to libcst: CPython's word stands.
        if cpython.tokenizer_level or sys.version_info >= (3, 12):
            raise ParseFailure(cpython.line, cpython.column, cpython.message)
        raise FileRefused(1, 0, f"Python {sys.version_info[0]}.{sys.version_info[1]} cannot parse the file "
                                f"({cpython.message}, line {cpython.line}) and it nests too deeply to try "
                                f"libcst's newer grammar safely, so it was not checked; {EXCLUDE_HINT}")
    try:
        tree = cst.parse_module(source.text)
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
    return ParsedModule(source, tree, module_name)


_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def _libcst_position(exc, message: str):
    """Where libcst's native parser stopped: its message says ("error at 12:81"), while
    ``raw_line``/``raw_column`` often point at the start of the statement instead."""
    found = _ERROR_AT.search(message)
    if found:
        return int(found.group(1)), int(found.group(2))
    return exc.raw_line, exc.raw_column

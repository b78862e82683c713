"""Walks over a libcst tree without a visitor: statements block by block, or nodes of a kind.

A statement never sits inside an expression, so whoever looks for statements (imports,
classes, functions, assignments) walks statement blocks only and skips the expressions,
which are most of a large module's nodes (a 10,000-origin list). One reading of what a
compound statement's blocks are serves every such walk.
"""
from __future__ import annotations

from typing import Iterable, Iterator, List, Sequence, Tuple, Type, Union

import libcst as cst

# The clauses of a compound statement that hold blocks of their own: `elif`, `else`,
# `except`, `except*`, `finally` and `case` (never its test or target expressions).
_CLAUSES = tuple(getattr(cst, name) for name in (
    "If", "Else", "ExceptHandler", "ExceptStarHandler", "Finally", "MatchCase") if hasattr(cst, name))


def statement_blocks(node: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    """The statement blocks of a compound statement (a function's or class's body too):
    body, elif and else, except, finally, cases."""
    for child in node.children:
        if isinstance(child, cst.BaseSuite):
            yield child
        elif isinstance(child, _CLAUSES):
            yield from statement_blocks(child)


def suite_statements(suite: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    """The statements of a block: an indented block's, or a one-line suite (`if x: a; b`)
    as one statement holding its small statements."""
    return suite.body if isinstance(suite, cst.IndentedBlock) else (suite,)


def walk_statements(statements: Iterable[cst.CSTNode], into_scopes: bool = True,
                    lines: bool = False) -> Iterator[cst.CSTNode]:
    """Every statement of ``statements`` and of the blocks of compound ones, in source
    order: a compound statement before its blocks (an `elif` is a clause of its `if`), a
    simple statement line (or one-line suite) as its small statements, or whole with
    ``lines``. Functions' and classes' bodies are walked unless ``into_scopes`` is false;
    expressions never are."""
    for statement in statements:
        if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            if lines:
                yield statement
            else:
                yield from statement.body
            continue
        yield statement
        if into_scopes or not isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            for block in statement_blocks(statement):
                yield from walk_statements(suite_statements(block), into_scopes, lines)


def nodes_of(node: cst.CSTNode, kind: Union[Type, Tuple[Type, ...]]) -> List[cst.CSTNode]:
    """Every node of type ``kind`` under ``node`` (itself included), in source order.

    A plain walk over ``children``: ``libcst.matchers.findall`` would do the same, but
    importing ``libcst.matchers`` costs about 0.3 s of start-up in every run, and a
    visitor class costs a method lookup per node."""
    found: List[cst.CSTNode] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, kind):
            found.append(current)
        pending.extend(reversed(current.children))
    return found

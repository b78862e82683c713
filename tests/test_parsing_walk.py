"""The shared walks (corslint.parsing.walk) find what a full visit finds, in the same order:
the statement walk without visiting expressions, nodes_of without a visitor class."""
from pathlib import Path

import libcst as cst

from tests.test_large_config_paths import NESTED
from corslint.parsing.walk import nodes_of, statement_blocks, suite_statements, walk_statements

ROOT = Path(__file__).resolve().parent.parent


class _Statements(cst.CSTVisitor):
    """Every statement (compound and small) of a full visit: the reference."""

    def __init__(self, into_scopes: bool):
        super().__init__()
        self.into_scopes, self.found = into_scopes, []
        self.elifs = set()  # an `elif` is a clause of its `if`, not a statement of its own

    def on_visit(self, node):
        if isinstance(node, cst.If) and isinstance(node.orelse, cst.If):
            self.elifs.add(id(node.orelse))
        if isinstance(node, (cst.BaseCompoundStatement, cst.BaseSmallStatement)) and id(node) not in self.elifs:
            self.found.append(node)
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and not self.into_scopes:
                return False
        return True


def _same(tree) -> int:
    for into_scopes in (True, False):
        visited = _Statements(into_scopes)
        tree.visit(visited)
        walked = list(walk_statements(tree.body, into_scopes))
        assert [id(n) for n in walked] == [id(n) for n in visited.found]
    return len(walked)


def test_the_walk_finds_what_a_visit_finds():
    tree = cst.parse_module(NESTED + "class K:\n    def g(self): import os; X = 1\n")
    assert _same(tree) > 20
    lines = list(walk_statements(tree.body, lines=True))
    assert [type(n).__name__ for n in lines][:3] == ["SimpleStatementLine", "SimpleStatementLine", "If"]
    assert [n for n in lines if isinstance(n, cst.BaseSmallStatement)] == []
    inside = [n for n in walk_statements(tree.body) if isinstance(n, cst.Import)]
    assert len(inside) == 1 and not [n for n in walk_statements(tree.body, False) if isinstance(n, cst.Import)]


def test_the_walk_on_every_fixture():
    checked = 0
    for path in sorted((ROOT / "testdata").rglob("*.py")):
        try:
            _same(cst.parse_module(path.read_bytes()))
        except (cst.ParserSyntaxError, RecursionError, SyntaxError, UnicodeDecodeError):
            continue  # the reference visit cannot read it either
        checked += 1
    assert checked > 100


def test_blocks_of_every_clause():
    statement = cst.parse_module(
        "try:\n    a = 1\nexcept E:\n    b = 2\nelse:\n    c = 3\nfinally: d = 4\n").body[0]
    blocks = list(statement_blocks(statement))
    assert [type(b).__name__ for b in blocks] == ["IndentedBlock", "IndentedBlock", "IndentedBlock",
                                                  "SimpleStatementSuite"]
    assert [len(suite_statements(b)) for b in blocks] == [1, 1, 1, 1]


class _Kinds(cst.CSTVisitor):
    def __init__(self, kind):
        super().__init__()
        self.kind, self.found = kind, []

    def on_visit(self, node):
        if isinstance(node, self.kind):
            self.found.append(node)
        return True


def test_nodes_of_a_kind_as_a_visit_finds_them():
    checked = 0
    for path in sorted((ROOT / "testdata").rglob("*.py"))[:150]:
        for kind in (cst.SimpleString, (cst.Call, cst.Name), cst.Module):
            try:
                tree = cst.parse_module(path.read_bytes())
                visited = _Kinds(kind)
                tree.visit(visited)
            except (cst.ParserSyntaxError, RecursionError, SyntaxError, UnicodeDecodeError):
                continue
            assert [id(n) for n in nodes_of(tree, kind)] == [id(n) for n in visited.found]
            checked += 1
    assert checked > 100

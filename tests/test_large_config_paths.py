"""The shortcuts that make large configurations cheap give what the slow paths gave."""
from pathlib import Path

import libcst as cst

from corslint.frameworks.django import _OwnFacts

ROOT = Path(__file__).resolve().parent.parent


class _VisitedOwnFacts(cst.CSTVisitor):
    """The Django extractor's former visitor over every node: the reference."""

    def __init__(self):
        super().__init__()
        self.cors_names, self.star_imports, self.settings_assigned = [], [], False

    def visit_FunctionDef(self, node):
        return False

    def visit_ClassDef(self, node):
        return False

    def visit_Assign(self, node):
        for target in node.targets:
            self._target(target.target, node)

    def visit_AnnAssign(self, node):
        self._target(node.target, node)

    def visit_AugAssign(self, node):
        self._target(node.target, node)

    def visit_Expr(self, node):
        call = node.value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                and isinstance(call.func.value, cst.Name):
            self._target(call.func.value, node)

    def _target(self, target, node):
        if isinstance(target, cst.Name) and target.value.isupper():
            self.settings_assigned = True
            if target.value.startswith("CORS_") or target.value in ("MIDDLEWARE", "INSTALLED_APPS"):
                self.cors_names.append(node)

    def visit_ImportFrom(self, node):
        if isinstance(node.names, cst.ImportStar):
            self.star_imports.append(node)


NESTED = '''
from base import *
CORS_A = 1; X = 2
if DEBUG: CORS_B = 3
try:
    from local import *
except ImportError as e:
    CORS_C: list = []
else:
    MIDDLEWARE += ["m"]
finally:
    INSTALLED_APPS.append("corsheaders")
with ctx() as c:
    for i in x:
        CORS_D = i
    else:
        CORS_E = 0
    while y:
        CORS_F = 1
match MODE:
    case "prod" if ok:
        CORS_G = 2
    case _:
        lowercase = 1
def f():
    CORS_H = 1
class Settings:
    CORS_I = 1
'''


def _same(tree):
    visited = _VisitedOwnFacts()
    tree.visit(visited)
    walked = _OwnFacts().walk(tree.body)
    assert [id(n) for n in walked.cors_names] == [id(n) for n in visited.cors_names]
    assert [id(n) for n in walked.star_imports] == [id(n) for n in visited.star_imports]
    assert walked.settings_assigned == visited.settings_assigned
    return walked


def test_the_statement_walk_finds_what_the_visitor_found():
    walked = _same(cst.parse_module(NESTED))
    assert len(walked.cors_names) == 9 and len(walked.star_imports) == 2


def test_the_statement_walk_on_every_fixture():
    checked = 0
    for path in sorted((ROOT / "testdata").rglob("*.py")):
        try:
            tree = cst.parse_module(path.read_bytes())
            _same(tree)
        except (cst.ParserSyntaxError, RecursionError, SyntaxError, UnicodeDecodeError):
            continue
        checked += 1
    assert checked > 100


def test_string_values_read_without_literal_eval_are_libcsts():
    from corslint.values.resolver import string_value

    class Strings(cst.CSTVisitor):
        def __init__(self):
            super().__init__()
            self.found = []

        def visit_SimpleString(self, node):
            self.found.append(node)

    samples = ['r"^https://([a-z0-9-]+\\.)?x\\.com$"', "R'\\d'", "r'a\\'b'", 'r"""x\\y"""', "rb'x'", "Rb'\\x'",
               "r''", '"abc"', "'a\"b'", '"""x\ny"""', "''", '""', 'b"x"', 'r"a\\b"', "'x\\n'", "'é ✓'", "u'x'",
               "'''a'''", '"a\'\'b"', "'\\''"]
    strings = Strings()
    for sample in samples:
        cst.parse_expression(sample).visit(strings)
    for path in sorted((ROOT / "testdata").rglob("*.py")):
        try:
            cst.parse_module(path.read_bytes()).visit(strings)
        except (cst.ParserSyntaxError, RecursionError, SyntaxError, UnicodeDecodeError):
            continue
    assert len(strings.found) > 1000
    for node in strings.found:
        assert string_value(node) == node.evaluated_value, node.value


def test_ip_shortcut_agrees_with_ipaddress():
    import ipaddress

    from corslint.origins.model import _is_ip

    for host in ["1.2.3.4", "[::1]", "::1", "fe80::1%eth0", "example.com", "1.2.3", "01.2.3.4", "1.2.3.4.5",
                 "localhost", "١.٢.٣.٤", "256.1.1.1", "a.b", "", "[2001:db8::1]", "10.0.0.1."]:
        try:
            ipaddress.ip_address(host.strip("[]"))
            expected = True
        except ValueError:
            expected = False
        assert _is_ip(host) == expected, host


def test_line_assignments_read_by_the_statement_walk_are_the_visitors():
    from corslint.frameworks import django
    from corslint.parsing.walk import nodes_of

    def visited(tree) -> list:
        """The former reading: a visit of every simple statement line outside functions and classes."""
        assignments = []

        class Collect(cst.CSTVisitor):
            def visit_FunctionDef(self, node):
                return False

            def visit_ClassDef(self, node):
                return False

            def visit_SimpleStatementLine(self, node):
                found = django._AssignedNames()
                node.visit(found)
                if found.names:
                    values = [s.value for s in node.body if getattr(s, "value", None) is not None]
                    assignments.append((found.names, {n.value for v in values for n in nodes_of(v, cst.Name)}))

        tree.visit(Collect())
        return assignments

    checked = 0
    for path in [None] + sorted((ROOT / "testdata").rglob("*.py")):
        try:
            tree = cst.parse_module(NESTED if path is None else path.read_bytes())
            expected = visited(tree)
        except (cst.ParserSyntaxError, RecursionError, SyntaxError, UnicodeDecodeError):
            continue
        assert django._line_assignments(tree) == expected, path
        checked += 1
    assert checked > 100

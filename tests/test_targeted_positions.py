"""Targeted positions (``parse.compute_positions_of``) are libcst's PositionProvider
ranges, node for node, whatever the module looks like and whichever nodes are asked for."""
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from corslint.parsing.parse import SourceFile, TARGETED_PASSES, compute_positions_of, parse_source

MODULES = {
    "comments and blank lines": "# leading comment\n\n\nimport os  # trailing\n\n# before\nX = 1\n",
    "decorators": "@decorator\n@other(1,\n       2)\ndef f(a, *, b=2) -> int:\n    '''doc'''\n    return a\n\n\n"
                  "@dataclass\nclass C(Base, metaclass=M):\n    x: int = 1\n",
    "semicolons": "a = 1; b = 2;  c = [a, b]\nif a: d = 1; e = 2\n",
    "multi-line strings": 'S = """one\n  two\n\tthree"""\nT = (\n    "a"\n    "b"\n)\nU = f"{S!r:>10} {T}"\n',
    "crlf": "import os\r\nORIGINS = [\r\n    'https://a.example',\r\n    'https://b.example',\r\n]\r\n",
    "cr only": "A = 1\rB = [\r    2,\r]\r",
    "crlf inside a string": 'S = """x\r\ny"""\r\nT = 1\r\n',
    "tabs": "if True:\n\tX = [\n\t\t1,\n\t]\n\tdef g():\n\t\treturn {\t'k' :\t1}\n",
    "unicode": "NAME = 'héllo wörld ✓'; OTHER = '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'\nπ = 3.14  # ünïcode comment\nλ = lambda x: x + π\n",
    "continuations": "X = 1 + \\\n    2\nwith open('a') as f, \\\n        open('b') as g:\n    pass\n",
    "no final newline": "A = 1\nB = [A,\n     A]",
    "compound statements": "try:\n    import a\nexcept (ImportError, OSError) as e:\n    a = None\nelse:\n    pass\n"
                           "finally:\n    z = 1\nfor i in range(3):\n    continue\nelse:\n    w = 2\n"
                           "while False:\n    break\nmatch a:\n    case {'k': [1, *rest]} if rest:\n        pass\n"
                           "    case _:\n        pass\n",
    "parentheses and calls": "x = ((1 + 2) * (3))\ny = f(a, (b), *c, **{'d': 1})[0].attr\nz = not (x and y) or x if y else z\n",
    "empty": "",
    "only a comment": "# just a comment",
}


def reference(tree):
    return MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_node_placed_as_the_provider_places_it(name):
    tree = cst.parse_module(MODULES[name])
    expected = reference(tree)
    nodes = list(expected)
    assert compute_positions_of(tree, nodes) == dict(expected)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_one_node_at_a_time_and_in_sparse_sets(name):
    """A target without its children in the set still gets its hoisted syntactic range
    (decorated definitions, parenthesised expressions)."""
    tree = cst.parse_module(MODULES[name])
    expected = reference(tree)
    nodes = list(expected)
    for node in nodes:
        assert compute_positions_of(tree, [node]) == {node: expected[node]}, tree.code_for_node(node)
    for step in (2, 3, 5):
        subset = nodes[::step]
        assert compute_positions_of(tree, subset) == {n: expected[n] for n in subset}


def test_the_fixture_files_place_as_the_provider_does():
    root = Path(__file__).resolve().parent.parent / "testdata"
    checked = 0
    for path in sorted(root.rglob("*.py")):
        try:
            tree = cst.parse_module(path.read_bytes())
            expected = reference(tree)
        except (cst.ParserSyntaxError, RecursionError, SyntaxError, UnicodeDecodeError):
            continue
        nodes = list(expected)
        assert compute_positions_of(tree, nodes[::3]) == {n: expected[n] for n in nodes[::3]}, path
        checked += 1
    assert checked > 100


def test_module_positions_switch_to_the_full_computation_after_a_few_passes():
    text = "".join(f"N{i} = [{i}, {i + 1}]\n" for i in range(10))
    module = parse_source(SourceFile("m.py", None, text))
    expected = reference(module.tree)
    statements = list(module.tree.body)
    spans = [module.span(statement) for statement in statements[:2]]
    assert module.position(statements[5]) == expected[statements[5]]  # one pass places the pending spans too
    assert module._positions is None and module._passes == 1
    assert [(s.start_line, s.end_col) for s in spans] == [(1, 11), (2, 11)] and module._passes == 1
    for statement in statements[6:]:
        assert module.position(statement) == expected[statement]
    assert module._passes == TARGETED_PASSES and module._positions is not None
    assert all(module.position(node) == rng for node, rng in expected.items())


def test_a_node_of_another_module_is_not_placed():
    module = parse_source(SourceFile("m.py", None, "A = 1\n"))
    other = cst.parse_module("B = 2\n")
    with pytest.raises(KeyError):
        module.position(other.body[0])

"""CPython's outline of a module read chunk by chunk (``parsing.outline``) is the whole
tree's: the same statements, lines, depths and names read, the same SyntaxError; and
no chunk's tree outlives its chunk, so a large module never has its whole tree in memory."""
import ast
import gc
import tracemalloc
import weakref

import pytest

from corslint.parsing import outline as outline_module
from corslint.parsing import slicing
from corslint.parsing.outline import read_outline
from corslint.parsing.parse import FileRefused, SourceFile, parse_source
from corslint.parsing.safety import MAX_NESTING

from tests.helpers import ROOT


def _whole_outline(text):
    """What the outline must say, from CPython's whole tree, the way slicing read it before."""
    found = []
    for node in ast.parse(text).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        depth = _depth(node)
        reads = set()
        for child in ast.walk(node):
            if isinstance(child, ast.Name):
                reads.add(child.id)
            elif isinstance(child, ast.Constant) and isinstance(child.value, str) and len(child.value) < 10_000:
                reads.update(outline_module._IDENTIFIER.findall(child.value))
            elif isinstance(child, (ast.Global, ast.Nonlocal)):
                reads.update(child.names)
        found.append(_capped((first, node.end_lineno, slicing._bound_names(node), depth, reads)))
    return found


def _capped(summary):
    """Past MAX_NESTING a statement is refused (when kept): its depth is measured no
    further and what it reads does not matter."""
    first, last, binds, depth, reads = summary
    if depth > MAX_NESTING:
        return first, last, binds, MAX_NESTING + 1, None
    return summary


def _depth(node, depth=2):
    return max([depth] + [_depth(child, depth + 1) for child in ast.iter_child_nodes(node)])


def _chunked(monkeypatch, text, eager=None):
    """The outline read with a chunk at every possible boundary."""
    monkeypatch.setattr(outline_module, "CHUNKED_ABOVE", 0)
    monkeypatch.setattr(outline_module, "CHUNK_CHARS", 1)
    read = read_outline(text, MAX_NESTING, slicing._bound_names, eager, with_reads=True)
    read.measure(read.statements)
    return read


def _summary(read):
    return [_capped((s.first, s.last, s.binds, s.depth, s.reads)) for s in read.statements]


TRICKY = [
    # a string whose lines start in column 0, with statements and `else` inside
    'A = 1\nDOC = """\nB = 2\nelse:\n  x\n)\n"""\nC = [\n1,\n]\nD = 3\n',
    # backslash continuations onto a column-0 line
    "A = 1 + \\\n2\nB = 3\n",
    # decorators, compound statements continued in column 0
    "@dec\n@other(1)\ndef f(x):\n    return x\nif A:\n    pass\nelif B:\n    pass\nelse:\n    pass\n"
    "try:\n    pass\nexcept E:\n    pass\nelse:\n    pass\nfinally:\n    pass\n"
    "for i in x:\n    pass\nelse:\n    pass\n",
    # semicolons, comments, closing brackets in column 0, blank lines
    "A = 1; B = 2\n# comment\n\nC = (\n  1\n)\nD = {'k': [\n1]\n}\n# last\n",
    # match statements, class bodies, nested functions, global/nonlocal, getattr strings
    "match x:\n    case 1:\n        pass\nclass K:\n    def m(self):\n        global G\n        def inner():\n"
    "            nonlocal y\n        return getattr(mod, 'NAME_ONE other')\nE = 1\n",
    # CRLF and lone CR line breaks, a form feed, a final line without a newline
    "A = 1\r\nB = [\r\n2]\r\nC = 3\rD = 4\n\x0cE = 5\nF = 6",
    # deep nesting
    "A = " + "[" * 150 + "]" * 150 + "\nB = " + "-" * 250 + "1\nC = 1\n",
    # an f-string across lines, a lambda, a walrus, an annotated assignment
    'A = f"""{\nB}\nC = 2"""\nD = lambda: 1\nE: int = 2\nif (F := 3):\n    pass\n',
]


@pytest.mark.parametrize("text", TRICKY)
def test_chunked_outline_is_the_whole_trees(monkeypatch, text):
    assert _summary(_chunked(monkeypatch, text)) == _whole_outline(text)


def test_chunked_outline_of_every_fixture_is_the_whole_trees(monkeypatch):
    texts = 0
    for path in sorted((ROOT / "testdata").rglob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
            expected = _whole_outline(text)
        except (SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
            continue
        texts += 1
        assert _summary(_chunked(monkeypatch, text)) == expected, path
    assert texts > 100


def test_lazily_measured_statements_are_measured_as_eager_ones(monkeypatch):
    text = TRICKY[4] + TRICKY[3] + TRICKY[6]
    lazy = _chunked(monkeypatch, text, eager=lambda position, statement: position % 3 == 0)
    assert any(s.depth is not None for s in lazy.statements)
    assert _summary(lazy) == _whole_outline(text)


@pytest.mark.parametrize("text", [
    "A = 1\nB = (\nC = 3\n",  # never closed
    "A = 1\nB = 2\n  C = 3\nD = 4\n",  # unexpected indent
    "A = 1\nDOC = '''\nB = 2\n",  # unterminated string
    "A = 1\ndef f(:\n    pass\nB = 2\n",
    "A = 1\nelse:\n    pass\n",
    "A = 1\nB = " + "(" * 250 + ")" * 250 + "\n",  # too many nested parentheses
    "A = 1\nB = 'x\x00'\n",
])
def test_a_syntax_error_is_cpythons_own(monkeypatch, text):
    with pytest.raises((SyntaxError, ValueError)) as whole:
        ast.parse(text)
    monkeypatch.setattr(outline_module, "CHUNKED_ABOVE", 0)
    monkeypatch.setattr(outline_module, "CHUNK_CHARS", 1)
    with pytest.raises(whole.type) as chunked:
        read_outline(text, MAX_NESTING)
    assert str(chunked.value) == str(whole.value)
    assert getattr(chunked.value, "lineno", None) == getattr(whole.value, "lineno", None)


def _generated(megabytes):
    line = 'TRANSLATION_{i} = {{"key": "message.{i}", "text": "Some translated text number {i} here"}}\n'
    lines, size, i = [], 0, 0
    while size < megabytes * 1024 * 1024:
        lines.append(line.format(i=i))
        size += len(lines[-1])
        i += 1
    return ('INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOWED_ORIGINS = ["http://app.example.com"]\n'
            + "".join(lines) + "X = TRANSLATION_7\n")


def test_no_chunks_tree_outlives_its_chunk(monkeypatch):
    """Every tree CPython builds is gone before the next chunk is parsed, and all of them
    once the module is parsed."""
    alive = []
    most_alive = [0]
    parse = ast.parse

    def recording(text, *args, **kwargs):
        most_alive[0] = max(most_alive[0], sum(1 for ref in alive if ref() is not None))
        tree = parse(text, *args, **kwargs)
        alive.append(weakref.ref(tree))
        return tree

    monkeypatch.setattr(outline_module.ast, "parse", recording)
    text = _generated(0.6)
    module = parse_source(SourceFile("settings.py", None, text), may_slice=True)
    assert module.sliced is not None and module.sliced.kept == 4
    assert len(alive) > 5 and most_alive[0] == 0
    assert all(ref() is None for ref in alive)


def test_a_large_modules_peak_memory_is_a_chunks_not_its_whole_tree():
    """CPython's whole tree of this 1 MB module takes about 80 MB (tracemalloc's count);
    parsed chunk by chunk and sliced, the peak stays near the text's own size."""
    text = _generated(1)
    gc.collect()
    tracemalloc.start()
    try:
        module = parse_source(SourceFile("settings.py", None, text), may_slice=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert module.sliced is not None
    assert peak < 25 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
    # Unsliced (a module imported by another is parsed whole by libcst), the outline
    # alone stays as small.
    tracemalloc.start()
    try:
        from corslint.parsing.safety import check_text

        assert check_text(text) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 25 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"


def test_a_deep_statement_in_a_chunk_is_refused_when_kept(monkeypatch):
    monkeypatch.setattr(outline_module, "CHUNKED_ABOVE", 0)
    monkeypatch.setattr(outline_module, "CHUNK_CHARS", 1)
    deep = "[" * 150 + "-" * 200 + "1" + "]" * 150
    with pytest.raises(FileRefused):
        parse_source(SourceFile("m.py", None, f"A = 1\nB = {deep}\nC = 3\n"))
    monkeypatch.setattr(slicing, "SLICE_ABOVE", 0)
    with pytest.raises(FileRefused):  # kept: read by the last statement
        parse_source(SourceFile("m.py", None, f"A = 1\nB = {deep}\nCORS_X = B\n"), may_slice=True)
    module = parse_source(SourceFile("m.py", None, f"A = 1\nB = {deep}\nC = 3\nD = 4\n"), may_slice=True)
    assert module.sliced is not None and module.sliced.kept == 2  # B dropped: libcst never sees it


def test_a_large_modules_tree_is_left_out_of_the_collectors_passes_while_its_file_is_analysed():
    """gc.freeze after parsing a large module inside trees_spared (the analyser's block
    for one file), and everything returned to the collector when the block ends; outside
    such a block nothing is frozen."""
    from corslint.parsing.parse import SPARE_ABOVE, trees_spared

    text = "A = 1\n" * (SPARE_ABOVE // 6 + 10)
    small = "A = 1\n"
    assert gc.get_freeze_count() == 0
    parse_source(SourceFile("big.py", None, text))
    assert gc.get_freeze_count() == 0
    with trees_spared():
        parse_source(SourceFile("small.py", None, small))
        assert gc.get_freeze_count() == 0
        with trees_spared():  # nested (another thread's analysis, say)
            module = parse_source(SourceFile("big.py", None, text))
            assert gc.get_freeze_count() > len(module.tree.body)
        assert gc.get_freeze_count() > 0  # until the last block ends
    assert gc.get_freeze_count() == 0
    with pytest.raises(KeyboardInterrupt):
        with trees_spared():
            parse_source(SourceFile("big.py", None, text))
            raise KeyboardInterrupt
    assert gc.get_freeze_count() == 0


def test_a_text_whose_chunks_fail_but_which_parses_whole_is_read_whole(monkeypatch):
    """Should a chunk be rejected where the whole text parses, the whole text's tree
    decides, every statement measured at once so that no chunk is parsed again."""
    plain = "A = 1\nB = 2\nC = [3]\n"
    parse = ast.parse

    def rejecting_chunks(source, *args, **kwargs):
        if source != plain:
            raise SyntaxError("a chunk")
        return parse(source, *args, **kwargs)

    monkeypatch.setattr(outline_module.ast, "parse", rejecting_chunks)
    read = _chunked(monkeypatch, plain, eager=lambda position, statement: False)
    assert len(read.chunks) == 1 and all(s.depth is not None for s in read.statements)
    monkeypatch.setattr(outline_module.ast, "parse", parse)
    assert _summary(read) == _whole_outline(plain)

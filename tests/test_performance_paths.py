"""The fast paths give the same results as the slow ones: the prefilter, the parse gate,
lazy positions and the process pool. (Speed itself is measured by benchmarks/, not here.)"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from corslint.run.engine import Engine, Input, Options
from corslint.files.discover import DEFAULT_EXCLUDES, ExcludeMatcher, discover
from corslint.files.prefilter import (RESPONSE_HEADER_WRITE_PATTERN, may_configure_cors, may_set_response_headers,
                                       read_bytes)
from corslint.rules import all_rules
from tests.helpers import TESTDATA, expected_findings, fixture_projects

OLD_PREFILTER = re.compile(rb"cors|access-control-|access_control_|cross_origin", re.IGNORECASE)


def test_prefilter_matches_the_case_insensitive_regex():
    samples = [b"", b"CORS", b"Cors_Allowed", b"x = 'ACCESS-Control-Allow-Origin'", b"cross_ORIGIN",
               b"crossorigin", b"access_control_allow", b"c\xc3\xb6rs", b"CoRs", b"\xff\xfecors",
               b"access-control", b"from flask_cors import CORS"]
    for path in sorted(TESTDATA.rglob("*.py")):
        samples.append(path.read_bytes())
    for data in samples:
        assert may_configure_cors(data) == (OLD_PREFILTER.search(data) is not None), data[:60]


def test_response_header_search_matches_its_regex():
    """may_set_response_headers is the regex RESPONSE_HEADER_WRITE_PATTERN (re.IGNORECASE),
    searched the fast way; both must say the same of every fixture and of the edge cases."""
    spec = re.compile(RESPONSE_HEADER_WRITE_PATTERN, re.IGNORECASE)
    far = b" " * 1990
    samples = [b"", b"response['X-Total'] = 1", b"RESP['x-a']", b"headers = {\"Link\": x}", b"headers = {'Linked': x}",
               b"headers = {'link'}", b"header 'x-'", b"header 'x-_'", b"header b'X-Id'", b"resp f'RateLimit-Reset'",
               b"HEADER \"Content-Disposition\"", b"header \"retry-after\"", b"'X-Id' response", b"'content-range' header",
               b"resp" + far + b"'X-Id'", b"resp" + far + b" " * 30 + b"'X-Id'",
               b"header" + b" " * 2000 + b"'X-Id'", b"header" + b" " * 2002 + b"'X-Id'",
               b"resp 'X-\xc3\xa9'", b"'x-1' resp 'x-2'", b"\"link'  resp"]
    samples.extend(path.read_bytes() for path in sorted(TESTDATA.rglob("*.py")))
    for data in samples:
        assert may_set_response_headers(data) == (spec.search(data) is not None), data[:80]


def test_paths_relative_to_the_root_are_os_path_relpath():
    """ExcludeMatcher computes relative paths outside the root once per folder off the
    root's path; the answers must be relpath's, in any order of asking."""
    import random

    from corslint.files.display import display_path

    rng = random.Random(7)
    paths = ["/tmp/bench/corpus/a/b.py", "/tmp/bench/corpus/c.py", "/work/other/x.py", "/x.py", "/tmp/a/b/c.py",
             "/tmp/ab/c.py", "/work/main/z.py", "/tmp/bench/d.py", "/tmp/a/c/d/e.py", "/tmp/a", "/tmp/a/b",
             "/tmpx/y.py", "/work/main2/q.py", "/work/main/../main/y.py"]
    for root in ("/work/main", "/", "/tmp/a", "/tmp", "/tmp/a/b"):
        for _ in range(20):
            matcher = ExcludeMatcher(["build"], root)
            rng.shuffle(paths)
            for path in paths * 2:
                assert matcher._relative(path) == os.path.relpath(path, root), (root, path)
    for path in paths + [os.getcwd(), os.path.join(os.getcwd(), "a.py"), os.path.join(os.getcwd(), "..", "a.py")]:
        rel = os.path.relpath(path)
        assert display_path(path) == (path if rel.startswith("..") else rel), path


def test_read_bytes_reads_whole_files(tmp_path):
    for size in (0, 1, 4096, 3 * 1024 * 1024 + 7):
        path = tmp_path / f"f{size}"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        assert read_bytes(str(path)) == path.read_bytes()


def run_engine(root, jobs=1, paths=(".",)):
    cwd = os.getcwd()
    os.chdir(str(root))
    try:
        excludes = ExcludeMatcher([*DEFAULT_EXCLUDES, "*.fixed.py"], str(root))
        found = discover(list(paths), excludes)
        engine = Engine(Options(selected=set(all_rules()), config_root=str(root), project_roots=[str(root)],
                                jobs=jobs))
        return engine.run([Input(f.path, os.path.relpath(f.path)) for f in found.files])
    finally:
        os.chdir(cwd)


def test_a_mention_in_documentation_is_not_parsed_but_a_syntax_error_still_is(tmp_path, monkeypatch):
    import corslint.parsing.parse

    parsed = []
    original = corslint.parsing.parse.parse_source
    monkeypatch.setattr(corslint.parsing.parse, "parse_source", lambda source, *a, **k: parsed.append(source.path) or
                        original(source, *a, **k))
    (tmp_path / "docs_only.py").write_text('"""Explains CORS preflight checks."""\nVALUE = 1\n')
    (tmp_path / "broken.py").write_text('"""CORS notes."""\ndef f(:\n    pass\n')
    result = run_engine(tmp_path)
    assert parsed == ["broken.py"]  # docs_only.py never reached libcst
    assert [(f.path, f.code) for f in result.findings] == [("broken.py", "COR001")]


def test_positions_are_computed_only_when_asked_and_match_libcst(tmp_path):
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from corslint.parsing.parse import SourceFile, parse_source

    text = "import os\n\n\ndef f(a,\n      b):\n    return {'x': [a, b]}  # c\n"
    module = parse_source(SourceFile("m.py", None, text))
    assert module._positions is None
    reference = MetadataWrapper(module.tree, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = module.positions
    assert len(ours) == len(reference)
    for node, rng in reference.items():
        assert ours[node] == rng, cst.Module([]).code_for_node(node)


def test_spans_are_placed_on_first_use_and_equal_plain_spans():
    import pickle

    from corslint.run.cache import decode, encode
    from corslint.parsing.parse import DeferredSpan, SourceFile, parse_source
    from corslint.policy import Span

    module = parse_source(SourceFile("m.py", None, "import os\n\nORIGINS = ['https://a.example']\n"))
    statement = module.tree.body[1]
    span = module.span(statement)
    assert isinstance(span, DeferredSpan) and span.path == "m.py"
    assert module._positions is None  # a span nobody reads costs no positions
    assert span == Span("m.py", 3, 0, 3, 31) and hash(span) == hash(Span("m.py", 3, 0, 3, 31))
    # placed by a targeted pass: the module's other positions are still not computed
    assert module._positions is None and span.describe() == "m.py:3"
    assert type(pickle.loads(pickle.dumps(span))) is Span  # what a worker process sends
    assert type(decode(encode(span))) is Span and decode(encode(span)) == span  # what the cache keeps
    placed = module.span(statement)  # positions known: a plain span straight away
    assert type(placed) is Span and placed == span and {span, placed} == {placed}


def test_an_imported_module_read_for_a_value_that_reaches_no_policy_is_never_placed(tmp_path, monkeypatch):
    """The resolver gives every value a span, but only spans something reads are placed:
    the imported module's positions (a code generation of the whole module) are never
    computed here."""
    import corslint.parsing.parse

    (tmp_path / "names.py").write_text("TRACE = 'X-Trace-Id'\n")
    (tmp_path / "views.py").write_text(
        "from names import TRACE\n\n\ndef view(response):\n"
        "    # The Access-Control-* headers are set by the proxy.\n"
        "    response[TRACE] = '1'\n    return response\n")
    parsed, placed = [], []
    parse, place = corslint.parsing.parse.parse_source, corslint.parsing.parse.compute_positions
    monkeypatch.setattr(corslint.parsing.parse, "parse_source",
                        lambda source, *a, **k: parsed.append(source.path) or parse(source, *a, **k))
    monkeypatch.setattr(corslint.parsing.parse, "compute_positions", lambda tree: placed.append(tree.code) or place(tree))
    result = run_engine(tmp_path)
    assert sorted(parsed) == ["names.py", "views.py"] and result.policies == 0
    assert not [code for code in placed if code.startswith("TRACE =")]


def dense_tree(root, copies):
    """The fixture projects, copied `copies` times: every file a realistic CORS project file."""
    for index in range(copies):
        for project in fixture_projects():
            shutil.copytree(str(project), str(root / f"copy{index}" / project.name))
    return root


def test_the_pool_gives_exactly_the_serial_result(tmp_path):
    root = dense_tree(tmp_path, 3)
    serial = run_engine(root, jobs=1)
    pooled = run_engine(root, jobs=2)
    key = lambda r: [(f.path, f.span, f.code, f.message, f.fix, f.related) for f in r.findings]  # noqa: E731
    assert key(pooled) == key(serial)
    assert pooled.errors == serial.errors == []
    assert (pooled.files_checked, pooled.files_parsed, pooled.policies) == \
        (serial.files_checked, serial.files_parsed, serial.policies)
    # And each copy still reports exactly what its fixture expects.
    expected = set()
    for index in range(3):
        for project in fixture_projects():
            for file, line, code in expected_findings(project):
                expected.add((f"copy{index}/{project.name}/{file}", line, code))
    assert {(f.path.replace(os.sep, "/"), f.span.start_line, f.code) for f in pooled.findings} == expected


def _result_key(result):
    return ([(f.path, f.span, f.code, f.message, f.fix, f.related) for f in result.findings], result.errors,
            result.files_checked, result.files_parsed, result.policies)


def test_a_worker_started_before_the_prefilter_gives_the_serial_result(tmp_path, monkeypatch):
    import corslint.run.workers

    root = dense_tree(tmp_path, 1)
    serial = run_engine(root, jobs=1)
    started = []
    original = corslint.run.workers.Workers.add
    monkeypatch.setattr(corslint.run.workers.Workers, "add", lambda self, n: started.append(n) or original(self, n))
    monkeypatch.setattr(corslint.run.workers, "MIN_EARLY_WORKER_FILES", 1)
    early = run_engine(root, jobs=None)
    assert started and started[0] == 1  # the early worker, before any candidate was known
    assert _result_key(early) == _result_key(serial)


def test_a_warm_run_starts_no_worker(tmp_path, monkeypatch):
    import corslint.run.workers

    root = dense_tree(tmp_path / "tree", 1)
    monkeypatch.setattr(corslint.run.workers, "MIN_EARLY_WORKER_FILES", 1)
    started = []
    original = corslint.run.workers.Workers.add
    monkeypatch.setattr(corslint.run.workers.Workers, "add", lambda self, n: started.append(n) or original(self, n))
    excludes = ExcludeMatcher([*DEFAULT_EXCLUDES, "*.fixed.py"], str(root))
    inputs = [Input(f.path, os.path.relpath(f.path, str(root))) for f in discover([str(root)], excludes).files]

    def run():
        engine = Engine(Options(selected=set(all_rules()), config_root=str(root), project_roots=[str(root)],
                                cache_dir=str(tmp_path / "cache")))
        return engine.run(list(inputs))

    cold = run()
    assert started  # the cold run had work for workers
    started.clear()
    warm = run()
    assert started == []  # everything came from the cache: no process was started for nothing
    assert _result_key(warm)[0] == _result_key(cold)[0]


def test_a_worker_that_dies_leaves_its_files_to_the_main_process(tmp_path, monkeypatch):
    import corslint.run.workers

    root = dense_tree(tmp_path, 1)
    serial = run_engine(root, jobs=1)
    original = corslint.run.workers._serve

    def dying(options, track, connection):
        connection.recv()  # takes a chunk, then dies without answering
        os._exit(3)

    monkeypatch.setattr(corslint.run.workers, "_serve", dying)
    assert _result_key(run_engine(root, jobs=2)) == _result_key(serial)
    monkeypatch.setattr(corslint.run.workers, "_serve", original)


def test_no_process_to_be_had_means_the_main_process_does_it_all(tmp_path, monkeypatch):
    """A pid limit (fork fails with EAGAIN) must not lose the run: no workers, same result."""
    import corslint.run.workers

    root = dense_tree(tmp_path, 1)
    serial = run_engine(root, jobs=1)

    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr(corslint.run.workers, "MIN_EARLY_WORKER_FILES", 1)
    assert _result_key(run_engine(root, jobs=None)) == _result_key(serial)
    assert _result_key(run_engine(root, jobs=2)) == _result_key(serial)


def test_workers_do_not_outlive_the_run(tmp_path):
    import multiprocessing

    root = dense_tree(tmp_path, 1)
    run_engine(root, jobs=2)
    run_engine(root, jobs=2)
    assert multiprocessing.active_children() == []


def test_workers_end_when_the_main_process_is_killed():
    """Each worker sees the end of its pipe however the main process goes (SIGKILL, a
    default SIGTERM): none is left behind holding the terminal or a CI step's output."""
    import time

    code = ("import os, sys; from corslint.run.engine import Options; from corslint.run.workers import Workers; "
            "w = Workers(Options(selected=set()), False); w.add(2); "
            "print(' '.join(str(p.pid) for p, _c in w.processes), flush=True); os._exit(0)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    pids = [int(pid) for pid in completed.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in pids):
        time.sleep(0.05)
    alive = [pid for pid in pids if os.path.exists(f"/proc/{pid}")]
    for pid in alive:
        os.kill(pid, 9)
    assert alive == []


def test_importing_the_cli_and_the_rules_does_not_import_libcst():
    code = ("import sys, corslint.cli, corslint.run.engine, corslint.run.cache, corslint.run.workers, corslint.rules as r; "
            "r.all_rules(); print('libcst' in sys.modules, 'dataclasses' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.split()[0] == "False", "rules must read policies, not import libcst"


def test_a_clean_file_costs_no_libcst(tmp_path):
    (tmp_path / "views.py").write_text("def index():\n    return 'hello'\n")
    code = ("import sys; from corslint.cli import main; rc = main(['check', '--no-cache', 'views.py']); "
            "print(rc, 'libcst' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(tmp_path),
                               check=True)
    assert completed.stdout.split() == ["0", "False"]

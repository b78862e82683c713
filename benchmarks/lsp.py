"""The language server's latency: time from a change to the published diagnostics.

    python benchmarks/lsp.py [--workdir DIR] [--changes N] [--corpus DIR]

Starts `corslint server` as an editor would (tests/lsp_client.py speaks JSON-RPC over a
pipe), opens one module with a CORS configuration, then sends N unsaved changes that
turn a finding on and off, and times each change until the diagnostics for that
version arrive. Three projects:

* a fixture project (testdata/fastapi_settings_values);
* a project of a few hundred files: every fixture project of testdata/ copied into one
  tree, three times over, with the edited module at its root;
* a large tree: the benchmark corpus (make-corpus, about 2,850 files of Django, SymPy,
  SQLAlchemy, ...) with the edited module added at its root.

The first publication (cold: imports, the first full analysis) is reported apart from
the warm changes (median and 90th percentile). Target: under 100 ms warm for a one-file
change in a project of a few hundred files.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.lsp_client import LspClient, uri  # noqa: E402

EDITED = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

ORIGINS = [{origin!r}, "https://admin.example.com"]

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)
"""


def count_files(folder: str) -> int:
    return sum(1 for _root, _dirs, files in os.walk(folder) for name in files if name.endswith(".py"))


def measure(project: str, edited: str, changes: int) -> dict:
    client = LspClient(cwd=project, env={"CORSLINT_JOBS": "1"})
    try:
        started = time.perf_counter()
        client.initialize(project)
        client.open(edited)
        client.diagnostics_for(edited, timeout=600)
        cold = time.perf_counter() - started
        target = uri(edited)
        samples = []
        for number in range(changes):
            origin = "null" if number % 2 == 0 else "https://shop.example.com"
            sent = time.perf_counter()
            client.change(edited, EDITED.format(origin=origin))
            version = client.versions[target]
            message = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                      and m["params"]["uri"] == target and m["params"].get("version") == version,
                                      timeout=600)
            samples.append(time.perf_counter() - sent)
            codes = {d["code"] for d in message["params"]["diagnostics"]}
            assert ("COR105" in codes) == (origin == "null"), codes  # the change really was analysed
    finally:
        client.close()
    samples.sort()
    return {"files": count_files(project), "cold": cold, "median": statistics.median(samples),
            "p90": samples[int(len(samples) * 0.9) - 1] if len(samples) >= 10 else samples[-1]}


def fixture_project(workdir: str) -> str:
    target = os.path.join(workdir, "fixture")
    shutil.copytree(os.path.join(ROOT, "testdata", "fastapi_settings_values"), target,
                    ignore=shutil.ignore_patterns("*.fixed.py", ".corslint_cache"))
    return target


def few_hundred(workdir: str) -> str:
    target = os.path.join(workdir, "few-hundred")
    for copy in range(3):
        for name in sorted(os.listdir(os.path.join(ROOT, "testdata"))):
            source = os.path.join(ROOT, "testdata", name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(target, f"copy{copy}", name),
                                ignore=shutil.ignore_patterns("*.fixed.py", ".corslint_cache"))
    return target


def large_tree(workdir: str, corpus: str) -> str:
    target = os.path.join(workdir, "large")
    if corpus:
        shutil.copytree(corpus, target)
    else:
        subprocess.run([os.path.join("/work/shared/bench/make-corpus"), target], check=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", help="where to build the projects (default: a temporary folder)")
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--corpus", help="an existing benchmark corpus to copy instead of running make-corpus")
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or tempfile.mkdtemp(prefix="corslint-lsp-bench-")
    projects = [("fixture project", fixture_project(workdir)), ("few hundred files", few_hundred(workdir))]
    if not args.skip_large:
        projects.append(("large tree", large_tree(workdir, args.corpus)))
    print("| project | .py files | first diagnostics (cold) | change -> diagnostics, median | 90th percentile |")
    print("|---|---|---|---|---|")
    for name, project in projects:
        edited = os.path.join(project, "corslint_bench_app.py")
        with open(edited, "w", encoding="utf-8") as fh:
            fh.write(EDITED.format(origin="https://shop.example.com"))
        result = measure(project, edited, args.changes)
        print(f"| {name} | {result['files']} | {result['cold'] * 1000:.0f} ms | {result['median'] * 1000:.0f} ms "
              f"| {result['p90'] * 1000:.0f} ms |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

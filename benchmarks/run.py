"""Benchmarks: corslint against ruff and a byte search, timed alternately in one run.

    python benchmarks/run.py [--workdir DIR] [--rounds N] [--ruff PATH] [--write docs/performance.md]

Builds the benchmark tree with ``make-corpus`` (the source of Django, SymPy, SQLAlchemy,
Flask, Starlette, FastAPI and more) and a dense tree (``testdata/`` copied until it has
at least 2,000 files, every one part of a CORS-configured project), then runs every
command of a case in turn, round after round, so that load on the machine hits all of
them alike. It reports medians, ratios, CPU time and peak memory (``wait4``'s maxrss of
each process), and writes the table into docs/performance.md between the markers.
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
START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"


def measure(argv, cwd=None, env=None):
    """(wall seconds, cpu seconds, peak RSS in MB) of one process."""
    environment = dict(os.environ)
    # As users run it: with the bytecode cache (a sandbox or CI may switch it off, which
    # makes every run compile corslint's modules again, about 0.1 s).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.update(env or {})
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8
    if code not in (0, 1):
        raise SystemExit(f"{argv} exited {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def alternate(commands, rounds):
    """name -> list of (wall, cpu, rss); commands run in turn, each round, after one
    untimed run of each (page cache, bytecode cache)."""
    samples = {name: [] for name, *_ in commands}
    for _name, argv, cwd, env in commands:
        measure(argv, cwd, env)
    for _ in range(rounds):
        for name, argv, cwd, env in commands:
            samples[name].append(measure(argv, cwd, env))
    return samples


def median(values):
    return statistics.median(values)


def count_lines(folder):
    files = lines = 0
    for directory, _dirs, names in os.walk(folder):
        for name in names:
            if name.endswith(".py") and not name.endswith(".fixed.py"):  # not copied into dense
                files += 1
                with open(os.path.join(directory, name), "rb") as fh:
                    lines += fh.read().count(b"\n")
    return files, lines


def find_make_corpus():
    for candidate in (os.path.join(ROOT, "..", "shared", "bench", "make-corpus"),
                      os.path.join(ROOT, "..", "..", "shared", "bench", "make-corpus"),
                      "/work/shared/bench/make-corpus"):
        if os.path.isfile(candidate):
            return os.path.abspath(candidate)
    raise SystemExit("make-corpus not found; pass --make-corpus")


def build_trees(workdir, make_corpus):
    corpus = os.path.join(workdir, "corpus")
    if not os.path.isdir(corpus):
        subprocess.run([make_corpus, corpus], check=True)
    dense = os.path.join(workdir, "dense")
    if not os.path.isdir(dense):
        testdata = os.path.join(ROOT, "testdata")
        per_copy = count_lines(testdata)[0]
        copies = -(-2000 // per_copy)
        for index in range(copies):
            shutil.copytree(testdata, os.path.join(dense, f"copy{index:03d}"),
                            ignore=shutil.ignore_patterns("*.fixed.py", ".corslint_cache"))
    half = os.path.join(workdir, "dense-half")
    if not os.path.isdir(half):
        os.makedirs(half)
        copies = sorted(os.listdir(dense))
        for name in copies[: len(copies) // 2]:
            shutil.copytree(os.path.join(dense, name), os.path.join(half, name))
    clean = os.path.join(workdir, "clean")
    if not os.path.isdir(clean):
        os.makedirs(clean)
        with open(os.path.join(clean, "views.py"), "w") as fh:
            fh.write('"""Views."""\nfrom django.http import JsonResponse\n\n\n'
                     'def index(request):\n    return JsonResponse({"status": "ok"})\n')
    settings_code = os.path.join(workdir, "settings-code")
    if not os.path.isdir(settings_code):
        _write_settings_code(settings_code)
    return corpus, dense, half, clean, settings_code


SETTINGS_MODULE = '''import os
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings{n}(BaseSettings):
    cors_origins: list[str] = Field(default_factory=lambda: ["https://app{n}.example.com"])
    max_age: int = 60 * 60 * {n}


class Staging{n}(Settings{n}):
    cors_origins: list[str] = ["https://staging{n}.example.com"]


@lru_cache
def get_settings():
    if os.environ.get("STAGE{n}") == "staging":
        return Staging{n}()
    return Settings{n}()
'''
APP_MODULE = '''import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .settings import get_settings

settings = get_settings()
raw = os.environ.get("EXTRA_ORIGINS{n}", "")
extra = [o.strip() for o in raw.split(",") if o.strip()]
if extra:
    origins = settings.cors_origins + extra
elif os.environ.get("REGION{n}") == "eu":
    origins = ["https://eu{n}.example.com"]
else:
    origins = settings.cors_origins
options = dict(allow_credentials=True, max_age=settings.max_age)
app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=origins, **options)
'''


def _write_settings_code(folder, projects=200):
    """Configuration as code: settings classes, lru_cache factories, branches and dict()."""
    for n in range(projects):
        package = os.path.join(folder, f"service{n:03d}")
        os.makedirs(package)
        open(os.path.join(package, "__init__.py"), "w").close()
        with open(os.path.join(package, "settings.py"), "w") as fh:
            fh.write(SETTINGS_MODULE.format(n=n + 1))
        with open(os.path.join(package, "app.py"), "w") as fh:
            fh.write(APP_MODULE.format(n=n + 1))


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "corslint-bench"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ruff", default=shutil.which("ruff"))
    parser.add_argument("--rg", default=shutil.which("rg"))
    parser.add_argument("--make-corpus", default=None)
    parser.add_argument("--write", default=None, help="docs/performance.md to update")
    args = parser.parse_args(argv)
    os.makedirs(args.workdir, exist_ok=True)
    corpus, dense, half, clean, settings_code = build_trees(args.workdir, args.make_corpus or find_make_corpus())
    python = sys.executable
    corslint = [python, "-m", "corslint", "check", "-q", "--exit-zero"]
    rows = []
    out = []

    # 1. The benchmark tree, cold, no cache: corslint vs ruff vs the byte search.
    files, lines = count_lines(corpus)
    commands = [("corslint --no-cache", corslint + ["--no-cache", corpus], None, None)]
    if args.ruff:
        commands.append(("ruff check --select S --no-cache",
                         [args.ruff, "check", "--select", "S", "--no-cache", "-q", "--exit-zero", corpus], None, None))
    if args.rg:
        commands.append(("rg -l -i cors", [args.rg, "-l", "-i", "cors", corpus], None, None))
    cold = alternate(commands, args.rounds)
    base = median([s[0] for s in cold["corslint --no-cache"]])
    out.append(f"### Benchmark tree, cold, no cache ({files:,} files, {lines:,} lines, {args.rounds} rounds)\n")
    out.append("| command | median wall (s) | median CPU (s) | peak RSS (MB) | corslint / this |")
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for name, samples in cold.items():
        wall = median([s[0] for s in samples])
        out.append(f"| `{name}` | {wall:.3f} | {median([s[1] for s in samples]):.3f} | "
                   f"{max(s[2] for s in samples):.0f} | {base / wall:.2f}x |")

    # 2. Warm: the same tree with the cache filled by one run.
    cache_dir = os.path.join(args.workdir, "cache")
    shutil.rmtree(cache_dir, ignore_errors=True)
    measure(corslint + ["--cache-dir", cache_dir, corpus])
    warm = alternate([("corslint (warm cache)", corslint + ["--cache-dir", cache_dir, corpus], None, None)],
                     args.rounds)
    out.append("\n### Benchmark tree, warm cache\n")
    out.append("| command | median wall (s) | median CPU (s) | peak RSS (MB) |")
    out.append("| --- | ---: | ---: | ---: |")
    for name, w in warm.items():
        out.append(f"| `{name}` (cache filled by a previous run) | {median([s[0] for s in w]):.3f} | "
                   f"{median([s[1] for s in w]):.3f} | {max(s[2] for s in w):.0f} |")

    # 3. One clean file: the pre-commit and editor case.
    single = alternate([("python -c pass", [python, "-c", "pass"], None, None),
                        ("corslint --no-cache views.py", corslint + ["--no-cache", "views.py"], clean, None)],
                       args.rounds * 3)
    bare = median([s[0] for s in single["python -c pass"]])
    out.append(f"\n### One clean file ({args.rounds * 3} rounds)\n")
    out.append("| command | median wall (s) | / `python -c pass` |")
    out.append("| --- | ---: | ---: |")
    for name, samples in single.items():
        wall = median([s[0] for s in samples])
        out.append(f"| `{name}` | {wall:.3f} | {wall / bare:.2f}x |")

    # 4. The dense tree: every file part of a CORS-configured project.
    out.append("\n### Dense tree (testdata/ replicated), cold, no cache\n")
    out.append("| tree | files | lines | workers | median wall (s) | CPU / wall | files/s | lines/s | peak RSS (MB) |")
    out.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, folder in (("dense-half", half), ("dense", dense)):
        d_files, d_lines = count_lines(folder)
        runs = alternate([("1", corslint + ["--no-cache", folder], None, {"CORSLINT_JOBS": "1"}),
                          ("auto", corslint + ["--no-cache", folder], None, {})], max(3, args.rounds // 2))
        for workers, samples in runs.items():
            wall = median([s[0] for s in samples])
            cpu = median([s[1] for s in samples])
            out.append(f"| {label} | {d_files:,} | {d_lines:,} | {workers} | {wall:.3f} | {cpu / wall:.2f} | "
                       f"{d_files / wall:,.0f} | {d_lines / wall:,.0f} | {max(s[2] for s in samples):.0f} |")

    # 5. Configuration as code: settings classes and branches followed through worlds.
    s_files, s_lines = count_lines(settings_code)
    runs = alternate([("1", corslint + ["--no-cache", settings_code], None, {"CORSLINT_JOBS": "1"})],
                     max(3, args.rounds // 2))
    out.append("\n### Configuration as code (settings classes, branches), cold, no cache, one process\n")
    out.append("| files | lines | median wall (s) | files/s | lines/s | peak RSS (MB) |")
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for samples in runs.values():
        wall = median([s[0] for s in samples])
        out.append(f"| {s_files:,} | {s_lines:,} | {wall:.3f} | {s_files / wall:,.0f} | {s_lines / wall:,.0f} | "
                   f"{max(s[2] for s in samples):.0f} |")

    environment = (f"Measured on {time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, "
                   f"{os.cpu_count()} cores; ruff: {_version([args.ruff, '--version']) if args.ruff else 'absent'}; "
                   f"rg: {_version([args.rg, '--version']) if args.rg else 'absent'}.")
    table = "\n".join([environment, ""] + out)
    print(table)
    if args.write:
        with open(args.write, encoding="utf-8") as fh:
            doc = fh.read()
        head, _, rest = doc.partition(START)
        _, _, tail = rest.partition(END)
        with open(args.write, "w", encoding="utf-8") as fh:
            fh.write(f"{head}{START}\n{table}\n{END}{tail}")


def _version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.split("\n")[0].strip()
    except OSError:
        return "?"


if __name__ == "__main__":
    main()

"""Issue 19: dependable on anything a repository holds. One test (or a few) per numbered
problem of the issue; each failed before its fix."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.helpers import run_cli

FASTAPI_APP = ("from fastapi import FastAPI\n"
               "from fastapi.middleware.cors import CORSMiddleware\n\n"
               "app = FastAPI()\n"
               "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n")


# -- 2. A .gitignore pattern can hang the run ---------------------------------------------

HOSTILE_IGNORES = ["**/" * 12 + "settings.py", "*a" * 12 + "b", "/" + "*a" * 12 + "b/", "**/x" * 10 + "*a" * 8]


@pytest.mark.parametrize("pattern", HOSTILE_IGNORES)
def test_a_hostile_gitignore_pattern_is_matched_without_backtracking(tmp_path, pattern):
    from corslint.files.gitignore import GitIgnore

    ignore = GitIgnore([pattern])
    deep = "/".join(["a" * 30] * 60) + "/" + "a" * 240
    started = time.process_time()
    for is_dir in (False, True):
        ignore.verdict(deep, is_dir)
        ignore.verdict("a" * 4000, is_dir)
    assert time.process_time() - started < 5  # backtracking took minutes


def test_a_hostile_gitignore_does_not_hang_the_cli(tmp_path):
    (tmp_path / ".gitignore").write_text("\n".join(HOSTILE_IGNORES) + "\n")
    deep = tmp_path.joinpath(*(["a" * 30] * 20))
    deep.mkdir(parents=True)
    (deep / ("a" * 200 + ".py")).write_text(FASTAPI_APP)
    result = run_cli("check", "--no-cache", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert b"COR101" in result.stdout


def test_gitignore_semantics_survive_the_rewrite():
    from corslint.files.gitignore import GitIgnore

    ignore = GitIgnore(["*.pyc", "build/", "/dist", "docs/**/*.md", "!docs/keep.md", "lib/*/gen", "a**b"])
    assert ignore.verdict("x/y.pyc", False) is True
    assert ignore.verdict("src/build", True) is True
    assert ignore.verdict("src/build/x.py", False) is True
    assert ignore.verdict("src/build", False) is None  # a file named build
    assert ignore.verdict("dist/x.py", False) is True
    assert ignore.verdict("src/dist/x.py", False) is None
    assert ignore.verdict("docs/a/b/c.md", False) is True
    assert ignore.verdict("docs/c.md", False) is True
    assert ignore.verdict("docs/keep.md", False) is False
    assert ignore.verdict("lib/x/gen", False) is True
    assert ignore.verdict("lib/x/y/gen", False) is None
    assert ignore.verdict("aXb", False) is True
    assert ignore.verdict("a/b", False) is None  # `**` inside a segment does not cross "/"

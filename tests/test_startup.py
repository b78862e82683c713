"""The start-up fast path (corslint.run.fastpath) answers only when the full path would say
the same, and `corslint check FILE` on a clean file imports almost nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from corslint.cli import main
from corslint.run.fastpath import try_fast_check

CLEAN = '"""Views."""\nfrom django.http import JsonResponse\n\n\ndef index(request):\n    return JsonResponse({})\n'


def _write(folder, name, content):
    path = os.path.join(str(folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_clean_files_take_the_fast_path(project):
    _write(project, "views.py", CLEAN)
    _write(project, "pkg/models.py", "x = 1  # no marker here\n")
    for argv in (["check", "views.py"], ["check", "-q", "--no-cache", "views.py", "pkg/models.py"],
                 ["check", "--force-exclude", "--output-format", "concise", "views.py"],
                 ["check", "--output-format=github", "views.py"]):
        assert try_fast_check(argv) == 0, argv
        assert main(argv) == 0


@pytest.mark.parametrize("content", [
    "from starlette.middleware.cors import CORSMiddleware\n",
    "from .base import *\nDEBUG = False\n",
    "from .base import  \t*\n",
    b"x = 1\0\n",  # COR002: not decodable
    b"# -*- coding: no-such-codec -*-\nx = 1\n",  # COR002: an unknown encoding
    "response['Access-Control-Allow-Origin'] = '*'\n",
])
def test_files_that_may_matter_take_the_full_path(project, content):
    _write(project, "app.py", content)
    assert try_fast_check(["check", "app.py"]) is None


@pytest.mark.parametrize("argv", [
    ["check"], ["check", "."], ["check", "-"], ["check", "--select", "COR101", "views.py"],
    ["check", "--no-cach", "views.py"],  # an abbreviation: argparse's business
    ["check", "--output-format", "json", "views.py"], ["check", "--output-format=sarif", "views.py"],
    ["check", "--config", "pyproject.toml", "views.py"], ["check", "--fix", "views.py"],
    ["check", "missing.py"], ["rule", "COR101"], [],
])
def test_other_command_lines_take_the_full_path(project, argv):
    _write(project, "views.py", CLEAN)
    assert try_fast_check(argv) is None


def test_a_configuration_sends_the_run_to_the_full_path(project):
    _write(project, "pyproject.toml", "[tool.corslint]\noutput-format = 'json'\n")
    _write(project, "src/views.py", CLEAN)
    assert try_fast_check(["check", "src/views.py"]) is None
    assert try_fast_check(["check", "--isolated", "src/views.py"]) == 0


def test_a_file_with_a_coding_cookie_is_decoded_like_the_full_path(project):
    _write(project, "legacy.py", b"# -*- coding: latin-1 -*-\nname = '\xe9'\n")
    assert try_fast_check(["check", "legacy.py"]) == 0


def test_a_broken_configuration_is_still_reported(project, capsys):
    _write(project, "pyproject.toml", "[tool.corslint]\nselect = 3\n")
    _write(project, "views.py", CLEAN)
    assert main(["check", "views.py"]) == 2
    assert "invalid configuration" in capsys.readouterr().err


def test_a_directory_is_walked_by_the_full_path(project):
    _write(project, "pkg/views.py", CLEAN)
    assert try_fast_check(["check", "pkg"]) is None


def test_checking_a_clean_file_imports_little(project):
    """No argparse, typing, dataclasses, re or libcst on the pre-commit path."""
    _write(project, "views.py", CLEAN)
    code = ("import sys; from corslint.cli import main; code = main(['check', 'views.py']); "
            "heavy = sorted(m for m in ('argparse', 'typing', 'dataclasses', 're', 'libcst', 'corslint.run.engine') "
            "if m in sys.modules); print(code, heavy)")
    # -S: without site, so that an editable install's import hook does not import re itself.
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env,
                         cwd=str(project))
    assert out.stdout.strip() == "0 []", out.stderr


def test_a_full_check_does_not_import_libcst_matchers(project):
    """libcst.matchers takes about 0.3 s to import, a third of a cold run on the benchmark
    tree; every framework reader walks nodes itself (it crept in once, unnoticed)."""
    _write(project, "app.py", "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
                              "class Auth:\n    async def __call__(self, scope, receive, send):\n"
                              "        if scope['method'] == 'OPTIONS':\n            return await self.app(scope, receive, send)\n"
                              "app = FastAPI()\napp.add_middleware(Auth)\n"
                              "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'])\n")
    code = ("import sys; from corslint.cli import main; code = main(['check', '--no-cache', '-q', 'app.py']); "
            "print(code, 'libcst.matchers' in sys.modules, 'libcst' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))), CORSLINT_JOBS="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(project))
    assert out.stdout.strip().endswith("False True"), (out.stdout, out.stderr)

"""The pre-commit hooks, run for real: pre-commit installs corslint from this checkout
into its own environment and runs the hook on a throw-away repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT, TESTDATA

pytest.importorskip("pre_commit", reason="pre-commit is a test extra")
yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit")

GIT = shutil.which("git")


def _hooks() -> dict:
    return {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def test_hook_manifest_follows_the_conventions():
    hooks = _hooks()
    assert set(hooks) == {"corslint", "corslint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["python", "pyi", "go", "rust"]
        assert any(d.startswith("tree-sitter-go") for d in hook["additional_dependencies"])
        assert hook["require_serial"] is True  # corslint parallelises itself
        assert hook["entry"].startswith("corslint check ") and "--force-exclude" in hook["entry"]
    assert "--fix" in hooks["corslint-fix"]["entry"].split() and "--fix" not in hooks["corslint"]["entry"].split()


def _git(*args: str, cwd) -> None:
    subprocess.run([GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.network
@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_corslint_hook_fails_on_a_misconfigured_project(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", repo)
    shutil.copytree(TESTDATA / "fastapi_clean", repo / "clean")
    shutil.copytree(TESTDATA / "go_rs_cors_wildcard", repo / "sessions")
    shutil.copytree(TESTDATA / "go_rs_cors_clean", repo / "clean" / "catalog")
    (repo / "README.md").write_text("not python: the hook must not be given this file\n")
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="test",
               GIT_AUTHOR_EMAIL="test@example.com", GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.com")
    env.pop("GITHUB_ACTIONS", None)
    run = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "corslint", "--all-files",
                          "--color", "never"], cwd=repo, env=env, capture_output=True, timeout=900)
    output = run.stdout.decode() + run.stderr.decode()
    if run.returncode != 1 and "An unexpected error has occurred" in output and not os.environ.get("CI"):
        pytest.skip(f"pre-commit could not install the hook environment (offline?):\n{output[-2000:]}")
    assert run.returncode == 1, output
    assert "corslint" in output and "Failed" in output
    assert "app/main.py:12:5: COR101 " in output
    assert "sessions/main.go:18:3: COR101 " in output  # Go services are checked by the same hook
    assert "clean/" not in output and "README" not in output


BEFORE_FIX = '''\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com/", "null"],
    allow_methods=["get", "POST"],
    max_age=604800,
)
'''
AFTER_FIX = '''\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_methods=["GET", "POST"],
    max_age=86400,
)
'''


@pytest.mark.network
@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_corslint_fix_hook_fixes_the_files_and_fails_the_run(tmp_path):
    """pre-commit fails a hook that changes files, so the user reviews the fixes and stages them."""
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    (repo / "app" / "main.py").write_text(BEFORE_FIX)
    shutil.copytree(TESTDATA / "fastapi_clean", repo / "clean")
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    clean_before = {p: p.read_bytes() for p in (repo / "clean").rglob("*.py")}
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="test",
               GIT_AUTHOR_EMAIL="test@example.com", GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.com")
    env.pop("GITHUB_ACTIONS", None)
    run = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "corslint-fix", "--all-files",
                          "--color", "never"], cwd=repo, env=env, capture_output=True, timeout=900)
    output = run.stdout.decode() + run.stderr.decode()
    if run.returncode != 1 and "An unexpected error has occurred" in output and not os.environ.get("CI"):
        pytest.skip(f"pre-commit could not install the hook environment (offline?):\n{output[-2000:]}")
    assert run.returncode == 1, output
    assert "Failed" in output and "files were modified by this hook" in output, output
    assert (repo / "app" / "main.py").read_text() == AFTER_FIX
    assert {p: p.read_bytes() for p in (repo / "clean").rglob("*.py")} == clean_before
    # The fixed file is clean now: a second run passes and changes nothing.
    _git("add", "-A", cwd=repo)
    again = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "corslint-fix", "--all-files",
                            "--color", "never"], cwd=repo, env=env, capture_output=True, timeout=900)
    assert again.returncode == 0, again.stdout.decode() + again.stderr.decode()
    assert (repo / "app" / "main.py").read_text() == AFTER_FIX

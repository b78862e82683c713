"""The flake8 plugin, exercised through real flake8 in a subprocess, the way editors run it."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import TESTDATA

pytest.importorskip("flake8", reason="flake8 is a test extra")


def flake8(*args: str, cwd, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", "--isolated", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120)


def test_flake8_reports_corslint_findings_with_1_based_columns():
    out = flake8("--select", "COR", "--extend-exclude", "*.fixed.py", ".", cwd=TESTDATA / "starlette_middleware_list")
    assert out.returncode == 1, out.stderr.decode()
    lines = out.stdout.decode().splitlines()
    # The same positions as `corslint check` (flake8 adds 1 to the plugin's 0-based column).
    assert [line.split(" ", 2)[:2] for line in lines] == [
        ["./app.py:11:5:", "COR302"], ["./app.py:12:5:", "COR302"], ["./app.py:13:5:", "COR106"],
        ["./app.py:23:5:", "COR401"], ["./app.py:26:24:", "COR307"]]
    assert "compares methods case-sensitively" in lines[-1]


def test_flake8_plugin_is_registered_under_cor():
    out = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, timeout=60)
    assert b"corslint" in out.stdout


def test_flake8_on_stdin_with_a_display_name_as_editors_run_it():
    project = TESTDATA / "fastapi_wildcard_credentials"
    source = (project / "app" / "main.py").read_bytes()
    # VS Code's flake8 extension: its own --format and `--stdin-display-name <path> -`.
    out = flake8("--format=%(row)d,%(col)d,%(code).1s,%(code)s:%(text)s", "--select", "COR",
                 "--stdin-display-name", "app/main.py", "-", cwd=project, stdin=source)
    assert out.stdout.decode().splitlines()[0].startswith("12,5,C,COR101:allow_origins=['*'] allows every origin")
    # ALE / flycheck: the default format.
    out = flake8("--select", "COR", "--stdin-display-name", "app/main.py", "-", cwd=project, stdin=source)
    assert out.stdout.decode().startswith("app/main.py:12:5: COR101 ")


def test_flake8_noqa_and_clean_files(tmp_path):
    clean = flake8("--select", "COR", ".", cwd=TESTDATA / "fastapi_clean")
    assert clean.returncode == 0 and clean.stdout == b""
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", tmp_path / "project")
    main = tmp_path / "project" / "app" / "main.py"
    main.write_text(main.read_text().replace("# expect: COR101", "# noqa: COR101"))
    assert flake8("--select", "COR", ".", cwd=tmp_path / "project").returncode == 0


def test_flake8_uses_the_corslint_configuration_of_the_file(tmp_path):
    shutil.copytree(TESTDATA / "starlette_middleware_list", tmp_path / "project",
                    ignore=shutil.ignore_patterns("*.fixed.py"))  # expected --fix results, not sources
    (tmp_path / "project" / "pyproject.toml").write_text('[tool.corslint]\nignore = ["COR302"]\n')
    out = flake8("--select", "COR", ".", cwd=tmp_path / "project")
    codes = [line.split()[1] for line in out.stdout.decode().splitlines()]
    assert codes == ["COR106", "COR401", "COR307"]

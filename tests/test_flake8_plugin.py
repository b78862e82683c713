"""The flake8 plugin, exercised through real flake8 in a subprocess, the way editors run it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import TESTDATA, fixture_projects, run_cli

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


# ---------------------------------------------------------------- parity with `corslint check`
def _positions(lines):
    """(path, line, column, code) of flake8-style lines `path:line:col: CODE message`."""
    out = set()
    for line in lines:
        location, _, rest = line.partition(": ")
        path, row, col = location.rsplit(":", 2)
        out.add((os.path.normpath(path), int(row), int(col), rest.split(" ", 1)[0]))
    return out


@pytest.mark.parametrize("project", fixture_projects(), ids=lambda p: p.name)
def test_flake8_reports_exactly_what_corslint_check_reports(tmp_path, project):
    root = tmp_path / project.name
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("*.fixed.py", ".corslint_cache"))
    check = run_cli("check", "--no-cache", "--output-format", "concise", "-q", ".", cwd=root)
    assert check.returncode in (0, 1), check.stderr.decode()
    # flake8 checks Python files only; Go and Rust findings are corslint's alone.
    expected = {e for e in _positions(check.stdout.decode().splitlines()) if e[0].endswith((".py", ".pyi"))}
    out = flake8("--select", "COR,E902,E999", ".", cwd=root)
    # A file that makes one of flake8's own plugins fail (pyflakes' RecursionError on a
    # generated module nested past Python's recursion limit) stops flake8's whole run;
    # corslint reports such a file as COR003. Compare on the rest of the project.
    failed = {os.path.normpath(line.split(":", 1)[0]) for line in out.stdout.decode().splitlines()
              if "failed during execution" in line}
    if failed:
        for path in failed:
            (root / path).unlink()
        out = flake8("--select", "COR,E902,E999", ".", cwd=root)
        expected = {e for e in expected if e[0] not in failed}
    assert out.returncode in (0, 1), out.stderr.decode()
    reported = _positions(out.stdout.decode().splitlines())
    # flake8 runs no plugin on a file it cannot decode (E902) or parse (E999) and says so
    # itself; there corslint reports COR002 / COR001.
    unreadable = {(path, {"E902": "COR002", "E999": "COR001"}[code]) for path, _, _, code in reported
                  if code in ("E902", "E999")}
    assert {r for r in reported if r[3].startswith("COR")} == {e for e in expected
                                                              if (e[0], e[3]) not in unreadable}
    # --disable-noqa: what `# noqa` hides comes back, in both tools alike.
    disabled = flake8("--select", "COR", "--disable-noqa", ".", cwd=root)
    # (COR004 judges `# noqa` comments: with them disabled there is nothing to judge.)
    assert _positions(disabled.stdout.decode().splitlines()) >= {r for r in reported
                                                                 if r[3].startswith("COR") and r[3] != "COR004"}


def test_flake8_shows_findings_caused_by_another_module(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "settings.py").write_text('ORIGINS = ["*"]\n')
    (root / "main.py").write_text(
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
        "from settings import ORIGINS\n\napp = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)\n")
    # Only main.py is named, as an editor runs flake8 on the open file; the value's
    # module is still analysed, and the finding lands where `corslint check` puts it.
    check = run_cli("check", "--no-cache", "--output-format", "concise", "-q", ".", cwd=root)
    expected = _positions(check.stdout.decode().splitlines())
    assert expected, check.stdout.decode()
    out = flake8("--select", "COR", "main.py", "settings.py", cwd=root)
    assert _positions(out.stdout.decode().splitlines()) == expected


def test_flake8_disable_noqa_reports_suppressed_findings(tmp_path):
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", tmp_path / "project")
    main = tmp_path / "project" / "app" / "main.py"
    main.write_text(main.read_text().replace("# expect: COR101", "# noqa: COR101"))
    assert flake8("--select", "COR", ".", cwd=tmp_path / "project").returncode == 0
    out = flake8("--select", "COR", "--disable-noqa", ".", cwd=tmp_path / "project")
    assert out.returncode == 1 and "COR101" in out.stdout.decode()


def test_flake8_honours_the_configured_baseline(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(TESTDATA / "starlette_middleware_list", root, ignore=shutil.ignore_patterns("*.fixed.py"))
    assert run_cli("check", "--no-cache", "--write-baseline", "baseline.json", ".", cwd=root).returncode == 0
    (root / "corslint.toml").write_text('baseline = "baseline.json"\n')
    assert flake8("--select", "COR", ".", cwd=root).stdout == b""
    (root / "extra.py").write_text(
        "from starlette.applications import Starlette\nfrom starlette.middleware.cors import CORSMiddleware\n"
        'extra = Starlette()\nextra.add_middleware(CORSMiddleware, allow_origins=["null"])\n')
    check = run_cli("check", "--no-cache", "--output-format", "concise", "-q", ".", cwd=root)
    out = flake8("--select", "COR", ".", cwd=root)
    expected = _positions(check.stdout.decode().splitlines())
    assert {(path, code) for path, _, _, code in expected} == {("extra.py", "COR105")}
    assert _positions(out.stdout.decode().splitlines()) == expected

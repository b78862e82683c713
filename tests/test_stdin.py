"""`corslint check --stdin-filename PATH [-]`: the source comes from stdin (an editor's
unsaved buffer) and is reported, configured and excluded as if it were at PATH."""
from __future__ import annotations

import json

from tests.helpers import TESTDATA, run_cli

APP = (TESTDATA / "fastapi_wildcard_credentials" / "app" / "main.py").read_bytes()


def test_stdin_is_reported_under_the_given_name():
    for args in (["--stdin-filename", "app/main.py", "-"], ["--stdin-filename", "app/main.py"],
                 ["--stdin-display-name", "app/main.py", "-"]):
        out = run_cli("check", *args, cwd=TESTDATA / "fastapi_wildcard_credentials", stdin=APP)
        assert out.returncode == 1, out.stderr
        assert out.stdout.decode().startswith("app/main.py:12:5: COR101 "), args


def test_stdin_without_a_name_is_reported_as_dash(tmp_path):
    out = run_cli("check", "-", cwd=tmp_path, stdin=APP)
    assert out.returncode == 1 and out.stdout.decode().startswith("-:12:5: COR101 ")


def test_the_file_on_disk_is_not_read(tmp_path):
    (tmp_path / "app.py").write_bytes(APP)
    fixed = APP.replace(b'allow_origins=["*"]', b'allow_origins=["https://app.example.com"]')
    out = run_cli("check", "--stdin-filename", "app.py", "-", cwd=tmp_path, stdin=fixed)
    assert out.returncode == 0 and out.stdout == b"", out.stdout


def test_configuration_is_resolved_for_the_stdin_path(tmp_path):
    project = tmp_path / "service"
    (project / "public").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.corslint]\n[tool.corslint.per-file-ignores]\n"public/*" = ["COR101"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Run from another folder, as editors do: the config is found from the stdin path.
    ignored = run_cli("check", "--stdin-filename", str(project / "public" / "api.py"), "-",
                      cwd=elsewhere, stdin=APP)
    assert ignored.returncode == 0 and ignored.stdout == b""
    reported = run_cli("check", "--stdin-filename", str(project / "api.py"), "-", cwd=elsewhere, stdin=APP)
    assert reported.returncode == 1 and b"COR101" in reported.stdout


def test_force_exclude_applies_to_the_stdin_path(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.corslint]\nextend-exclude = ["migrations"]\n')
    args = ["check", "--stdin-filename", "migrations/app.py", "-"]
    assert run_cli(*args, cwd=tmp_path, stdin=APP).returncode == 1
    excluded = run_cli(*args, "--force-exclude", cwd=tmp_path, stdin=APP)
    assert excluded.returncode == 0 and excluded.stdout == b""


def test_stdin_with_json_output_names_the_file(tmp_path):
    out = run_cli("check", "--output-format", "json", "--stdin-filename", "app/main.py", cwd=tmp_path, stdin=APP)
    finding = json.loads(out.stdout)[0]
    assert finding["filename"] == str(tmp_path / "app" / "main.py")
    assert finding["location"] == {"row": 12, "column": 5}


def test_dash_cannot_be_combined_with_paths(tmp_path):
    out = run_cli("check", "-", ".", cwd=tmp_path, stdin=APP)
    assert out.returncode == 2 and b"cannot be combined" in out.stderr

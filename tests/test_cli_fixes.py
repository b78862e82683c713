"""The fix flags of `corslint check`, through the real command line: output and exit codes."""
from __future__ import annotations

import json
import os

import pytest

from tests.helpers import run_cli
from tests.test_fixes import EXPECTED, SOURCE

# Only safe fixes: everything goes away with --fix.
SAFE_ONLY = '''\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com/", "null"], allow_methods=["get"])
'''
SAFE_ONLY_FIXED = SAFE_ONLY.replace('["https://app.example.com/", "null"]', '["https://app.example.com"]') \
    .replace('["get"]', '["GET"]')


@pytest.fixture
def project(tmp_path):
    def make(source=SOURCE):
        (tmp_path / "app.py").write_text(source)
        (tmp_path / "pyproject.toml").write_text("[tool.corslint]\n")
        return tmp_path
    return make


def check(root, *args, stdin=b""):
    return run_cli("check", *args, cwd=root, stdin=stdin)


def out(result) -> str:
    return result.stdout.decode()


def err(result) -> str:
    return result.stderr.decode()


def test_without_fix_fixable_findings_are_marked_and_counted(project):
    root = project()
    result = check(root, ".")
    assert result.returncode == 1
    lines = out(result).splitlines()
    assert any(" COR105 [*] " in line for line in lines)
    assert any(" COR401 " in line and "[*]" not in line for line in lines)  # unsafe: not marked
    assert "[*] 3 fixable with `--fix` (2 hidden fixes can be enabled with the `--unsafe-fixes` option)." in err(result)
    assert (root / "app.py").read_text() == SOURCE


def test_unsafe_fixes_without_fix_marks_unsafe_fixes_too(project):
    root = project()
    result = check(root, "--unsafe-fixes", ".")
    assert any(" COR401 [*] " in line for line in out(result).splitlines())
    assert "[*] 5 fixable with `--fix --unsafe-fixes`." in err(result)
    assert (root / "app.py").read_text() == SOURCE


def test_fix_applies_safe_fixes_and_exits_1_when_findings_remain(project):
    root = project()
    result = check(root, "--fix", ".")
    assert result.returncode == 1
    text = (root / "app.py").read_text()
    assert "'GET'" in text and "max_age=86400" in text and "allow_origin_regex" not in text
    assert {line.split()[1] for line in out(result).splitlines()} == {"COR204", "COR401"}
    assert "Found 5 findings (3 fixed, 2 remaining)." in err(result)
    assert "2 hidden fixes can be enabled with the `--unsafe-fixes` option" in err(result)


def test_fix_with_unsafe_fixes_fixes_everything_and_exits_0(project):
    root = project()
    result = check(root, "--fix", "--unsafe-fixes", ".")
    assert result.returncode == 0, err(result)
    assert out(result) == ""
    assert (root / "app.py").read_text() == EXPECTED
    assert "Found 5 findings (5 fixed, 0 remaining)." in err(result)


def test_fix_exits_0_when_nothing_remains_and_1_with_exit_non_zero_on_fix(project, tmp_path):
    root = project(SAFE_ONLY)
    result = check(root, "--fix", ".")
    assert result.returncode == 0, out(result) + err(result)
    assert (root / "app.py").read_text() == SAFE_ONLY_FIXED
    (root / "app.py").write_text(SAFE_ONLY)
    result = check(root, "--fix", "--exit-non-zero-on-fix", ".")
    assert result.returncode == 1
    assert (root / "app.py").read_text() == SAFE_ONLY_FIXED
    # Nothing left to change: --exit-non-zero-on-fix does not fire.
    assert check(root, "--fix", "--exit-non-zero-on-fix", ".").returncode == 0


def test_diff_prints_a_unified_diff_writes_nothing_and_exits_1(project):
    root = project()
    result = check(root, "--diff", ".")
    assert result.returncode == 1
    diff = out(result)
    assert diff.startswith("--- app.py\n+++ app.py\n@@ ")
    assert "-        \"null\",  # the old file:// demo\n" in diff and "+    max_age=86400,\n" in diff
    assert "allow_origin_regex" not in diff  # unsafe: not without --unsafe-fixes
    assert "Would fix 3 findings." in err(result)
    assert (root / "app.py").read_text() == SOURCE
    unsafe = check(root, "--diff", "--unsafe-fixes", ".")
    assert "+    allow_origin_regex=" in out(unsafe) and (root / "app.py").read_text() == SOURCE


def test_diff_exits_0_when_there_is_nothing_to_fix(project):
    root = project(SAFE_ONLY_FIXED)
    result = check(root, "--diff", ".")
    assert result.returncode == 0 and out(result) == ""
    assert "No fixes to apply." in err(result)


def test_show_fixes_lists_what_was_fixed_per_file(project):
    root = project()
    result = check(root, "--fix", "--show-fixes", ".")
    assert "Fixed 3 findings:\n- app.py:\n    1 × COR105 (null-origin)\n    1 × COR305 (max-age-excessive)\n" \
           "    1 × COR307 (method-case)\n" in err(result)


def test_fix_only_reports_nothing_and_exits_0(project):
    root = project()
    result = check(root, "--fix-only", ".")
    assert result.returncode == 0
    assert out(result) == "" and "Fixed 3 findings." in err(result)
    assert "max_age=86400" in (root / "app.py").read_text()
    (root / "app.py").write_text(SOURCE)
    assert check(root, "--fix-only", "--exit-non-zero-on-fix", ".").returncode == 1


def test_exit_zero_with_fix(project):
    root = project()
    assert check(root, "--fix", "--exit-zero", ".").returncode == 0


def test_fix_on_stdin_prints_the_fixed_source(project):
    root = project(SAFE_ONLY_FIXED)
    result = check(root, "--fix", "--stdin-filename", "app.py", "-", stdin=SAFE_ONLY.encode())
    assert result.returncode == 0, err(result)
    assert out(result) == SAFE_ONLY_FIXED
    assert (root / "app.py").read_text() == SAFE_ONLY_FIXED  # the file on disk is not the input


def test_diff_on_stdin(project):
    root = project(SAFE_ONLY_FIXED)
    result = check(root, "--diff", "--stdin-filename", "app.py", "-", stdin=SAFE_ONLY.encode())
    assert result.returncode == 1 and '+app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"]' \
        in out(result)


def test_json_output_carries_the_fix_edits(project):
    root = project()
    result = check(root, "--output-format", "json", ".")
    findings = json.loads(out(result))
    by_code = {f["code"]: f for f in findings}
    fix = by_code["COR305"]["fix"]
    assert fix["applicability"] == "safe" and fix["message"] == "Clamp max_age to 86400"
    assert fix["edits"] == [{"content": "86400", "location": {"row": 16, "column": 13},
                             "end_location": {"row": 16, "column": 19}}]
    assert by_code["COR401"]["fix"]["applicability"] == "unsafe"
    assert by_code["COR105"]["fix"]["edits"][0]["content"] == ""


def test_remaining_findings_after_fix_keep_the_output_format(project):
    root = project()
    result = check(root, "--fix", "--output-format", "json", ".")
    assert result.returncode == 1
    assert sorted(f["code"] for f in json.loads(out(result))) == ["COR204", "COR401"]


def test_a_file_that_cannot_be_written_is_an_error(project, monkeypatch, capsys):
    from corslint import cli
    from corslint.fixes import write

    def refuse(path, data, **kwargs):
        raise PermissionError(13, "Permission denied")

    root = project(SAFE_ONLY)
    monkeypatch.setattr(write, "write_atomically", refuse)
    monkeypatch.chdir(root)
    assert cli.main(["check", "--fix", "."]) == 2
    assert "app.py: cannot write the fixed file: Permission denied" in capsys.readouterr().err
    assert (root / "app.py").read_text() == SAFE_ONLY

"""Adopting corslint on an existing codebase: --add-noqa, baselines and COR004
(unused-noqa), all through the real command line (and git, to see what changed)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.helpers import TESTDATA, run_cli

APP = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
)
admin = FastAPI()
admin.add_middleware(CORSMiddleware, allow_origins=["null", "https://admin.example.com"])  # keep: legacy app
public = FastAPI()
public.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: E501
"""


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def concise(root, *args):
    result = run_cli("check", "--no-cache", "--output-format", "concise", "-q", *args, cwd=root)
    assert result.returncode in (0, 1), result.stderr.decode()
    return [line.split(" ", 2)[:2] for line in result.stdout.decode().splitlines()], result


# ---------------------------------------------------------------- --add-noqa
def test_add_noqa_silences_every_finding_and_merges_with_existing_comments(tmp_path):
    write(tmp_path, {"app.py": APP})
    before, _ = concise(tmp_path, ".")
    assert [code for _, code in before] == ["COR101", "COR105", "COR104"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    result = run_cli("check", "--no-cache", "--add-noqa", ".", cwd=tmp_path)
    assert result.returncode == 0 and "Added 3 noqa directives in 1 file." in result.stderr.decode()
    diff = subprocess.run(["git", "diff", "-U0", "--no-color"], cwd=tmp_path, capture_output=True, text=True,
                          check=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-)",
        "+)  # noqa: COR101",  # the statement's last line: covers the whole call
        '-admin.add_middleware(CORSMiddleware, allow_origins=["null", "https://admin.example.com"])  '
        "# keep: legacy app",
        '+admin.add_middleware(CORSMiddleware, allow_origins=["null", "https://admin.example.com"])  '
        "# keep: legacy app  # noqa: COR105",
        '-public.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: E501',
        '+public.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: E501, COR104',
    ]
    after, final = concise(tmp_path, ".")
    assert after == [] and final.returncode == 0
    # Running it again adds nothing.
    again = run_cli("check", "--no-cache", "--add-noqa", ".", cwd=tmp_path)
    assert again.returncode == 0 and "No noqa directives to add." in again.stderr.decode()


def test_add_noqa_keeps_encoding_bom_and_line_endings(tmp_path):
    source = ("# -*- coding: latin-1 -*-\r\n" + APP.replace("\n", "\r\n").replace("legacy", "l\xe9gacy")
              ).encode("latin-1")
    write(tmp_path, {"app.py": b"\xef\xbb\xbf" + APP.replace("\n", "\r\n").encode(), "latin.py": source})
    assert run_cli("check", "--no-cache", "--add-noqa", ".", cwd=tmp_path).returncode == 0
    data = (tmp_path / "app.py").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b")  # noqa: COR101\r\n" in data and b"\n" not in \
        data.replace(b"\r\n", b"")
    latin = (tmp_path / "latin.py").read_bytes()
    assert "# keep: l\xe9gacy app  # noqa: COR105\r\n".encode("latin-1") in latin
    assert concise(tmp_path, ".")[0] == []


def test_add_noqa_refuses_stdin_and_fix(tmp_path):
    write(tmp_path, {"app.py": APP})
    assert run_cli("check", "--add-noqa", "--fix", ".", cwd=tmp_path).returncode == 2
    result = run_cli("check", "--add-noqa", "--stdin-filename", "app.py", "-", cwd=tmp_path, stdin=APP.encode())
    assert result.returncode == 2 and "stdin" in result.stderr.decode()
    assert (tmp_path / "app.py").read_text() == APP


# ---------------------------------------------------------------- baselines
def test_a_baseline_hides_todays_findings_survives_moved_lines_and_reports_new_ones(tmp_path):
    write(tmp_path, {"app.py": APP})
    written = run_cli("check", "--no-cache", "--write-baseline", "corslint-baseline.json", ".", cwd=tmp_path)
    assert written.returncode == 0 and "Wrote 3 findings" in written.stderr.decode()
    document = json.loads((tmp_path / "corslint-baseline.json").read_text())
    assert [(e["file"], e["code"], e["line"]) for e in document["findings"]] == [
        ("app.py", "COR101", 7), ("app.py", "COR105", 11), ("app.py", "COR104", 13)]
    assert concise(tmp_path, "--baseline", "corslint-baseline.json", ".")[0] == []
    # Lines moved (a docstring above), a new finding added: only the new one is reported.
    moved = '"""The API."""\n\n\n' + APP + 'extra = FastAPI()\nextra.add_middleware(CORSMiddleware, allow_origins=["null"])\n'
    write(tmp_path, {"app.py": moved})
    found, result = concise(tmp_path, "--baseline", "corslint-baseline.json", ".")
    assert found == [["app.py:18:53:", "COR105"]] and result.returncode == 1
    assert "baseline" not in result.stderr.decode()


def test_stale_baseline_entries_are_listed(tmp_path):
    write(tmp_path, {"app.py": APP, "corslint.toml": 'baseline = "base.json"\n'})
    assert run_cli("check", "--no-cache", "--write-baseline", "base.json", ".", cwd=tmp_path).returncode == 0
    write(tmp_path, {"app.py": APP.replace('"null", ', "")})  # COR105 fixed
    found, result = concise(tmp_path, ".")  # the `baseline` key of corslint.toml
    assert found == [] and result.returncode == 0
    (warning,) = result.stderr.decode().splitlines()
    assert warning == ("corslint: warning: 1 baseline entry in base.json no longer matches a finding (fixed or "
                       "changed): app.py:11 COR105; rewrite it with --write-baseline base.json")


def test_identical_findings_need_one_entry_each(tmp_path):
    line = 'a = FastAPI()\na.add_middleware(CORSMiddleware, allow_origins=["null"])\n'
    head = "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
    write(tmp_path, {"app.py": head + line})
    assert run_cli("check", "--no-cache", "--write-baseline", "b.json", ".", cwd=tmp_path).returncode == 0
    write(tmp_path, {"app.py": head + line + line})
    found, _ = concise(tmp_path, "--baseline", "b.json", ".")
    assert [code for _, code in found] == ["COR105"]


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the baseline"), ("{", "is not a corslint baseline"), ('{"x": 1}', "is not a corslint baseline"),
])
def test_a_bad_baseline_is_one_line_and_exit_2(tmp_path, content, message):
    write(tmp_path, {"app.py": APP, **({"b.json": content} if content is not None else {})})
    result = run_cli("check", "--no-cache", "--baseline", "b.json", ".", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == b""
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith("corslint: error: ") and message in line


# ---------------------------------------------------------------- COR004 unused-noqa
def test_unused_and_unknown_noqa_are_reported_and_fixed(tmp_path):
    shutil.copytree(TESTDATA / "fastapi_stale_noqa", tmp_path / "p")
    root = tmp_path / "p"
    found, _ = concise(root, ".")
    assert found == [["api/main.py:19:4:", "COR004"], ["api/routes.py:7:18:", "COR004"]]
    fixed = run_cli("check", "--no-cache", "--fix", ".", cwd=root)
    assert fixed.returncode == 0, fixed.stderr.decode()
    main = (root / "api" / "main.py").read_text()
    assert ")  # expect: COR004\n" in main and "# noqa: COR104 read-only status page" in main
    assert "def products():  # expect: COR004\n" in (root / "api" / "routes.py").read_text()
    assert "# noqa: E501" in (root / "api" / "routes.py").read_text()  # another tool's: not ours


@pytest.mark.parametrize("comment, fixed", [
    ("# noqa: COR105", ""),
    ("# noqa: COR105, E501", "  # noqa: E501"),
    ("# noqa:COR105 E501 COR104", "  # noqa:E501 COR104"),
    ("# noqa: COR105 because legacy", "  # because legacy"),
    ("# type: ignore  # noqa: COR105", "  # type: ignore"),
])
def test_the_fix_removes_only_the_unused_codes(tmp_path, comment, fixed):
    head = 'from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\n'
    write(tmp_path, {"app.py": head + f'app.add_middleware(CORSMiddleware, allow_origins=["*"])  {comment}\n'})
    result = run_cli("check", "--no-cache", "--fix", "--ignore", "COR104", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert (tmp_path / "app.py").read_text() == head + \
        f'app.add_middleware(CORSMiddleware, allow_origins=["*"]){fixed}\n'


def test_unused_is_judged_only_for_folders_and_selected_codes(tmp_path):
    shutil.copytree(TESTDATA / "fastapi_stale_noqa", tmp_path / "p")
    root = tmp_path / "p"
    # A file named on its own: an unknown code is still reported, an unused one is not
    # (its finding could come from a module outside the run).
    found, _ = concise(root, "api/main.py", "api/routes.py")
    assert found == [["api/routes.py:7:18:", "COR004"]]
    # COR101 not selected: whether it would fire is not known, so its noqa is not judged.
    found, _ = concise(root, "--ignore", "COR101", ".")
    assert found == [["api/routes.py:7:18:", "COR004"]]
    found, _ = concise(root, "--per-file-ignores", "api/main.py:COR004", ".")
    assert found == [["api/routes.py:7:18:", "COR004"]]


def test_add_noqa_leaves_go_files_alone_and_says_so(tmp_path):
    pytest.importorskip("tree_sitter_go", reason="Go support is the go extra")
    shutil.copytree(TESTDATA / "go_rs_cors_default", tmp_path / "p")
    before = {p: p.read_bytes() for p in (tmp_path / "p").rglob("*") if p.is_file()}
    found, _ = concise(tmp_path / "p", ".")
    assert found  # a Go finding to suppress
    result = run_cli("check", "--no-cache", "--add-noqa", ".", cwd=tmp_path / "p")
    assert result.returncode == 0
    assert "in Go or Rust files got no comment" in result.stderr.decode()
    assert {p: p.read_bytes() for p in (tmp_path / "p").rglob("*") if p.is_file()} == before

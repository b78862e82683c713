"""The terminal: colour (--color, NO_COLOR, FORCE_COLOR) in the full format and --diff,
"All checks passed!", and the progress indicator (stderr, terminals only)."""
from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from corslint import cli
from tests.helpers import TESTDATA, run_cli
from tests.snapshot import assert_snapshot

ESC = b"\x1b["
APP = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com", "null"])
"""


def write(root, files):
    for name, text in files.items():
        (root / name).write_text(text)


@pytest.mark.parametrize("args, env, coloured", [
    (("--color", "always"), {}, True),
    (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ((), {}, False),  # a pipe
    (("--color", "always", "--output-format", "concise"), {}, False),  # one plain line, always
])
def test_colour_follows_the_flag_then_no_color_then_force_color(tmp_path, args, env, coloured):
    write(tmp_path, {"app.py": APP})
    base = ("--output-format", "full") if "--output-format" not in args else ()
    result = run_cli("check", "--no-cache", *base, *args, ".", cwd=tmp_path,
                     env={"NO_COLOR": "", "FORCE_COLOR": "", **env})
    assert result.returncode == 1
    assert (ESC in result.stdout) == coloured


def test_the_coloured_full_format_snapshot(monkeypatch):
    monkeypatch.chdir(TESTDATA / "broken_files")
    result = run_cli("check", "--no-cache", "--color", "always", "--output-format", "full", "good.py",
                     cwd=TESTDATA / "broken_files")
    assert_snapshot("full-color.txt", result.stdout.decode())


def test_diff_is_coloured_on_request_only(tmp_path):
    write(tmp_path, {"app.py": APP})
    plain = run_cli("check", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert ESC not in plain.stdout and b"-app.add_middleware" in plain.stdout
    coloured = run_cli("check", "--no-cache", "--diff", "--color", "always", ".", cwd=tmp_path)
    assert b"\x1b[31m-app.add_middleware" in coloured.stdout and b"\x1b[32m+app.add_middleware" in coloured.stdout
    assert (tmp_path / "app.py").read_text() == APP


def test_full_format_says_all_checks_passed(tmp_path):
    write(tmp_path, {"app.py": APP.replace(', "null"', ""), "plain.py": "x = 1\n"})
    for args in ((".",), ("plain.py",)):  # the full path and the start-up fast path
        result = run_cli("check", "--no-cache", "--output-format", "full", *args, cwd=tmp_path)
        assert result.returncode == 0 and result.stdout == b"All checks passed!\n", args
        quiet = run_cli("check", "--no-cache", "--output-format", "full", "-q", *args, cwd=tmp_path)
        assert quiet.stdout == b""
    concise = run_cli("check", "--no-cache", "--output-format", "concise", ".", cwd=tmp_path)
    assert concise.stdout == b""


def test_full_format_puts_code_and_message_first_then_location_excerpt_and_help(tmp_path):
    write(tmp_path, {"app.py": APP})
    lines = run_cli("check", "--no-cache", "--output-format", "full", ".", cwd=tmp_path).stdout.decode().splitlines()
    assert lines[0].startswith("COR105 [*] 'null' in allow_origins trusts the `null` origin")
    assert lines[1] == " --> app.py:5:78"
    assert lines[4].startswith("5 | app.add_middleware(")
    assert "help: Remove it." in lines


# ---------------------------------------------------------------- progress
class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal_outside_ci_for_human_formats(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert cli._progress("full", 5000) is not None
    assert cli._progress("concise", 5000) is not None
    assert cli._progress("json", 5000) is None and cli._progress("sarif", 5000) is None
    assert cli._progress("full", 20) is None  # a short run
    monkeypatch.setenv("CI", "true")
    assert cli._progress("full", 5000) is None
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe
    assert cli._progress("full", 5000) is None


def test_progress_writes_and_erases_one_line(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = cli._Progress(1000)
    progress(50)  # before the delay: nothing
    assert terminal.getvalue() == ""
    monkeypatch.setattr(cli._Progress, "DELAY", 0.0)
    monkeypatch.setattr(cli._Progress, "INTERVAL", 0.0)
    progress(400)
    progress.done()
    assert terminal.getvalue() == "\r\x1b[KChecking 400/1000 files…\r\x1b[K"


def test_progress_reaches_a_real_terminal_and_never_a_pipe(tmp_path):
    for number in range(400):
        (tmp_path / f"m{number}.py").write_text(f"VALUE_{number} = {number}\n" * 200)
    write(tmp_path, {"app.py": APP})
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CI", None)
    env.pop("GITHUB_ACTIONS", None)
    primary, secondary = pty.openpty()
    try:
        # A one-millisecond delay would be a test-only knob; instead the indicator's
        # delay is patched in a child that runs the real CLI with stderr on a terminal.
        code = ("import sys; from corslint import cli; cli._Progress.DELAY = 0.0; cli._Progress.INTERVAL = 0.0; "
                "sys.exit(cli.main(['check', '--no-cache', '--output-format', 'concise', '.']))")
        result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=secondary, env=env, timeout=120)
        os.close(secondary)
        secondary = None
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if secondary is not None:
            os.close(secondary)
        os.close(primary)
    assert result.returncode == 1 and b"COR105" in result.stdout and b"Checking" not in result.stdout
    assert b"Checking 50/401 files" in seen and b"\r\x1b[K" in seen
    piped = run_cli("check", "--no-cache", "--output-format", "concise", ".", cwd=tmp_path, env={"CI": ""})
    assert b"Checking" not in piped.stderr

"""Nothing a user's tree contains crashes, hangs or corrupts (issue 9).

Each case runs the real CLI on a project that holds one odd file beside a good file
with a known finding: the odd file ends with one clear line and the right exit code,
and the good file is still checked. Where the operating system cannot produce the
condition for a root user (unreadable files) or at the right moment (a file vanishing
between discovery and reading), the CLI runs in-process with the condition injected.
"""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import run_cli

GOOD = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
"""
GOOD_FINDING = "app.py:5:36: COR101"


def project(tmp_path: Path, files: dict) -> Path:
    (tmp_path / "app.py").write_text(GOOD)
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


def check(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "corslint", "check", "--no-cache", "--output-format", "concise",
                           *(args or (".",))], cwd=tmp_path, capture_output=True, env=env, timeout=timeout)


def out(result) -> str:
    return result.stdout.decode("utf-8", "replace")


def errors(result) -> list:
    """The `corslint: error:` lines on stderr (each must be a single line)."""
    return [line for line in result.stderr.decode("utf-8", "replace").splitlines()
            if line.startswith("corslint: error:")]


def assert_no_traceback(result) -> None:
    assert result.returncode >= 0, f"killed by signal {-result.returncode}"
    assert b"Traceback" not in result.stderr, result.stderr.decode()


# ---------------------------------------------------------------- undecodable files: COR002, exit 1
@pytest.mark.parametrize("content, reason", [
    (bytes(range(256)) * 4, "NUL bytes"),  # a binary file named .py
    (b"# cors settings\nCORS_ALLOWED_ORIGINS = ['https://a.example.com']\x00\n", "NUL bytes"),
    (b"# cors settings\nNAME = '\xe9t\xe9'\n", "not valid utf-8"),
    (b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n# cors\nx = 1\n", "conflicts with the coding cookie"),
])
def test_undecodable_files_are_cor002_and_the_rest_is_checked(tmp_path, content, reason):
    result = check(project(tmp_path, {"odd.py": content}))
    assert_no_traceback(result)
    assert result.returncode == 1
    assert GOOD_FINDING in out(result)
    lines = [line for line in out(result).splitlines() if line.startswith("odd.py")]
    assert len(lines) == 1 and "COR002" in lines[0] and reason in lines[0], out(result)


def test_cr_only_line_endings_are_read_and_fixed_in_place(tmp_path):
    content = GOOD.replace('["*"]', '["https://a.example.com", "null"]').replace("\n", "\r").encode()
    root = project(tmp_path, {"cr.py": content})
    result = check(root)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "cr.py:5:" in out(result) and "COR105" in out(result)
    fixed = check(root, "--fix", "cr.py")
    assert_no_traceback(fixed)
    after = (root / "cr.py").read_bytes()
    assert b"\n" not in after and b'"null"' not in after and after.count(b"\r") == content.count(b"\r")


# ------------------------------------------- refused files: a COR003 finding, the exit code unchanged
def test_a_20_mb_file_is_refused_quickly_with_a_hint(tmp_path):
    body = "from starlette.middleware.cors import CORSMiddleware\n" + "ROWS = [1, 2, 3]\n" * 1_250_000
    root = project(tmp_path, {"huge.py": body})
    assert (root / "huge.py").stat().st_size > 20_000_000
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 60
    assert_no_traceback(result)
    assert result.returncode == 1 and not errors(result)  # app.py's COR101 decides it
    assert GOOD_FINDING in out(result)
    (line,) = [line for line in out(result).splitlines() if line.startswith("huge.py")]
    assert "COR003" in line and "The file is 20." in line and "extend-exclude" in line
    alone = check(root, str(root / "huge.py"))
    assert alone.returncode == 0 and "COR003" in out(alone), out(alone)


DEEP = {
    "parentheses": "x = " + "(" * 5000 + "1" + ")" * 5000,
    "not": "x = " + "not " * 100000 + "1",
    "lists": "x = " + "[" * 3000 + "]" * 3000,
    "minus": "x = " + "-" * 200000 + "1",
    "subscripts": "x = a" + "[0]" * 2990,
    "calls": "x = f" + "()" * 2990,
    "attributes": "x = a" + ".b" * 2990,
    "sums": "x = 1" + " + 1" * 2000,
    "lambdas": "x = " + "lambda: " * 2000 + "1",
    "conditionals": "x = " + "1 if c else " * 2000 + "1",
    # A syntax error elsewhere, so CPython gives no tree to measure: the lexical scan decides.
    "minus-after-syntax-error": "x = (\ny = " + "-" * 200000 + "1",
    "calls-after-syntax-error": "def f(:\n    pass\nx = f" + "()" * 2990,
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_expressions_nested_thousands_deep(tmp_path, shape):
    # The import is a marker of the Starlette extractor: the file is parsed, not just compiled.
    root = project(tmp_path, {"deep.py": "from starlette.middleware.cors import CORSMiddleware\n" + DEEP[shape] + "\n"})
    started = time.monotonic()
    result = check(root)
    elapsed = time.monotonic() - started
    assert_no_traceback(result)
    assert elapsed < 20, elapsed
    assert GOOD_FINDING in out(result)
    deep_findings = [line for line in out(result).splitlines() if line.startswith("deep.py")]
    if any("COR003" in line for line in deep_findings):  # refused: one finding that says why and how to exclude it
        (line,) = deep_findings
        assert "extend-exclude" in line and not errors(result) and result.returncode == 1
    else:  # CPython itself rejects it: a syntax error with CPython's message
        assert result.returncode == 1 and not errors(result)
        assert len(deep_findings) == 1 and "COR001" in deep_findings[0]


def test_moderate_nesting_is_still_analysed(tmp_path):
    """Depth 150 (above every hand-written module we measured) is checked as usual."""
    nested = "ORIGINS = " + "(" * 1 + " + ".join(['"https://a.example.com"'] * 150) + ")" + "\n"
    root = project(tmp_path, {"settings.py": nested})
    result = check(root)
    assert result.returncode == 1 and not errors(result), result.stderr


# ---------------------------------------------------------------- odd file-system objects
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_x_py_never_blocks(tmp_path):
    root = project(tmp_path, {})
    os.mkfifo(root / "x.py")
    walked = check(root, timeout=60)
    assert_no_traceback(walked)
    assert walked.returncode == 1 and GOOD_FINDING in out(walked) and not errors(walked)
    named = check(root, "x.py", "app.py", timeout=60)
    assert named.returncode == 2 and GOOD_FINDING in out(named)
    assert errors(named) == ["corslint: error: x.py: not a regular file or directory"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_file_replaced_by_a_fifo_after_discovery_is_refused_without_blocking(tmp_path):
    from corslint.files.prefilter import read_bytes

    os.mkfifo(tmp_path / "x.py")
    with pytest.raises(OSError, match="not a regular file"):
        read_bytes(str(tmp_path / "x.py"))


def test_a_directory_named_x_py_is_walked(tmp_path):
    root = project(tmp_path, {"x.py/inner.py": GOOD})
    for args in ((".",), ("x.py", "app.py")):
        result = check(root, *args)
        assert result.returncode == 1 and not errors(result)
        assert GOOD_FINDING in out(result) and "x.py/inner.py:5:36: COR101" in out(result)


def test_symlink_loops(tmp_path):
    root = project(tmp_path, {})
    os.symlink("loop.py", root / "loop.py")
    os.symlink(".", root / "again")  # a folder link to itself: never followed by the walk
    os.symlink("b.py", root / "a.py")
    os.symlink("a.py", root / "b.py")
    walked = check(root, timeout=60)
    assert walked.returncode == 1 and GOOD_FINDING in out(walked) and not errors(walked)
    named = check(root, "loop.py", "app.py", timeout=60)
    assert named.returncode == 2 and GOOD_FINDING in out(named)
    assert errors(named) == ["corslint: error: loop.py: Too many levels of symbolic links"]


def test_a_path_that_does_not_exist(tmp_path):
    result = check(project(tmp_path, {}), "missing.py", "app.py")
    assert result.returncode == 2 and GOOD_FINDING in out(result)
    assert errors(result) == ["corslint: error: missing.py: No such file or directory"]


# ---------------------------------------------------------------- in-process: timing and permissions
def run_in_process(capsys, monkeypatch, root: Path, *args: str):
    from corslint.cli import main

    monkeypatch.chdir(root)
    monkeypatch.setenv("CORSLINT_JOBS", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check", "--no-cache", "--output-format", "concise", *args])
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.startswith("corslint: error:")]
    return code, captured.out, lines


@pytest.mark.parametrize("fixing", [False, True])
def test_a_file_that_vanishes_between_discovery_and_reading(tmp_path, capsys, monkeypatch, fixing):
    import corslint.files.discover as discover_module

    root = project(tmp_path, {"gone.py": GOOD})
    real_discover = discover_module.discover

    def discover_then_delete(*args, **kwargs):
        found = real_discover(*args, **kwargs)
        os.unlink(root / "gone.py")
        return found

    monkeypatch.setattr(discover_module, "discover", discover_then_delete)
    code, stdout, lines = run_in_process(capsys, monkeypatch, root, *(["--fix"] if fixing else []), ".")
    assert code == 2 and GOOD_FINDING in stdout
    assert lines == ["corslint: error: gone.py: cannot read the file: No such file or directory"]


@pytest.mark.parametrize("fixing", [False, True])
def test_unreadable_files(tmp_path, capsys, monkeypatch, fixing):
    """chmod 000 does not stop root (CI runs as root), so the permission error is injected
    where the file is opened; the real chmod runs too when the tests are not root."""
    import corslint.run.engine as engine_module
    import corslint.files.prefilter as prefilter_module

    root = project(tmp_path, {"secret.py": GOOD})
    real_read = prefilter_module.read_bytes_and_stat

    def read_bytes_and_stat(path):
        if os.path.basename(path) == "secret.py":
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_read(path)

    def read_bytes(path):
        return read_bytes_and_stat(path)[0]

    monkeypatch.setattr(prefilter_module, "read_bytes_and_stat", read_bytes_and_stat)
    monkeypatch.setattr(prefilter_module, "read_bytes", read_bytes)
    monkeypatch.setattr(engine_module, "read_bytes_and_stat", read_bytes_and_stat)
    code, stdout, lines = run_in_process(capsys, monkeypatch, root, *(["--fix"] if fixing else []), ".")
    assert code == 2 and GOOD_FINDING in stdout
    assert lines == ["corslint: error: secret.py: cannot read the file: Permission denied"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_files_for_real(tmp_path):
    root = project(tmp_path, {"secret.py": GOOD})
    os.chmod(root / "secret.py", 0)
    try:
        result = check(root)
    finally:
        os.chmod(root / "secret.py", 0o644)
    assert result.returncode == 2 and GOOD_FINDING in out(result)
    assert errors(result) == ["corslint: error: secret.py: cannot read the file: Permission denied"]


def test_an_internal_error_in_one_rule_is_reported_for_that_file(tmp_path, capsys, monkeypatch):
    from corslint.rules import all_rules

    rule = all_rules()["COR104"]

    def broken(policy):
        if policy.span.path.endswith("broken.py"):
            raise RuntimeError("injected failure")
        return iter(())

    monkeypatch.setattr(type(rule), "check", lambda self, policy: broken(policy))
    root = project(tmp_path, {"broken.py": GOOD})
    code, stdout, lines = run_in_process(capsys, monkeypatch, root, ".")
    assert code == 2
    assert GOOD_FINDING in stdout and "broken.py:5:36: COR101" in stdout  # other rules still ran on it
    assert lines == ["corslint: error: broken.py: internal error in rule COR104 (wildcard-origin): "
                     "RuntimeError: injected failure (please report this)"]


def test_an_internal_error_anywhere_in_one_file_does_not_lose_the_run(tmp_path, capsys, monkeypatch):
    import corslint.frameworks.common  # noqa: F401  (the module the engine loads)
    import corslint.parsing.project as project_module

    real_add = project_module.Project.add

    def add(self, module):
        if module.path.endswith("broken.py"):
            raise ValueError("injected failure")
        return real_add(self, module)

    monkeypatch.setattr(project_module.Project, "add", add)
    root = project(tmp_path, {"broken.py": GOOD})
    code, stdout, lines = run_in_process(capsys, monkeypatch, root, ".")
    assert code == 2 and GOOD_FINDING in stdout
    assert lines == ["corslint: error: broken.py: internal error in the analysis: ValueError: injected failure "
                     "(please report this)"]


# ---------------------------------------------------------------- configuration and selectors
def test_malformed_pyproject_toml(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "[tool.corslint]\nselect = [\"COR1\"\n"})
    result = check(root)
    assert_no_traceback(result)
    # Reported, and the files are still checked (with the default configuration): exit 2.
    assert result.returncode == 2 and GOOD_FINDING in out(result)
    (line,) = errors(result)
    assert "invalid configuration" in line and "pyproject.toml is not valid TOML" in line
    assert "default configuration" in line


def test_a_malformed_pyproject_toml_without_our_table_is_not_ours(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "[project\nname = 'x'\n"})
    result = check(root)
    assert result.returncode == 1 and GOOD_FINDING in out(result) and not errors(result)


@pytest.mark.parametrize("args, config", [
    (("--select", "COR999", "."), None),
    (("--ignore", "no-such-rule", "."), None),
    ((".",), '[tool.corslint]\nselect = ["COR1", "XYZ"]\n'),
])
def test_unknown_rule_selectors(tmp_path, args, config):
    root = project(tmp_path, {"pyproject.toml": config} if config else {})
    result = check(root, *args)
    assert_no_traceback(result)
    # The unknown selector is reported and left out; the good file is still checked: exit 2.
    assert result.returncode == 2 and GOOD_FINDING in out(result)
    (line,) = errors(result)
    assert "unknown rule selector" in line, line


# ---------------------------------------------------------------- never runs user code
SIDE_EFFECT = """\
import pathlib
pathlib.Path(__file__).with_name("RAN_{name}").write_text("corslint imported me")
"""


def test_user_code_is_never_run(tmp_path):
    files = {
        "pkg/__init__.py": SIDE_EFFECT.format(name="init"),
        "pkg/settings.py": SIDE_EFFECT.format(name="settings")
        + 'ORIGINS = ["https://a.example.com/", "null"]\n',
        "pkg/main.py": SIDE_EFFECT.format(name="main")
        + GOOD.replace('["*"]', "ORIGINS") + "from pkg.settings import ORIGINS\n",
        "conftest.py": SIDE_EFFECT.format(name="conftest"),
        "setup.py": SIDE_EFFECT.format(name="setup"),
    }
    root = project(tmp_path, files)
    for args in ((".",), ("--fix", "."), ("--fix", "--unsafe-fixes", ".")):
        result = check(root, *args)
        assert_no_traceback(result)
        assert result.returncode in (0, 1), result.stderr
    assert sorted(p.name for p in root.rglob("RAN_*")) == []
    assert '"null"' not in (root / "pkg/settings.py").read_text()  # the fix did run


# ---------------------------------------------------------------- regex safety
CATASTROPHIC = r"^https://(a+)+\.example\.com$"


def test_catastrophic_origin_regexes_are_judged_in_bounded_time(tmp_path):
    source = GOOD.replace('allow_origins=["*"]', f'allow_origin_regex=r"{CATASTROPHIC}"').replace(
        "allow_credentials=True", "allow_credentials=True, allow_origins=['https://b.example.com']")
    root = project(tmp_path, {"regex.py": source, "flask_app.py": (
        "from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n"
        f'CORS(app, origins=[r"{CATASTROPHIC}", r"^(x|x)*y$"], supports_credentials=True)\n')})
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 30
    assert_no_traceback(result)
    assert result.returncode == 1 and GOOD_FINDING in out(result)


def test_catastrophic_origin_regexes_in_the_flake8_plugin(tmp_path):
    source = GOOD.replace('allow_origins=["*"]', f'allow_origin_regex=r"{CATASTROPHIC}"')
    (tmp_path / "regex.py").write_text(source)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "flake8", "--select", "COR", "regex.py"], cwd=tmp_path,
                            capture_output=True, timeout=120)
    assert time.monotonic() - started < 60
    assert result.returncode in (0, 1), result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_catastrophic_regexes_are_decided_in_bounded_time_in_any_thread():
    """The bounded engine (linear-time NFA, or a killed worker process) decides or gives up
    quickly, on the main thread and elsewhere (the process pool, the flake8 plugin)."""
    import threading

    from corslint.origins.matching import regex_accepts

    started = time.monotonic()
    verdict = regex_accepts(r"^(a+)+$", "a" * 60 + "!", "match")
    assert verdict in (False, None) and time.monotonic() - started < 2
    assert regex_accepts(r"^https://([a-z0-9-]+\.)*example\.com$", "https://x.y.example.com", "fullmatch") is True
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(regex_accepts(r"^(b+)+$", "b" * 60 + "!", "fullmatch")))
    started = time.monotonic()
    worker.start()
    worker.join(10)
    assert outcome in ([False], [None]) and time.monotonic() - started < 5


# ---------------------------------------------------------------- concurrent fixes
def test_two_fix_runs_at_once_leave_every_file_fixed_or_untouched(tmp_path):
    originals = {}
    for index in range(12):
        text = GOOD.replace('["*"]', f'["https://a{index}.example.com/", "null"]') + "\n# " + "padding " * 200 + "\n"
        originals[f"app{index}.py"] = text
    root = project(tmp_path, originals)
    expected = check(root, "--diff")  # what one run alone would do
    assert expected.returncode == 1
    env = dict(os.environ, CORSLINT_JOBS="1")
    command = [sys.executable, "-m", "corslint", "check", "--no-cache", "--fix", "--output-format", "concise", "."]
    runs = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(3)]
    for run in runs:
        run.communicate(timeout=120)
        assert run.returncode >= 0
    alone = tmp_path.parent / (tmp_path.name + "-alone")
    alone.mkdir()
    project(alone, originals)
    check(alone, "--fix")
    for name in originals:
        after = (root / name).read_text()
        assert after in (originals[name], (alone / name).read_text()), name
    assert not list(root.glob(".*.corslint-tmp"))

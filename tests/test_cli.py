"""The command line as users meet it: exit codes, selection, configuration, suppression,
discovery and output, each exercised through the real `python -m corslint`."""
from __future__ import annotations

import json
import textwrap

import pytest

from tests.helpers import run_cli

WILDCARD_CREDENTIALS = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
)
"""

CLEAN = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
"""


def write(root, files):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def out(result) -> str:
    return result.stdout.decode()


def err(result) -> str:
    return result.stderr.decode()


# ---------------------------------------------------------------- exit codes and output
def test_findings_exit_1_with_concise_lines_and_a_summary(tmp_path):
    write(tmp_path, {"app/main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert out(result).startswith("app/main.py:7:5: COR101 allow_origins=['*'] allows every origin")
    assert "https://evil.example.net" in out(result)
    assert err(result).strip() == "Found 1 finding in 1 file."


def test_clean_project_exits_0_and_prints_nothing(tmp_path):
    write(tmp_path, {"app/main.py": CLEAN, "app/other.py": "x = 1\n"})
    result = run_cli("check", ".", cwd=tmp_path)
    assert (result.returncode, out(result), err(result)) == (0, "", "")


def test_exit_zero_keeps_findings_but_exits_0(tmp_path):
    write(tmp_path, {"main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", "--exit-zero", cwd=tmp_path)
    assert result.returncode == 0 and "COR101" in out(result)


def test_missing_path_is_exit_2_but_other_paths_are_still_checked(tmp_path):
    write(tmp_path, {"main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", "main.py", "nope.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "COR101" in out(result)
    assert "corslint: error: nope.py: No such file or directory" in err(result)
    assert "Traceback" not in err(result)


def test_exit_zero_does_not_hide_errors(tmp_path):
    result = run_cli("check", "--exit-zero", "nope.py", cwd=tmp_path)
    assert result.returncode == 2


def test_findings_are_sorted_by_path_line_and_column(tmp_path):
    write(tmp_path, {"b.py": WILDCARD_CREDENTIALS, "a/z.py": WILDCARD_CREDENTIALS,
                     "a/b.py": CLEAN.replace('"https://app.example.com"', '"https://app.example.com/", "null"')})
    lines = out(run_cli("check", cwd=tmp_path)).splitlines()
    keys = [(line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines]
    assert keys == sorted(keys) and len(keys) == 4


def test_no_subcommand_and_unknown_flag_are_usage_errors(tmp_path):
    assert run_cli(cwd=tmp_path).returncode == 2
    result = run_cli("check", "--no-such-flag", cwd=tmp_path)
    assert result.returncode == 2 and "unrecognized arguments" in err(result)


def test_unknown_output_format_is_a_usage_error(tmp_path):
    result = run_cli("check", "--output-format", "xml", cwd=tmp_path)
    assert result.returncode == 2 and "unknown output format" in err(result)


# ---------------------------------------------------------------- selection
@pytest.mark.parametrize("selector", ["COR101", "COR1", "COR", "ALL", "wildcard-with-credentials"])
def test_selectors_accept_codes_prefixes_names_and_all(tmp_path, selector):
    write(tmp_path, {"main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", "--select", selector, cwd=tmp_path)
    assert result.returncode == 1 and "COR101" in out(result)


def test_ignore_removes_a_rule(tmp_path):
    write(tmp_path, {"main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", "--ignore", "wildcard-with-credentials", cwd=tmp_path)
    assert result.returncode == 0 and out(result) == ""


@pytest.mark.parametrize("selector", ["COR999", "COR9", "not-a-rule", "E501"])
def test_unknown_selector_is_exit_2(tmp_path, selector):
    result = run_cli("check", "--select", selector, cwd=tmp_path)
    assert result.returncode == 2 and "unknown rule selector" in err(result)


# ---------------------------------------------------------------- configuration
def test_config_select_and_cli_override(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.corslint]\nignore = ["COR101"]\n', "main.py": WILDCARD_CREDENTIALS})
    assert run_cli("check", cwd=tmp_path).returncode == 0
    result = run_cli("check", "--select", "COR101", "--ignore", "COR104", cwd=tmp_path)
    # the config's ignore still applies on top of --select, as in ruff
    assert result.returncode == 0
    assert run_cli("check", "--isolated", cwd=tmp_path).returncode == 1


def test_nearest_config_is_found_from_a_subfolder(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.corslint]\nignore = ["COR101"]\n',
                     "src/app/main.py": WILDCARD_CREDENTIALS})
    assert run_cli("check", "src", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", cwd=tmp_path / "src").returncode == 0


@pytest.mark.parametrize("content,message", [
    ('[tool.corslint]\nselct = ["ALL"]\n', "unknown key `selct`"),
    ('[tool.corslint\n', "is not valid TOML"),
    ('[tool.corslint]\nignore = "COR104"\n', "must be a list of strings"),
    ('[tool.corslint]\nselect = ["COR999"]\n', "unknown rule selector `COR999`"),
    ('[tool.corslint.per-file-ignores]\n"tests/*" = "COR101"\n', "must map glob patterns"),
])
def test_malformed_config_is_exit_2_naming_the_problem(tmp_path, content, message):
    write(tmp_path, {"pyproject.toml": content, "main.py": CLEAN})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2
    assert message in err(result) and "Traceback" not in err(result)


def test_per_file_ignores_from_config_and_command_line(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.corslint.per-file-ignores]\n"tests/*" = ["COR101"]\n',
                     "tests/app.py": WILDCARD_CREDENTIALS, "main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1 and out(result).count("COR101") == 1 and "main.py" in out(result)
    result = run_cli("check", "--per-file-ignores", "main.py:wildcard-with-credentials", cwd=tmp_path)
    assert result.returncode == 0


# ---------------------------------------------------------------- suppression
@pytest.mark.parametrize("comment,suppressed", [
    ("# noqa", True),
    ("# noqa: COR101", True),
    ("# NOQA:COR104,COR101", True),
    ("# noqa: COR104", False),
    ("# noqa: E501", False),
])
def test_noqa_on_the_reported_line(tmp_path, comment, suppressed):
    source = WILDCARD_CREDENTIALS.replace('allow_origins=["*"],', f'allow_origins=["*"],  {comment}')
    write(tmp_path, {"main.py": source})
    # COR004 would report the unused COR104 of the third comment: not what this is about.
    assert (run_cli("check", "--ignore", "COR004", cwd=tmp_path).returncode == 0) is suppressed


@pytest.mark.parametrize("line_number", [5, 6, 8, 9])  # `app.add_middleware(` ... `)`
def test_noqa_on_any_line_of_the_statement(tmp_path, line_number):
    lines = WILDCARD_CREDENTIALS.splitlines()
    lines[line_number - 1] += "  # noqa: COR101"
    write(tmp_path, {"main.py": "\n".join(lines) + "\n"})
    assert run_cli("check", cwd=tmp_path).returncode == 0


def test_noqa_on_another_statement_does_not_suppress(tmp_path):
    source = WILDCARD_CREDENTIALS.replace("app = FastAPI()", "app = FastAPI()  # noqa")
    write(tmp_path, {"main.py": source})
    assert run_cli("check", cwd=tmp_path).returncode == 1


def test_file_level_noqa(tmp_path):
    write(tmp_path, {"a.py": "# corslint: noqa\n" + WILDCARD_CREDENTIALS,
                     "b.py": "# corslint: noqa: COR104\n" + WILDCARD_CREDENTIALS})
    result = run_cli("check", cwd=tmp_path)
    assert out(result).count("COR101") == 1 and "b.py" in out(result)


# ---------------------------------------------------------------- discovery
def test_default_excludes_gitignore_and_virtualenvs_are_skipped(tmp_path):
    write(tmp_path, {
        ".gitignore": "generated/\n*.gen.py\n!keep.gen.py\n",
        "generated/main.py": WILDCARD_CREDENTIALS,
        "x.gen.py": WILDCARD_CREDENTIALS,
        "keep.gen.py": WILDCARD_CREDENTIALS,
        "node_modules/pkg/main.py": WILDCARD_CREDENTIALS,
        ".venv/lib/main.py": WILDCARD_CREDENTIALS,
        "env/pyvenv.cfg": "home = /usr\n",
        "env/lib/main.py": WILDCARD_CREDENTIALS,
        "build/main.py": WILDCARD_CREDENTIALS,
    })
    (tmp_path / ".git").mkdir()
    result = run_cli("check", cwd=tmp_path)
    assert out(result).splitlines() and all(line.startswith("keep.gen.py:") for line in out(result).splitlines())
    result = run_cli("check", "--no-respect-gitignore", cwd=tmp_path)
    assert {line.split(":")[0] for line in out(result).splitlines()} == {
        "keep.gen.py", "x.gen.py", "generated/main.py"}


def test_gitignore_of_the_repository_applies_to_a_subfolder(tmp_path):
    write(tmp_path, {".gitignore": "legacy_*.py\n", "src/legacy_app.py": WILDCARD_CREDENTIALS})
    (tmp_path / ".git").mkdir()
    assert run_cli("check", "src", cwd=tmp_path).returncode == 0


def test_excluded_file_named_explicitly_is_checked_unless_force_exclude(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.corslint]\nextend-exclude = ["legacy"]\n',
                     "legacy/app.py": WILDCARD_CREDENTIALS})
    assert run_cli("check", cwd=tmp_path).returncode == 0
    assert run_cli("check", "legacy/app.py", cwd=tmp_path).returncode == 1
    assert run_cli("check", "--force-exclude", "legacy/app.py", cwd=tmp_path).returncode == 0


def test_exclude_replaces_defaults(tmp_path):
    write(tmp_path, {"build/app.py": WILDCARD_CREDENTIALS})
    assert run_cli("check", cwd=tmp_path).returncode == 0
    assert run_cli("check", "--exclude", "nothing", cwd=tmp_path).returncode == 1


# ---------------------------------------------------------------- stdin
def test_stdin_with_a_filename(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.corslint.per-file-ignores]\n"tests/*" = ["COR101"]\n'})
    data = WILDCARD_CREDENTIALS.encode()
    result = run_cli("check", "--stdin-filename", "app/main.py", "-", cwd=tmp_path, stdin=data)
    assert result.returncode == 1 and out(result).startswith("app/main.py:7:5: COR101")
    result = run_cli("check", "--stdin-filename", "tests/main.py", cwd=tmp_path, stdin=data)
    assert result.returncode == 0, "the configuration is resolved for the stdin file's path"


# ---------------------------------------------------------------- formats
def test_json_output_uses_ruffs_field_names(tmp_path):
    write(tmp_path, {"main.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", "--output-format", "json", cwd=tmp_path)
    findings = json.loads(out(result))
    assert len(findings) == 1
    finding = findings[0]
    assert finding["code"] == "COR101" and finding["name"] == "wildcard-with-credentials"
    assert finding["severity"] == "error"
    assert finding["location"] == {"row": 7, "column": 5}
    assert finding["end_location"] == {"row": 7, "column": 24}
    assert finding["filename"].endswith("main.py") and finding["fix"] is None
    assert finding["url"].endswith("COR101/") or "COR101" in finding["url"]


def test_json_lines_output(tmp_path):
    write(tmp_path, {"a.py": WILDCARD_CREDENTIALS, "b.py": WILDCARD_CREDENTIALS})
    lines = out(run_cli("check", "--output-format", "json-lines", cwd=tmp_path)).splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["COR101", "COR101"]


def test_statistics(tmp_path):
    write(tmp_path, {"a.py": WILDCARD_CREDENTIALS, "b.py": WILDCARD_CREDENTIALS})
    result = run_cli("check", "--statistics", cwd=tmp_path)
    assert "2\tCOR101\twildcard-with-credentials" in out(result)


# ---------------------------------------------------------------- the rule command
def test_rule_command(tmp_path):
    result = run_cli("rule", "wildcard-with-credentials", cwd=tmp_path)
    assert result.returncode == 0 and out(result).startswith("# wildcard-with-credentials (COR101)")
    listing = run_cli("rule", "--all", cwd=tmp_path)
    assert "COR101  wildcard-with-credentials" in out(listing)
    as_json = json.loads(out(run_cli("rule", "COR105", "--output-format", "json", cwd=tmp_path)))
    assert as_json["name"] == "null-origin"
    assert run_cli("rule", "COR999", cwd=tmp_path).returncode == 2


# ---------------------------------------------------------------- cost of clean files
def test_libcst_is_not_imported_when_no_file_mentions_cors(tmp_path):
    write(tmp_path, {"a.py": "import os\nprint(os.getcwd())\n", "b.py": "x = 1\n"})
    script = ("import sys; from corslint.cli import main; code = main(['check', '.']); "
              "print('libcst' in sys.modules, code)")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.stdout.strip() == "False 0", result.stderr


def test_a_check_collects_garbage_less_often_and_restores_the_pace(tmp_path, monkeypatch):
    """`corslint check` raises the collector's thresholds while it runs (large syntax trees
    have no cycles) and gives the caller its own back: main() is called in-process too."""
    import gc

    from corslint import cli

    seen = []
    original = cli.run_check

    def spy(args):
        seen.append(gc.get_threshold())
        return original(args)

    monkeypatch.setattr(cli, "run_check", spy)
    (tmp_path / "app.py").write_text("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
                                     "app = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=['*'])\n")
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        assert cli.main(["check", "--no-cache", "-q", str(tmp_path / "app.py")]) == 1
        assert seen == [cli.COLLECTION_THRESHOLDS]
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)

"""The documented Python API (docs/api.md): its examples run, and it agrees with the CLI."""
from __future__ import annotations

import re
import shutil

import pytest

from corslint import api
from tests.helpers import ROOT, TESTDATA, run_cli

DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("index", range(len(re.findall(r"```python\n", DOC))))
def test_the_examples_in_docs_api_run(tmp_path, monkeypatch, index, capsys):
    shutil.copytree(TESTDATA / "fastapi_wildcard_credentials", tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    block = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)[index]
    exec(compile(block, f"docs/api.md example {index}", "exec"), {})
    printed = capsys.readouterr().out
    for expected in re.findall(r"#\s+(COR\d{3} [\w-]+ \w+|safe Remove .*|--select.*\(\.\.\.\))$", block, flags=re.M):
        assert expected.replace("(...)", "").strip() in printed


def test_check_paths_agrees_with_the_command_line(monkeypatch):
    project = TESTDATA / "django_split_settings"
    monkeypatch.chdir(project)
    settings = api.settings_for(".", api.Flags(extend_exclude=["*.fixed.py"]))
    found = [(f.path, f.span.start_line, f.code) for f in api.check_paths(["."], settings).findings]
    lines = run_cli("check", "--no-cache", "--extend-exclude", "*.fixed.py", "--output-format", "concise", "-q",
                    ".", cwd=project).stdout.decode().splitlines()
    assert found == [(line.split(":")[0], int(line.split(":")[1]), line.split()[1]) for line in lines]
    assert found


def test_an_overlay_changes_findings_in_other_modules(tmp_path, monkeypatch):
    (tmp_path / "settings.py").write_text('ORIGINS = ["*"]\n')
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
        "from settings import ORIGINS\napp = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)\n")
    monkeypatch.chdir(tmp_path)
    settings = api.settings_for(".")
    assert [f.code for f in api.check_paths(["."], settings).findings] == ["COR101"]
    overlay = {str(tmp_path / "settings.py"): b'ORIGINS = ["https://app.example.com"]\n'}
    assert api.check_paths(["."], settings, overlay=overlay).findings == []


def test_checking_code_with_an_invalid_escape_raises_no_warning_in_the_caller():
    """`"https://app\\.example\\.com"` in a plain string is the user's code's problem (Python
    warns when it compiles it); corslint's evaluation of the literal must not raise that
    warning inside a program that calls the API."""
    import warnings

    from corslint import api

    source = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n"
              "app = FastAPI()\n"
              'app.add_middleware(CORSMiddleware, allow_origin_regex="https://.*\\.example\\.com")\n')
    flask = ("from flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\n"
             'CORS(app, origins=["https://.*\\.partner\\.com"], supports_credentials=True)\n')
    for text in (source, flask):  # the resolver's reading, and a fix's reading of the literal
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = api.check_source(text, "app.py")
        assert [str(w.message) for w in caught] == [], text
        assert result.policies == 1 and not result.errors

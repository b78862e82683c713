"""The language server, end to end: a real LSP client (tests/lsp_client.py) talks JSON-RPC
to `corslint server` over a pipe: open, change (unsaved), code actions, applying their
edits, hover, configuration reloads."""
from __future__ import annotations

import pytest

pytest.importorskip("pygls", reason="the language server is the `lsp` extra")

from tests.helpers import run_cli  # noqa: E402
from tests.lsp_client import LspClient, uri  # noqa: E402

SETTINGS = 'ORIGINS = ["*"]\n'
MAIN = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from settings import ORIGINS

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)

admin = FastAPI()
admin.add_middleware(CORSMiddleware, allow_origins=["null", "https://admin.example.com"])
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "settings.py").write_text(SETTINGS)
    (tmp_path / "main.py").write_text(MAIN)
    return tmp_path


@pytest.fixture
def client(project):
    client = LspClient(cwd=project)
    client.initialize(project)
    yield client
    client.close()


def codes(diagnostics):
    return sorted(d["code"] for d in diagnostics)


def actions_for(client, path, code):
    """Open `path`, and the code actions the server offers for its `code` diagnostic."""
    client.open(path)
    diagnostic = next(d for d in client.diagnostics_for(path) if d["code"] == code)
    return diagnostic, client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri(path)}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}})


def test_diagnostics_on_open_with_code_link_severity_and_source(client, project):
    client.open(project / "main.py")
    diagnostics = client.diagnostics_for(project / "main.py")
    assert codes(diagnostics) == ["COR101", "COR105"]
    cor101 = next(d for d in diagnostics if d["code"] == "COR101")
    assert cor101["severity"] == 1 and cor101["source"] == "corslint"
    assert cor101["codeDescription"]["href"].endswith("/docs/rules/COR101.md")
    assert cor101["range"]["start"] == {"line": 6, "character": 35}
    # Where the value was set: ORIGINS = ["*"] in settings.py.
    (related,) = cor101["relatedInformation"]
    assert related["location"]["uri"] == uri(project / "settings.py")
    assert related["location"]["range"] == {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 15}}
    # The same findings as `corslint check`.
    check = run_cli("check", "--no-cache", "--output-format", "concise", ".", cwd=project).stdout.decode()
    assert sorted(line.split()[1] for line in check.splitlines()) == codes(diagnostics)


def test_editing_settings_updates_findings_in_main_and_back(client, project):
    client.open(project / "main.py")
    assert "COR101" in codes(client.diagnostics_for(project / "main.py"))
    client.open(project / "settings.py")
    client.diagnostics_for(project / "main.py")  # every run publishes for every file it concerns
    client.change(project / "settings.py", 'ORIGINS = ["https://app.example.com"]\n')  # unsaved
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR105"]
    assert (project / "settings.py").read_text() == SETTINGS  # nothing written
    client.change(project / "settings.py", SETTINGS)
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR101", "COR105"]
    # And the other way round: main.py stops using the value.
    client.change(project / "main.py", MAIN.replace("allow_credentials=True", "allow_credentials=False"))
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR104", "COR105"]


def test_code_action_fix_applied_removes_the_diagnostic(client, project):
    _, actions = actions_for(client, project / "main.py", "COR105")
    titles = [a["title"] for a in actions]
    assert any("COR105" in t and "unsafe" not in t for t in titles), titles
    assert "Add `# noqa: COR105`" in titles
    assert "corslint: fix all safe fixes in this file" in titles
    fix = next(a for a in actions if "COR105" in a["title"] and a["kind"] == "quickfix"
               and not a["title"].startswith("Add"))
    assert fix["isPreferred"] is True
    client.apply(fix["edit"])
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR101"]
    assert '["https://admin.example.com"]' in client.texts[uri(project / "main.py")]


def test_add_noqa_action_and_fix_all(client, project):
    _, actions = actions_for(client, project / "main.py", "COR101")
    noqa = next(a for a in actions if a["title"] == "Add `# noqa: COR101`")
    client.apply(noqa["edit"])
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR105"]
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 12, "character": 0}}
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri(project / "main.py")}, "range": whole,
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in actions] == ["source.fixAll.corslint"]
    client.apply(actions[0]["edit"])
    assert codes(client.diagnostics_for(project / "main.py")) == []


def test_unsafe_fixes_are_labelled(client, project):
    (project / "main.py").write_text(MAIN.replace('"null", ', '"https://*.example.com", '))
    _, actions = actions_for(client, project / "main.py", "COR204")
    unsafe = [a for a in actions if "[unsafe fix: may change behaviour]" in a["title"]]
    assert unsafe and unsafe[0]["isPreferred"] is False


def test_hover_shows_the_rule_page(client, project):
    client.open(project / "main.py")
    cor105 = next(d for d in client.diagnostics_for(project / "main.py") if d["code"] == "COR105")
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri(project / "main.py")},
                                                  "position": cor105["range"]["start"]})
    assert hover["contents"]["kind"] == "markdown"
    assert hover["contents"]["value"].startswith("# null-origin (COR105)")
    assert "## Why is this bad?" in hover["contents"]["value"]
    nothing = client.request("textDocument/hover", {"textDocument": {"uri": uri(project / "main.py")},
                                                    "position": {"line": 0, "character": 0}})
    assert nothing is None


def test_settings_reload_when_the_configuration_changes(client, project):
    client.open(project / "main.py")
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR101", "COR105"]
    (project / "corslint.toml").write_text('ignore = ["COR105"]\n')
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": uri(project / "corslint.toml"), "type": 1}]})
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR101"]
    # An invalid configuration fails closed: an error message, and no findings.
    (project / "corslint.toml").write_text('ignore = ["COR105", "nope"]\n')
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": uri(project / "corslint.toml"), "type": 2}]})
    message = client.wait_for(lambda m: m.get("method") == "window/showMessage")
    assert message["params"]["type"] == 1 and "unknown rule selector `nope`" in message["params"]["message"]
    assert client.diagnostics_for(project / "main.py") == []
    # Fixed on disk, picked up on the next change even without a watcher notification.
    (project / "corslint.toml").write_text('ignore = []\n')
    client.change(project / "main.py", MAIN)
    assert codes(client.diagnostics_for(project / "main.py")) == ["COR101", "COR105"]


def test_save_publishes_and_the_server_asks_to_watch_files(client, project):
    client.open(project / "settings.py")
    client.diagnostics_for(project / "settings.py")
    client.change(project / "settings.py", 'ORIGINS = ["https://app.example.com"]\n')
    client.diagnostics_for(project / "settings.py")
    client.save(project / "settings.py")
    client.diagnostics_for(project / "settings.py")
    assert any(r["method"] == "client/registerCapability" for r in client.server_requests)
    # A fresh `corslint check` agrees with what was saved.
    assert run_cli("check", "--no-cache", "--output-format", "concise", ".", cwd=project).stdout.decode() \
        .count("COR101") == 0


def test_server_without_the_extra_says_how_to_install_it(tmp_path):
    import subprocess
    import sys

    code = ("import sys, builtins\nreal = builtins.__import__\n"
            "def fake(name, *a, **k):\n    if name.startswith(('pygls', 'lsprotocol')): raise ImportError(name)\n"
            "    return real(name, *a, **k)\nbuiltins.__import__ = fake\n"
            "from corslint.cli import main\nsys.exit(main(['server']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2
    assert 'pip install "corslint[lsp]"' in result.stderr.decode()


def test_the_editor_guide_has_a_working_snippet_for_each_editor():
    import json
    import re
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    from tests.helpers import ROOT

    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## ([^\n]+)\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M))
    for editor in ("VS Code", "Neovim (`vim.lsp`)", "Helix", "Emacs (eglot)", "Sublime Text"):
        blocks = re.findall(r"```(\w+)\n(.*?)```", sections[editor], flags=re.S)
        assert blocks, editor
        for language, body in blocks:
            if language == "json":
                json.loads(body)
            elif language == "toml":
                tomllib.loads(body)
            assert "corslint" in body and "server" in body, (editor, body)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '"glspc.server.commandArguments": ["server"]' in readme and 'cmd = { "corslint", "server" }' in readme

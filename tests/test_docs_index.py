"""docs/index.md is checked against the code where it can drift: every CLI flag, config
key, output format and pre-commit hook is documented, every command and TOML snippet in
it works, and every finding URL points at an existing rule page."""
from __future__ import annotations

import argparse
import re
import shlex

import pytest

from corslint.cli import build_parser
from corslint.config import CONFIG_KEYS, load_config
from corslint.diagnostics import DOCS_URL, REPOSITORY_URL, rule_url
from corslint.output import FORMATS
from corslint.rules import all_rules
from tests.helpers import ROOT

INDEX = ROOT / "docs" / "index.md"


def _text() -> str:
    return INDEX.read_text(encoding="utf-8")


def _subparsers():
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def _code_blocks(text: str, languages=("sh", "yaml", "console", "toml", "ini", "json")):
    for language, body in re.findall(r"```(\w+)\n(.*?)```", text, flags=re.S):
        if language in languages:
            yield language, body


@pytest.mark.parametrize("command", ["check", "rule"])
def test_every_flag_is_documented(command):
    text = _text()
    flags = [o for a in _subparsers()[command]._actions for o in a.option_strings if o.startswith("--")]
    missing = [flag for flag in flags if flag != "--help"
               and not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text)]
    assert not missing, f"document these `corslint {command}` flags in docs/index.md: {missing}"


def test_every_configuration_key_has_a_row():
    text = _text()
    missing = [key for key in CONFIG_KEYS if f"\n| `{key}` |" not in text]
    assert not missing, f"document these [tool.corslint] keys in docs/index.md: {missing}"


def test_every_output_format_has_a_row():
    text = _text()
    missing = [name for name in FORMATS if f"\n| `{name}` |" not in text]
    assert not missing, f"document these output formats in docs/index.md: {missing}"


def test_every_pre_commit_hook_is_documented():
    hooks = re.findall(r"^- id: (\S+)", (ROOT / ".pre-commit-hooks.yaml").read_text(), flags=re.M)
    assert hooks and all(f"`{hook}`" in _text() or f"id: {hook}" in _text() for hook in hooks)


def _commands(text: str):
    for language, body in _code_blocks(text):
        for line in body.splitlines():
            line = line.strip().lstrip("$- ").strip()
            if language == "yaml":
                line = line[len("run: "):] if line.startswith("run: ") else line
            if line.startswith("corslint "):
                yield line.split("#", 1)[0].strip()


@pytest.mark.parametrize("document", ["docs/index.md", "README.md"])
def test_every_documented_command_parses(document):
    commands = list(_commands((ROOT / document).read_text(encoding="utf-8")))
    assert commands
    parser = build_parser()
    for command in commands:
        words = shlex.split(command)[1:]
        for redirect in (">", "<"):  # shell redirections are not arguments
            if redirect in words:
                words = words[:words.index(redirect)]
        args = parser.parse_args(words)
        if getattr(args, "output_format", None) and args.command == "check":
            assert args.output_format in FORMATS, command


@pytest.mark.parametrize("document", ["docs/index.md", "README.md"])
def test_every_documented_configuration_loads(document, tmp_path):
    snippets = [body for language, body in _code_blocks((ROOT / document).read_text(encoding="utf-8"), ("toml",))
                if "[tool.corslint]" in body]
    assert snippets
    for body in snippets:
        path = tmp_path / "pyproject.toml"
        path.write_text(body)
        config = load_config(str(path))
        if config.output_format is not None:
            assert config.output_format in FORMATS


def test_finding_urls_point_at_rule_pages_in_the_repository():
    assert DOCS_URL == f"{REPOSITORY_URL}/blob/main/docs/rules/"
    for code, rule in all_rules().items():
        url = rule_url(code)
        assert url == rule.url()
        page = ROOT / url[len(f"{REPOSITORY_URL}/blob/main/"):]
        assert page.is_file(), f"{url} points at a missing page"


def test_the_rule_index_lists_every_rule():
    index = (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    for code, rule in all_rules().items():
        assert f"| [{code}]({code}.md) | {rule.name} |" in index, f"run `python docs/generate.py` ({code})"

"""Configuration that fails closed, standalone corslint.toml files, --config in either
form, --show-settings and --show-files, and the JSON Schema of the configuration."""
from __future__ import annotations

import json
import os

import pytest

from corslint.config import CONFIG_KEYS
from corslint.settings import Flags, build_settings
from tests.helpers import ROOT, run_cli

WILDCARD = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
"""


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def lines(result, stream="stderr"):
    return getattr(result, stream).decode().splitlines()


# ---------------------------------------------------------------- failing closed
@pytest.mark.parametrize("files, args, source", [
    ({}, ("--select", "COR999"), "--select: unknown rule selector `COR999`"),
    ({}, ("--ignore", "no-such-rule"), "--ignore: unknown rule selector `no-such-rule`"),
    ({}, ("--extend-select", "E501"), "--extend-select: unknown rule selector `E501`"),
    ({}, ("--per-file-ignores", "tests/*:COR99X"), "--per-file-ignores `tests/*:COR99X`: unknown rule selector"),
    ({"pyproject.toml": '[tool.corslint]\nignore = ["COR1", "XYZ"]\n'}, (),
     "pyproject.toml: `ignore` in [tool.corslint]: unknown rule selector `XYZ`"),
    ({"pyproject.toml": '[tool.corslint.per-file-ignores]\n"a/*" = ["nope"]\n'}, (),
     "pyproject.toml: `per-file-ignores` in [tool.corslint], pattern `a/*`: unknown rule selector `nope`"),
    ({"pyproject.toml": '[tool.corslint]\nselct = ["ALL"]\n'}, (),
     "pyproject.toml: unknown key `selct` in [tool.corslint] (did you mean `select`?"),
    ({"pyproject.toml": '[tool.corslint]\nrespect-gitignore = "no"\n'}, (),
     "pyproject.toml: `respect-gitignore` in [tool.corslint] must be true or false, not a string"),
    ({"pyproject.toml": '[tool.corslint]\noutput-format = "xml"\n'}, (),
     "pyproject.toml: `output-format` in [tool.corslint]: unknown output format `xml`"),
    ({"corslint.toml": 'select = "COR1"\n'}, (), "corslint.toml: `select` in the top level must be a list of strings"),
    ({".corslint.toml": 'colour = "always"\n'}, (), ".corslint.toml: unknown key `colour` in the top level"),
    ({"pyproject.toml": '[tool]\ncorslint = 5\n', "corslint.toml": "\n"}, ("--config", "pyproject.toml"),
     "pyproject.toml: [tool.corslint] must be a table, not a number"),
])
def test_a_bad_configuration_is_one_line_exit_2_and_nothing_is_checked(tmp_path, files, args, source):
    write(tmp_path, {"app.py": WILDCARD, **files})
    result = run_cli("check", "--no-cache", *args, ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""  # no analysis with defaults
    (line,) = lines(result)
    assert line.startswith("corslint: error: ") and source in line, line


@pytest.mark.parametrize("selector, says", [
    ("COR999", "unknown rule selector `COR999`: no rule has the code COR999, the codes run from COR001 to COR"),
    ("COR9", "unknown rule selector `COR9`: no rule code starts with COR9; select rules by code (COR101)"),
    ("E501", "unknown rule selector `E501`: that is not a corslint code (a code is COR and three digits"),
    ("COR1011", "not a corslint code (a code is COR and three digits, such as COR101) (did you mean `COR101`?)"),
    ("wildcard-credential", "`wildcard-credential`: no rule has that name (did you mean `wildcard-with-credentials`?)"),
    ("wildcard_with_credentials", "(did you mean `wildcard-with-credentials`?)"),
])
def test_an_unknown_selector_says_what_is_wrong_with_it_and_what_was_meant(tmp_path, selector, says):
    write(tmp_path, {"app.py": WILDCARD})
    result = run_cli("check", "--no-cache", "--select", selector, ".", cwd=tmp_path)
    (line,) = lines(result)
    assert result.returncode == 2 and says in line, line
    assert line.endswith("`corslint rule --all` lists them"), line


# ---------------------------------------------------------------- standalone files and --config
def test_corslint_toml_is_used_ahead_of_pyproject_toml(tmp_path):
    write(tmp_path, {"app.py": WILDCARD, "pyproject.toml": '[tool.corslint]\nselect = ["COR1"]\n',
                     "corslint.toml": 'ignore = ["COR101"]\n'})
    assert run_cli("check", "--no-cache", ".", cwd=tmp_path).returncode == 0
    # .corslint.toml comes before corslint.toml, as .ruff.toml before ruff.toml.
    (tmp_path / ".corslint.toml").write_text('select = ["COR101"]\n')
    result = run_cli("check", "--no-cache", "--output-format", "concise", ".", cwd=tmp_path)
    assert result.returncode == 1 and "COR101" in result.stdout.decode()


def test_a_nearer_pyproject_toml_wins_over_a_farther_corslint_toml(tmp_path):
    write(tmp_path, {"corslint.toml": 'ignore = ["COR101"]\n', "sub/app.py": WILDCARD,
                     "sub/pyproject.toml": '[tool.corslint]\nselect = ["ALL"]\n'})
    assert run_cli("check", "--no-cache", "sub", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize("name, text", [
    ("custom.toml", 'ignore = ["COR101"]\n'),
    ("other/pyproject.toml", '[tool.corslint]\nignore = ["COR101"]\n'),
    ("team.toml", '[tool.corslint]\nignore = ["COR101"]\n'),
])
def test_config_accepts_either_form(tmp_path, name, text):
    write(tmp_path, {"app.py": WILDCARD, name: text})
    assert run_cli("check", "--no-cache", ".", cwd=tmp_path).returncode == 1
    assert run_cli("check", "--no-cache", "--config", name, ".", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[project]\nname = "x"\n'),
    ("ruff.toml", 'line-length = 100\n'),
    ("empty.toml", ''),
])
def test_config_naming_a_file_without_corslint_settings_is_an_error(tmp_path, name, text):
    write(tmp_path, {"app.py": WILDCARD, name: text})
    result = run_cli("check", "--no-cache", "--config", name, ".", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == b""
    (line,) = lines(result)
    assert "has no corslint settings" in line and name in line


# ---------------------------------------------------------------- --show-settings, --show-files
def test_show_settings_names_each_value_and_its_source(tmp_path):
    write(tmp_path, {"app.py": WILDCARD, "pyproject.toml": '[tool.corslint]\nignore = ["COR104"]\n'
                                                           'extend-exclude = ["scripts"]\n'})
    result = run_cli("check", "--show-settings", "--select", "COR1", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert f"Configuration file: {tmp_path / 'pyproject.toml'}" in text
    settings = {line.split(" = ")[0].strip(): line for line in text.splitlines() if " = " in line}
    assert settings["select"].endswith('["COR1"]    # --select')
    assert settings["ignore"].endswith(f'["COR104"]    # {tmp_path / "pyproject.toml"} [tool.corslint]')
    assert "# default" in settings["respect-gitignore"]
    assert "COR101" in text and "COR104" not in text.split("Enabled rules")[1] and "COR301" not in \
        text.split("Enabled rules")[1]
    assert "COR101" not in run_cli("check", "--no-cache", "--show-settings", ".", cwd=tmp_path).stdout.decode() \
        .split("Enabled rules")[0].split("select")[0]


def test_show_files_lists_what_would_be_checked(tmp_path):
    write(tmp_path, {"app.py": WILDCARD, "scripts/tool.py": "x = 1\n", "pkg/mod.py": "y = 2\n",
                     ".venv/lib.py": "z = 3\n", "pyproject.toml": '[tool.corslint]\nextend-exclude = ["scripts"]\n'})
    result = run_cli("check", "--show-files", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert lines(result, "stdout") == ["app.py", os.path.join("pkg", "mod.py")]


def test_the_api_builds_the_same_settings(tmp_path):
    write(tmp_path, {"corslint.toml": 'ignore = ["COR1"]\n'})
    settings = build_settings(str(tmp_path), Flags(extend_select=["COR3"]))
    assert "COR301" in settings.selected and "COR102" not in settings.selected
    assert settings.sources["extend-select"] == "--extend-select"
    assert settings.sources["ignore"].endswith("corslint.toml the top level")
    assert settings.config.path == str(tmp_path / "corslint.toml")


# ---------------------------------------------------------------- JSON Schema
SCHEMA = json.loads((ROOT / "corslint.schema.json").read_text())


def test_the_schema_describes_exactly_the_documented_keys():
    assert set(SCHEMA["properties"]) == set(CONFIG_KEYS)
    kinds = {"list": "array", "table": "object", "bool": "boolean", "str": "string", "seconds": "number"}
    for key, (kind, description) in CONFIG_KEYS.items():
        prop = SCHEMA["properties"][key]
        resolved = SCHEMA["definitions"][prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop else prop
        assert resolved["type"] == kinds[kind], key
        assert prop["description"] == description, key
    from corslint.output import FORMATS

    assert SCHEMA["properties"]["output-format"]["enum"] == list(FORMATS)


def test_the_schema_accepts_the_documented_examples_and_rejects_what_corslint_rejects(tmp_path):
    import re
    import sys

    jsonschema = pytest.importorskip("jsonschema")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    validator = jsonschema.Draft7Validator(SCHEMA)
    docs = (ROOT / "docs" / "index.md").read_text() + (ROOT / "README.md").read_text()
    examples = [tomllib.loads(body) for body in re.findall(r"```toml\n(.*?)```", docs, flags=re.S)]
    tables = [e["tool"]["corslint"] if "tool" in e else e for e in examples]
    assert len(tables) >= 3
    for table in tables:
        assert not list(validator.iter_errors(table)), table
    for bad in ({"selct": ["ALL"]}, {"select": "COR1"}, {"respect-gitignore": "no"},
                {"output-format": "xml"}, {"per-file-ignores": {"a/*": "COR101"}}):
        assert list(validator.iter_errors(bad)), bad
        write(tmp_path, {"corslint.toml": "".join(f"{k} = {json.dumps(v)}\n" for k, v in bad.items()
                                                  if not isinstance(v, dict)) or
                         '[per-file-ignores]\n"a/*" = "COR101"\n'})
        assert run_cli("check", "--no-cache", ".", cwd=tmp_path).returncode == 2, bad

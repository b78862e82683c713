"""The static value resolver: what it follows, what it admits it cannot know."""
from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from corslint.parsing.parse import SourceFile, parse_source
from corslint.files.imports import module_name_for
from corslint.parsing.project import Project
from corslint.values.resolver import Resolver


def resolve_last(tmp_path, files: dict, target: str = "app.py"):
    """Write `files`, then resolve the value of the last top-level expression statement of `target`."""
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    project = Project([str(tmp_path)])
    module = project.load(str(tmp_path / target))
    assert module is not None
    expr = [s for s in module.tree.body if isinstance(s, cst.SimpleStatementLine)][-1].body[0].value
    resolver = Resolver(project)
    return resolver.resolve(module, expr, module.scopes.module_scope)


def python_of(value):
    return value.python() if value.is_known else None


@pytest.mark.parametrize("source,expected", [
    ('"a" "b"', "ab"),
    ('["x", *["y", "z"]]', ["x", "y", "z"]),
    ('ORIGINS = ["a"]\nORIGINS', ["a"]),
    ('A = "https://a.example.com"\n[A, A + "/x"]', ["https://a.example.com", "https://a.example.com/x"]),
    ('H = "example.com"\nf"https://{H}"', "https://example.com"),
    ('"https://a.com,https://b.com".split(",")', ["https://a.com", "https://b.com"]),
    ('[o.strip() for o in "a , b".split(",") if o.strip()]', ["a", "b"]),
    ('X = ["a"]\nX += ["b"]\nX.append("c")\nX', ["a", "b", "c"]),
    ('D = {"k": ["v"]}\nD["k"]', ["v"]),
    ('list(("a", "b"))', ["a", "b"]),
    ('",".join(["a", "b"])', "a,b"),
    ('True if 1 else False', True),
    ('-5', -5),
])
def test_known_values(tmp_path, source, expected):
    assert python_of(resolve_last(tmp_path, {"app.py": source})) == expected


@pytest.mark.parametrize("source", [
    'import os\nos.environ["ORIGINS"]',
    'def f(x):\n    return x\nf(1)',
    'if cond:\n    X = ["a"]\nelse:\n    X = ["b"]\nX',
    'X = get_origins()\nX',
    '"%s" % y',
    'undefined_name',
])
def test_unknown_values(tmp_path, source):
    assert not resolve_last(tmp_path, {"app.py": source}).is_known


def test_environment_default_carries_its_condition(tmp_path):
    value = resolve_last(tmp_path, {"app.py": 'import os\nos.getenv("ORIGINS", "*").split(",")'})
    assert python_of(value) == ["*"]
    assert value.items()[0].all_conditions() == ("when ORIGINS is unset",)


def test_environ_get_or_default(tmp_path):
    value = resolve_last(tmp_path, {"app.py": 'from os import environ\nenviron.get("HOSTS") or "https://a.com"'})
    assert python_of(value) == "https://a.com"
    assert value.conditions == ("when HOSTS is unset or empty",)


def test_imports_inside_the_project_are_followed(tmp_path):
    value = resolve_last(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/config.py": 'ORIGINS = ["https://a.example.com"]\n',
        "pkg/app.py": "from .config import ORIGINS\nORIGINS\n",
    }, target="pkg/app.py")
    assert python_of(value) == ["https://a.example.com"]
    assert value.span.path.endswith("config.py") and value.span.start_line == 1


def test_module_attribute_and_star_import(tmp_path):
    value = resolve_last(tmp_path, {
        "proj/__init__.py": "",
        "proj/base.py": 'CORS = ["https://a.example.com"]\n',
        "proj/prod.py": "from proj.base import *\nCORS\n",
    }, target="proj/prod.py")
    assert python_of(value) == ["https://a.example.com"]


def test_pydantic_settings_default_with_condition(tmp_path):
    value = resolve_last(tmp_path, {"app.py": """
        from pydantic_settings import BaseSettings
        from pydantic import Field

        class Settings(BaseSettings):
            cors_origins: list[str] = Field(default=["https://a.example.com"])

        def get_settings():
            return Settings()

        settings = get_settings()
        settings.cors_origins
    """})
    assert python_of(value) == ["https://a.example.com"]
    assert value.conditions == ("unless the environment sets CORS_ORIGINS",)


def test_starlette_config_with_comma_separated_cast(tmp_path):
    value = resolve_last(tmp_path, {"app.py": """
        from starlette.config import Config
        from starlette.datastructures import CommaSeparatedStrings
        config = Config(".env")
        config("ORIGINS", cast=CommaSeparatedStrings, default="https://a.com, https://b.com")
    """})
    assert python_of(value) == ["https://a.com", "https://b.com"]


def test_cycles_do_not_hang(tmp_path):
    assert not resolve_last(tmp_path, {"app.py": "A = B\nB = A\nA"}).is_known
    assert not resolve_last(tmp_path, {
        "a.py": "from b import X\nX\n", "b.py": "from a import X\n",
    }, target="a.py").is_known


def test_module_name_for(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "sub" / "__init__.py").write_text("")
    assert module_name_for(str(tmp_path / "pkg" / "sub" / "mod.py")) == "pkg.sub.mod"
    assert module_name_for(str(tmp_path / "pkg" / "__init__.py")) == "pkg"
    assert module_name_for(str(tmp_path / "script.py")) == "script"


def test_parse_source_reports_positions(tmp_path):
    module = parse_source(SourceFile("x.py", None, "A = 1\nB = 'x'\n"))
    statement = module.tree.body[1].body[0]
    assert module.span(statement.value).start_line == 2


def test_a_branch_chosen_by_an_environment_default_carries_its_condition(tmp_path):
    value = resolve_last(tmp_path, {"app.py": 'import os\nDEBUG = os.getenv("DEBUG", True)\n["*"] if DEBUG else ["https://a.com"]'})
    assert python_of(value) == ["*"] and "when DEBUG is unset" in value.all_conditions()
    value = resolve_last(tmp_path, {"app.py": 'import os\n[os.getenv("FRONTEND", "") or "*"]'})
    assert python_of(value) == ["*"] and "when FRONTEND is unset" in value.all_conditions()


@pytest.mark.parametrize("source", [
    # constructor arguments override class-body defaults
    'from dataclasses import dataclass\n@dataclass\nclass C:\n    origins: tuple = ("*",)\nC(origins=("https://a.com",)).origins',
    # __init__ may set anything
    'class C:\n    origins = ["*"]\n    def __init__(self):\n        self.origins = ["https://a.com"]\nC().origins',
    # a class attribute rebound under a condition
    'import os\nclass C:\n    origins = ["https://a.com"]\n    if os.environ.get("DEV"):\n        origins = ["*"]\nC.origins',
])
def test_class_defaults_that_may_be_overridden_are_unknown(tmp_path, source):
    assert not resolve_last(tmp_path, {"app.py": source}).is_known

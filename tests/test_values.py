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
    try:
        return value.python() if value.is_known else None
    except ValueError:  # an element is unknown
        return None


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
    assert value.conditions == ("the default of Settings.cors_origins, used unless the environment sets CORS_ORIGINS",)


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
    assert python_of(value) == ["*"] and "when FRONTEND is unset or empty" in value.all_conditions()


@pytest.mark.parametrize("source", [
    # constructor arguments override class-body defaults
    'from dataclasses import dataclass\n@dataclass\nclass C:\n    origins: tuple = ("*",)\nC(origins=("https://a.com",)).origins',
    # __init__ sets the attribute the class body declared
    'class C:\n    origins = ["*"]\n    def __init__(self):\n        self.origins = ["https://a.com"]\nC().origins',
    # a write after the object was made
    'class C:\n    origins = ["*"]\nc = C()\nc.origins = ["https://a.com"]\nc.origins',
])
def test_what_overrides_a_class_default_is_followed_not_the_stale_default(tmp_path, source):
    assert list(python_of(resolve_last(tmp_path, {"app.py": source}))) == ["https://a.com"]


@pytest.mark.parametrize("source", [
    # __init__ sets it only on a branch
    'import os\nclass C:\n    origins = ["*"]\n    def __init__(self):\n        if os.environ.get("X"):\n            self.origins = ["https://a.com"]\nC().origins',
    # a method (here a pydantic validator) may set it
    'from pydantic_settings import BaseSettings\nfrom pydantic import model_validator\nclass C(BaseSettings):\n    origins: list = ["*"]\n'
    '    @model_validator(mode="after")\n    def check(self):\n        self.origins = [o for o in self.origins if o != "*"]\n        return self\nC().origins',
    # a validator that runs on the default (v1 always=True)
    'from pydantic import BaseSettings, validator\nclass C(BaseSettings):\n    origins: list = ["*"]\n'
    '    @validator("origins", always=True)\n    def check(cls, v):\n        return v\nC().origins',
    # __init__ hands self to code corslint does not follow
    'class C:\n    origins = ["*"]\n    def __init__(self):\n        load_into(self)\nC().origins',
    # changed in a function, or mutated in place
    'class C:\n    origins = ["*"]\nc = C()\ndef configure():\n    c.origins = ["https://a.com"]\nc.origins',
    'class C:\n    origins = ["*"]\nc = C()\nc.origins.clear()\nc.origins',
    'class C:\n    origins = ["*"]\nc = C()\nsetattr(c, NAME, ["https://a.com"])\nc.origins',
    # getattr with a default on an object that may have the attribute
    'import lib\nclass C(lib.Base):\n    pass\ngetattr(C(), "origins", ["*"])',
    # a class attribute rebound under a condition
    'import os\nclass C:\n    origins = ["https://a.com"]\n    if os.environ.get("DEV"):\n        origins = ["*"]\nC.origins',
])
def test_class_defaults_that_may_be_overridden_are_unknown(tmp_path, source):
    assert not resolve_last(tmp_path, {"app.py": source}).is_known


# -- possibilities: every feasible arm of a branch, each with its condition ----------------
def possibilities(tmp_path, source: str, target: str = "app.py", files: dict = None, raw: bool = False):
    """Every value the last expression statement of `target` takes, one per world."""
    from corslint.values.possibilities import explore

    for name, text in {**(files or {}), target: source}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    project = Project([str(tmp_path)])
    module = project.load(str(tmp_path / target))
    expr = [s for s in module.tree.body if isinstance(s, cst.SimpleStatementLine)][-1].body[0].value
    resolver = Resolver(project)
    values = explore(resolver, lambda: [resolver.resolve(module, expr, module.scopes.module_scope)])
    return values if raw else [(python_of(v), v.all_conditions()) for v in values]


def test_each_arm_of_an_undecided_if_is_a_possibility_with_its_condition(tmp_path):
    found = possibilities(tmp_path, """
        from config import settings
        if settings.STAGING:
            ORIGINS = ["*"]
        elif settings.REGION == "eu":
            ORIGINS = ["https://eu.example.com"]
        else:
            ORIGINS = ["https://example.com"]
        ORIGINS
    """)
    assert (["*"], ("when `settings.STAGING` is true",)) in found
    assert (["https://eu.example.com"], ("when `settings.STAGING` is false", 'when `settings.REGION == "eu"`')) in found
    assert (["https://example.com"], ("when `settings.STAGING` is false", 'unless `settings.REGION == "eu"`')) in found
    assert len(found) == 3


def test_development_arms_are_not_possibilities(tmp_path):
    found = possibilities(tmp_path, """
        from config import settings
        if settings.DEBUG:
            ORIGINS = ["*"]
        else:
            ORIGINS = ["https://example.com"]
        ORIGINS
    """)
    assert found == [(["https://example.com"], ("when `settings.DEBUG` is false",))]
    found = possibilities(tmp_path, 'import os\n["*"] if os.environ.get("ENV") == "development" else ["https://a.com"]')
    assert found == [(["https://a.com"], ('unless `os.environ.get("ENV") == "development"`',))]


def test_an_environment_default_decides_the_branch_and_names_the_variable(tmp_path):
    found = possibilities(tmp_path, """
        import os
        raw = os.environ.get("CORS_ORIGINS", "")
        origins = [o.strip() for o in raw.split(",") if o.strip()]
        if origins:
            ALLOW_ALL = False
        else:
            ALLOW_ALL = True
        ALLOW_ALL
    """)
    # The other arm is a deployment that sets the variable: judged too, with what rests on
    # the default unknown there (here a literal, so known).
    assert found == [(True, ("when CORS_ORIGINS is unset or empty",)), (False, ("when CORS_ORIGINS is set",))]


def test_try_except_fallback_and_match_cases(tmp_path):
    found = possibilities(tmp_path, """
        try:
            from .local import ORIGINS
        except ImportError:
            ORIGINS = ["*"]
        ORIGINS
    """)
    assert (["*"], ("when `from .local import ORIGINS` raises ImportError",)) in found
    found = possibilities(tmp_path, """
        from config import STAGE
        match STAGE:
            case "local":
                ORIGINS = ["*"]
            case "staging":
                ORIGINS = ["https://staging.example.com"]
            case _:
                ORIGINS = ["https://example.com"]
        ORIGINS
    """)
    assert sorted(v for v, _ in found) == [["https://example.com"], ["https://staging.example.com"]]


def test_a_function_with_several_returns_and_a_settings_class_chosen_by_environment(tmp_path):
    found = possibilities(tmp_path, """
        import os

        class Base:
            ORIGINS = ["https://example.com"]

        class Staging(Base):
            ORIGINS = Base.ORIGINS + ["https://staging.example.com"]

        def config_class():
            if os.environ.get("STAGE") == "staging":
                return Staging
            return Base

        config_class().ORIGINS
    """)
    assert sorted(v for v, _ in found) == [["https://example.com"],
                                          ["https://example.com", "https://staging.example.com"]]


def test_a_name_assigned_in_a_loop_or_by_unknown_code_stays_unknown(tmp_path):
    assert possibilities(tmp_path, 'X = []\nfor o in load():\n    X = [o]\nX') == [(None, ())]
    assert possibilities(tmp_path, 'if cond():\n    X = ["a"]\nelse:\n    X = compute()\nX')[1][0] is None


@pytest.mark.parametrize("source,expected", [
    ('DAY = 60 * 60 * 24\nDAY * 14', 1209600),
    ('int("600")', 600),
    ('import os\nint(os.getenv("MAX_AGE", "7200"))', 7200),
    ('"https://%s.example.com" % "app"', "https://app.example.com"),
    ('"https://{}.example.com".format("app")', "https://app.example.com"),
    ('"https://{host}".format(host="a.com")', "https://a.com"),
    ('frozenset(["a"])', ["a"]),
    ('H = "a.com"\n[f"https://{h}" for h in [H, "b.com"]]', ["https://a.com", "https://b.com"]),
])
def test_calls_and_arithmetic(tmp_path, source, expected):
    assert python_of(resolve_last(tmp_path, {"app.py": source})) == expected


def test_dict_call_splats_and_item_assignment(tmp_path):
    value = resolve_last(tmp_path, {"app.py": """
        BASE = dict(allow_credentials=True, max_age=600)
        OPTS = {**BASE, "allow_origins": ["https://a.com"]}
        OPTS["max_age"] = 60
        OPTS
    """})
    assert {k.data: v.python() for k, v in value.data} == {
        "allow_credentials": True, "max_age": 60, "allow_origins": ["https://a.com"]}


def test_objects_properties_dataclass_and_attrs_factories(tmp_path):
    source = """
        from dataclasses import dataclass, field
        from functools import cached_property
        import attr

        @dataclass
        class Cors:
            origins: list = field(default_factory=lambda: ["https://a.com"])
            headers: list = field(default_factory=list)

            @cached_property
            def regex(self):
                return r"https://[a-z]+\\.a\\.com"

        @attr.s
        class Other:
            origins = attr.ib(factory=lambda: ["https://b.com"])

        cors = Cors()
        """
    assert python_of(resolve_last(tmp_path, {"app.py": source + "cors.origins\n"})) == ["https://a.com"]
    assert python_of(resolve_last(tmp_path, {"app.py": source + "cors.headers\n"})) == []
    assert python_of(resolve_last(tmp_path, {"app.py": source + "cors.regex\n"})) == r"https://[a-z]+\.a\.com"
    assert python_of(resolve_last(tmp_path, {"app.py": source + "Other().origins\n"})) == ["https://b.com"]
    # a keyword argument is the field's value; a positional one is not mapped to its field
    assert python_of(resolve_last(tmp_path, {"app.py": source + "Cors(origins=['x']).origins\n"})) == ["x"]
    assert not resolve_last(tmp_path, {"app.py": source + "Cors(['x']).origins\n"}).is_known


def test_nested_settings_model_names_the_overriding_variable(tmp_path):
    value = resolve_last(tmp_path, {"app.py": """
        from pydantic import BaseModel
        from pydantic_settings import BaseSettings, SettingsConfigDict

        class Cors(BaseModel):
            allow_origins: list[str] = ["*"]

        class Project(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            cors: Cors = Cors()

        config = Project()
        config.cors.allow_origins
    """})
    assert python_of(value) == ["*"]
    assert value.conditions == ("the default of Project.cors, used unless the environment sets APP_CORS",)


def test_django_environ_scheme_declares_defaults(tmp_path):
    source = """
        import environ
        env = environ.Env(CORS_ORIGINS=(list, ["*"]), CORS_CREDENTIALS=(bool, True), MAX_AGE=(int, 600))
        """
    value = resolve_last(tmp_path, {"app.py": source + 'env("CORS_ORIGINS")\n'})
    assert python_of(value) == ["*"] and value.all_conditions() == ("when CORS_ORIGINS is unset",)
    assert python_of(resolve_last(tmp_path, {"app.py": source + 'env.bool("CORS_CREDENTIALS")\n'})) is True
    assert python_of(resolve_last(tmp_path, {"app.py": source + 'env.int("MAX_AGE")\n'})) == 600
    assert not resolve_last(tmp_path, {"app.py": source + 'env("OTHER")\n'}).is_known


def test_strings_built_from_unknown_parts_are_unknown_templates(tmp_path):
    from corslint.policy import string_template

    value = resolve_last(tmp_path, {"app.py": 'from config import tenant\nf"https://{tenant}.example.com"'})
    assert not value.is_known
    assert string_template(value) == ("f-string", ("https://", None, ".example.com"))
    value = resolve_last(tmp_path, {"app.py": 'from config import tenant\n"https://%s.example.com:%d" % (tenant, 1)'})
    assert not value.is_known and string_template(value) is None
    value = resolve_last(tmp_path, {"app.py": 'from config import tenant\n"https://%s.example.com" % tenant'})
    assert string_template(value) == ("%", ("https://", None, ".example.com"))


def test_a_comparison_decided_by_a_default_also_judges_the_arm_the_variable_selects(tmp_path):
    found = possibilities(tmp_path, """
        import os
        STAGE = os.environ.get("STAGE", "production")
        if STAGE == "staging":
            ORIGINS = ["*"]
        else:
            ORIGINS = ["https://example.com"]
        ORIGINS
    """)
    assert (["https://example.com"], ("when STAGE is unset",)) in found
    assert (["*"], ('when `STAGE == "staging"`',)) in found


def test_a_value_resting_on_a_refuted_default_is_unknown_in_the_other_arm(tmp_path):
    found = possibilities(tmp_path, """
        import os
        ORIGIN = os.environ.get("ORIGIN", "*")
        if ORIGIN != "*":
            ORIGINS = [ORIGIN]
        else:
            ORIGINS = ["https://example.com"]
        ORIGINS
    """, raw=True)
    assert python_of(found[0]) == ["https://example.com"]
    assert [item.kind for item in found[1].items()] == ["unknown"]


@pytest.mark.parametrize("source,expected", [
    ('"a" == "a"', True),
    ('"dev" in ("dev", "local")', True),
    ('3 > 2 > 1', True),
    ('X = None\nX is None', True),
])
def test_comparisons_of_known_values(tmp_path, source, expected):
    assert python_of(resolve_last(tmp_path, {"app.py": source})) is expected


def test_str_format_with_unknown_fields_is_a_template(tmp_path):
    from corslint.policy import string_template

    value = resolve_last(tmp_path, {"app.py": 'from config import t\n"https://{}.{domain}".format(t, domain="a.com")'})
    assert string_template(value) == ("format", ("https://", None, ".a.com"))
    value = resolve_last(tmp_path, {"app.py": '"https://{0}.{d}:{1}".format("x", 8443, d="a.com")'})
    assert python_of(value) == "https://x.a.com:8443"


def test_or_default_after_an_unknown_value_holds_when_it_is_empty(tmp_path):
    value = resolve_last(tmp_path, {"app.py": 'from config import settings\nsettings.ORIGINS or ["*"]'})
    assert python_of(value) == ["*"] and value.conditions == ("when `settings.ORIGINS` is empty",)
    assert not resolve_last(tmp_path, {"app.py": 'from config import settings\nsettings.ORIGINS and ["*"]'}).is_known


def test_a_condition_inside_a_helper_is_said_as_the_call_at_the_call_site(tmp_path):
    # nautobot's is_truthy(arg): the test `val in ("y", ...)` reads the helper's own local,
    # which nobody reading the settings line can see.
    helper = '''
        def is_truthy(arg):
            if isinstance(arg, bool):
                return arg
            val = str(arg).lower()
            if val in ("y", "yes", "t", "true", "on", "1"):
                return True
            elif val in ("n", "no", "f", "false", "off", "0"):
                return False
            raise ValueError(arg)
    '''
    found = possibilities(tmp_path, """
        import os
        from funcs import is_truthy
        is_truthy(os.getenv("CORS_CREDS", "False"))
    """, files={"funcs.py": helper})
    conditions = [c for _value, cs in found for c in cs]
    assert (True, ('when `is_truthy(os.getenv("CORS_CREDS", "False"))` returns True',)) in found
    assert not any("`val" in c or "arg," in c for c in conditions), found


# -- value forms: comprehensions, objects changed after they are made, env files -----------
@pytest.mark.parametrize("source,expected", [
    ('R = {"allow_origins": ["*"], "max_age": None}\n{k: v for k, v in R.items() if v is not None}["allow_origins"]', ["*"]),
    ('R = ["HTTPS://A.COM"]\nlist({o.lower() for o in R})', ["https://a.com"]),
    ('D = {"https://a.com": 1, "https://b.com": 2}\nlist(D)', ["https://a.com", "https://b.com"]),
    ('D = {"a": 1, "a": 2}\nlist(D.values())', [2]),
])
def test_comprehensions_and_dict_views(tmp_path, source, expected):
    assert python_of(resolve_last(tmp_path, {"app.py": source})) == expected


def test_getattr_takes_the_default_only_when_the_attribute_certainly_is_missing(tmp_path):
    base = 'class S:\n    DEBUG = False\ns = S()\n'
    assert python_of(resolve_last(tmp_path, {"app.py": base + 'getattr(s, "ORIGINS", ["*"])'})) == ["*"]
    assert python_of(resolve_last(tmp_path, {"app.py": base + 'getattr(s, "DEBUG", True)'})) is False
    assert python_of(resolve_last(tmp_path, {"app.py": base + 's.ORIGINS = ["https://a.com"]\ngetattr(s, "ORIGINS", ["*"])'})) \
        == ["https://a.com"]
    # django.conf.settings (outside the project) may have it
    assert not resolve_last(tmp_path, {"app.py": 'from django.conf import settings\ngetattr(settings, "X", ["*"])'}).is_known


def test_a_settings_env_file_is_named_in_the_condition_and_sets_no_field(tmp_path):
    source = ('from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n    cors_origins: list = ["*"]\n'
              'S(_env_file=".env", _env_file_encoding="utf-8").cors_origins')
    value = resolve_last(tmp_path, {"app.py": source})
    assert python_of(value) == ["*"]
    assert "the default of S.cors_origins, used unless the environment or the env file .env sets CORS_ORIGINS" \
        in value.all_conditions()
    configured = source.replace('    cors_origins', '    model_config = {"x": 1}\n    class Config:\n'
                                '        env_file = (".env", ".env.prod")\n    cors_origins')
    value = resolve_last(tmp_path, {"app.py": configured.replace('_env_file=".env", ', "")})
    assert any("env file .env or .env.prod" in c for c in value.all_conditions())
    assert not resolve_last(tmp_path, {"app.py": source.replace('_env_file=".env"', '_env_prefix="APP_"')}).is_known


@pytest.mark.parametrize("source", [
    'import os\nos.environ["ORIGINS"] = "https://a.com"\nos.getenv("ORIGINS", "*")',
    'import os\nos.environ.setdefault("ORIGINS", "https://a.com")\nos.environ.get("ORIGINS", "*")',
    'import os\nos.environ.update(load())\nos.getenv("ORIGINS", "*")',
    'O = ["*"]\ndef fix():\n    O.pop()\nO',
    'O = ["*"]\ndef fix():\n    global O\n    O = []\nO',
    'O = ["*"]\ndel O[0]\nO',
])
def test_changes_the_resolver_does_not_follow_leave_the_value_unknown(tmp_path, source):
    assert not resolve_last(tmp_path, {"app.py": source}).is_known


def test_a_dict_entry_chosen_by_the_environment_is_judged_per_entry(tmp_path):
    found = possibilities(tmp_path, """
        import os
        CONFIGS = {"production": ["https://a.com"], "staging": ["*"], "development": ["*"], "test": ["*"]}
        CONFIGS[os.getenv("APP_ENV", "production")]
        """)
    assert (["https://a.com"], ("when APP_ENV is unset",)) in found
    assert (["*"], ("when APP_ENV is 'staging'",)) in found
    assert len(found) == 2  # development and test entries are not judged


def test_an_initialiser_that_passes_its_empty_keywords_on_keeps_the_field_defaults(tmp_path):
    source = ('from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n    origins: list = ["*"]\n'
              '    def __init__(self, **values):\n        super().__init__(**values)\n        self.extra = ["https://a.com"]\n')
    assert python_of(resolve_last(tmp_path, {"app.py": source + "S().origins"})) == ["*"]
    assert python_of(resolve_last(tmp_path, {"app.py": source + "S().extra"})) == ["https://a.com"]
    assert not resolve_last(tmp_path, {"app.py": source + "S(origins=['x']).origins"}).is_known


@pytest.mark.parametrize("code, truthy, wording", [
    ('not is_env_var_true("NO_HTTPS")', False, 'when `is_env_var_true("NO_HTTPS")`'),
    ('not is_env_var_true("NO_HTTPS")', True, 'unless `is_env_var_true("NO_HTTPS")`'),
    ("not (a and b)", False, "when `a and b`"),
    ("not not settings.DEBUG", True, "when `settings.DEBUG` is true"),
    ("not DEBUG", False, "when `DEBUG` is true"),
    # `not a or b` is `(not a) or b`: the negation is not the whole test, so it stays.
    ("not a or b", False, "unless `not a or b`"),
    ("nothing_set()", False, "unless `nothing_set()`"),
    ("not x…", False, "unless `not x…`"),  # shortened, unparsable: left as written
])
def test_arm_condition_reads_without_double_negatives(code, truthy, wording):
    from corslint.values.branches import arm_condition

    assert arm_condition(code, truthy) == wording


def test_negated_helper_condition_in_a_finding():
    from corslint.api import check_source

    source = textwrap.dedent('''\
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware
        from unresolvable_helpers import is_env_var_true

        app = FastAPI()
        scheme = "https" if not is_env_var_true("NO_HTTPS") else "http"
        app.add_middleware(CORSMiddleware, allow_origins=[f"{scheme}://example.com"])
    ''')
    messages = [f.message for f in check_source(source, "app.py").findings if f.code == "COR106"]
    assert len(messages) == 1
    assert '(when `is_env_var_true("NO_HTTPS")`)' in messages[0]
    assert "not is_env_var_true" not in messages[0]


@pytest.mark.parametrize("source, expected", [
    ('import re\nre.split(r",\\s*", "https://a.com, https://b.com")', ["https://a.com", "https://b.com"]),
    ('from re import split\nsplit("[,;]", "a;b,c")', ["a", "b", "c"]),
    ('import re\nre.split(",", "a,b,c", 1)', ["a", "b,c"]),
    ('import re\nre.split(",", "a,b,c", maxsplit=1)', ["a", "b,c"]),
    ('import re\nre.split("X", "axb", flags=re.I)', ["a", "b"]),
    ('import re\nre.split("X", "axb", flags=re.I | re.ASCII)', ["a", "b"]),
    ('import re as regex\nSEP = r"\\s+"\nregex.split(SEP, "a  b")', ["a", "b"]),
])
def test_re_split_on_known_values(tmp_path, source, expected):
    assert python_of(resolve_last(tmp_path, {"app.py": source})) == expected


@pytest.mark.parametrize("source", [
    'import re, os\nre.split(",", os.environ["ORIGINS"])',  # unknown input
    'import re, os\nre.split(os.environ["SEP"], "a,b")',  # unknown pattern
    'import re\nre.split(",", "a,b", flags=FLAGS)',  # unknown flags
    'import re\nre.split(",", "a,b", n)',  # unknown maxsplit
    'import re\nre.split("(", "a,b")',  # does not compile
    'import re\nre.split("(a)|,", "x,y")',  # a group that took no part gives None
    # Nested repeats have no small backtracking bound: never run in-process.
    'import re\nre.split(r"(\\s*,+)+$", "a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,b")',
    'class re:\n    @staticmethod\n    def split(p, s):\n        return [s]\nre.split(",", "a,b")',  # not the stdlib
])
def test_re_split_stays_unknown(tmp_path, source):
    assert not resolve_last(tmp_path, {"app.py": source}).is_known


def test_re_split_of_an_environment_default_keeps_its_condition(tmp_path):
    value = resolve_last(tmp_path, {"app.py": 'import os, re\nre.split(r",\\s*", os.environ.get("ORIGINS", "*"))'})
    assert python_of(value) == ["*"]
    assert value.items()[0].all_conditions() == ("when ORIGINS is unset",)


def test_long_negated_test_keeps_its_meaning_when_shortened():
    """`not <long test>` is said from the test without `not` before it is shortened, so
    the `…` never hides which way the condition goes."""
    from corslint.api import check_source

    source = textwrap.dedent('''\
        import os
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        scheme = "https" if not os.environ.get("SERVE_WITHOUT_TLS", "false").lower() in ("1", "true") else "http"
        app.add_middleware(CORSMiddleware, allow_origins=[f"{scheme}://example.com"])
    ''')
    messages = [f.message for f in check_source(source, "app.py").findings if f.code == "COR106"]
    assert len(messages) == 1
    assert '(when `os.environ.get("SERVE_WITHOUT_TLS", "false").lower() in ' in messages[0]
    assert "not os.environ" not in messages[0]


@pytest.mark.parametrize("text,expected", [
    ("settings.x = 1", True), ("f(a=settings.x)", False), ("settings.x += [1]", True),
    ("settings.x.append(1)", True), ("if settings.x == 1: pass", False), ("del settings.x", True),
    ("settings.x: list = []", True), ("settings.a, settings.b = 1, 2", True), ("y = settings.x <= 3", False),
    ("settings.x['k'] = 1", True), ("for settings.x in y: pass", True), ("othersettings.x = 1", False),
    ("setattr(s, 'x', 1)", True), ("x = settings.x if settings.x != 1 else 2", False),
])
def test_the_text_test_for_attribute_writes(text, expected):
    from corslint.values.objects import may_write_attributes

    assert may_write_attributes(text, "settings") is expected


def test_the_text_test_never_misses_a_write_the_scan_finds():
    # The text test spares a CST scan; it may say yes wrongly, never no wrongly.
    import pathlib

    import libcst as cst

    from corslint.values.objects import attribute_writes, may_write_attributes

    root = pathlib.Path(__file__).resolve().parent.parent
    checked = 0
    for path in sorted([*(root / "testdata").rglob("*.py"), *(root / "corslint").rglob("*.py")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = cst.parse_module(text)
        except Exception:
            continue
        for base in attribute_writes(None, tree):
            if base.isidentifier():
                assert may_write_attributes(text, base), (path, base)
                checked += 1
    assert checked > 50

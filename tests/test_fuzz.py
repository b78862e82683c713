"""Fuzzing: generated Python programs and mutated CORS configurations never make corslint
raise, its output is deterministic, and ``--fix`` output always parses.

The normal test run is short and reproducible (``derandomize``, a few seconds). For a
release check, raise the example count and let hypothesis pick new inputs::

    CORSLINT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py -q

(any value turns derandomisation off; failures are printed as a minimal program.)
"""
from __future__ import annotations

import ast
import dataclasses
import os
import warnings

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corslint.run.engine import Engine, Input, Options  # noqa: E402
from corslint.fixes.apply import fix_files  # noqa: E402
from corslint.rules import all_rules  # noqa: E402

RELEASE_EXAMPLES = os.environ.get("CORSLINT_FUZZ_EXAMPLES", "")


def fuzz_settings(ci_examples: int):
    return settings(
        max_examples=int(RELEASE_EXAMPLES) if RELEASE_EXAMPLES.isdigit() else ci_examples,
        derandomize=not RELEASE_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def lint(tmp_path, files: dict, unsafe: bool = True):
    """Findings and errors of a run over ``files``, and the fixed text of each file."""
    paths = {}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths[str(path)] = name
    options = Options(selected=set(all_rules()), config_root=str(tmp_path), project_roots=[str(tmp_path)], jobs=1)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        def run_engine(current):
            engine = Engine(dataclasses.replace(options, overlay=current))
            return engine.run([Input(a, d, current[a]) for a, d in paths.items()])

        result = Engine(options).run([Input(a, d) for a, d in paths.items()])
        outcome = fix_files(run_engine, paths, unsafe=unsafe)
    finally:
        os.chdir(cwd)
    fixed = {f.display: f.fixed.decode("utf-8") for f in outcome.changed}
    summary = ([(f.path, f.span.start_line, f.span.start_col, f.code, f.message) for f in result.findings],
               list(result.errors))
    return summary, fixed, outcome.warnings


def compiles(text: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    return True


def assert_robust(tmp_factory, files: dict) -> None:
    first, fixed, fix_warnings = lint(tmp_factory(), files)
    second, fixed_again, _ = lint(tmp_factory(), files)
    assert first == second, "output differs between two runs"
    assert fixed == fixed_again
    findings, errors = first
    assert not [e for e in errors if "internal error" in e], errors
    assert not fix_warnings, fix_warnings
    for name, text in fixed.items():
        if compiles(files[name]):
            assert compiles(text), f"--fix broke {name}:\n{text}"


class TmpDirs:
    """A fresh folder per example (hypothesis runs many examples in one test call)."""

    def __init__(self, base):
        self.base = base
        self.count = 0

    def __call__(self):
        self.count += 1
        path = self.base / f"example{self.count}"
        path.mkdir()
        return path


# ---------------------------------------------------------------- generated valid programs
hypothesmith = pytest.importorskip("hypothesmith")
MARKER = "from starlette.middleware.cors import CORSMiddleware\nfrom flask_cors import CORS\n"


@fuzz_settings(ci_examples=15)
@given(program=hypothesmith.from_grammar())
def test_generated_programs(tmp_path_factory, program):
    tmp = TmpDirs(tmp_path_factory.mktemp("programs"))
    assert_robust(tmp, {"generated.py": MARKER + program})


# ---------------------------------------------------------------- mutated CORS configurations
ORIGINS = ["*", "null", "", " ", "https://a.example.com", "https://a.example.com/", "http://a.example.com",
           "HTTPS://A.EXAMPLE.COM:443", "https://*.example.com", "a.example.com", "https://a.example.com,https://b",
           "http://localhost:3000", "https://x.vercel.app", r"^https://.*\.example\.com$", r"https://a.example.com",
           r"^https://(a+)+\.example\.com$", "[", "\\", "é", "\n", "https://a.example.com\t"]


def literal_values(depth: int = 3):
    leaves = st.one_of(
        st.sampled_from(ORIGINS).map(repr),
        st.text(max_size=8).map(repr),
        st.integers(-2, 10 ** 9).map(str),
        st.sampled_from(["True", "False", "None", "...", "1.5", "b'x'", "ORIGINS", "os.environ['X']",
                         'os.getenv("ORIGINS", "https://a.example.com,null").split(",")',
                         're.compile(r"^https://a\\.example\\.com$")', "[*ORIGINS]", "f'https://{HOST}'",
                         '"GET"', '"get"', '"Authorization"', '"*"', "86400 * 365"]),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(inner, min_size=1, max_size=4).map(lambda xs: "(" + ", ".join(xs) + ",)"),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: "{" + ", ".join(xs) + "}"),
            st.lists(st.tuples(st.sampled_from(ORIGINS + ["origins"]).map(repr), inner), max_size=3)
            .map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
            st.tuples(inner, inner).map(lambda ab: f"{ab[0]} + {ab[1]}"),
        ),
        max_leaves=depth * 3,
    )


STARLETTE_KEYWORDS = ["allow_origins", "allow_origin_regex", "allow_methods", "allow_headers", "allow_credentials",
                      "expose_headers", "max_age", "allow_private_network", "allow_origin"]
FLASK_KEYWORDS = ["origins", "methods", "allow_headers", "expose_headers", "supports_credentials", "max_age",
                  "resources", "send_wildcard", "vary_header", "support_credentials", "allow_private_network"]
DJANGO_SETTINGS = ["CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_ALL_ORIGINS",
                   "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS",
                   "CORS_PREFLIGHT_MAX_AGE", "CORS_ORIGIN_WHITELIST", "CORS_ORIGIN_ALLOW_ALL", "CORS_URLS_REGEX",
                   "MIDDLEWARE", "INSTALLED_APPS"]


def keyword_calls(keywords):
    return st.lists(st.tuples(st.sampled_from(keywords), literal_values()), max_size=6, unique_by=lambda kv: kv[0])


PRELUDE = "import os\nimport re\n\nORIGINS = ['https://a.example.com']\nHOST = 'a.example.com'\n"


@st.composite
def cors_projects(draw):
    kind = draw(st.sampled_from(["starlette", "flask", "django", "aiohttp", "handwritten"]))
    if kind == "starlette":
        arguments = ", ".join(f"{k}={v}" for k, v in draw(keyword_calls(STARLETTE_KEYWORDS)))
        body = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n" + PRELUDE
                + "\napp = FastAPI()\n"
                + draw(st.sampled_from(["app.add_middleware(CORSMiddleware{sep}{args})\n",
                                        "app = CORSMiddleware(app{sep}{args})\n"])).format(
                    sep=", " if arguments else "", args=arguments))
    elif kind == "flask":
        arguments = ", ".join(f"{k}={v}" for k, v in draw(keyword_calls(FLASK_KEYWORDS)))
        body = ("from flask import Flask\nfrom flask_cors import CORS, cross_origin\n" + PRELUDE
                + "\napp = Flask(__name__)\n"
                + draw(st.sampled_from(["CORS(app{sep}{args})\n",
                                        "@app.route('/x')\n@cross_origin({args})\ndef x():\n    return ''\n",
                                        "app.config['CORS_ORIGINS'] = {value}\nCORS(app)\n"])).format(
                    sep=", " if arguments else "", args=arguments, value=draw(literal_values())))
    elif kind == "django":
        body = PRELUDE + "".join(f"{name} = {value}\n" for name, value in draw(
            st.lists(st.tuples(st.sampled_from(DJANGO_SETTINGS), literal_values()), max_size=6)))
        body = "# settings.py for a Django project using corsheaders\n" + body
    elif kind == "aiohttp":
        options = ", ".join(f"{k}={v}" for k, v in draw(keyword_calls(
            ["allow_credentials", "expose_headers", "allow_headers", "max_age", "allow_methods"])))
        body = ("import aiohttp_cors\nfrom aiohttp import web\n" + PRELUDE + "\napp = web.Application()\n"
                f"cors = aiohttp_cors.setup(app, defaults={{{draw(literal_values())}: "
                f"aiohttp_cors.ResourceOptions({options})}})\n")
    else:
        headers = draw(st.lists(st.tuples(
            st.sampled_from(["Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Vary",
                             "Access-Control-Expose-Headers", "Access-Control-Max-Age", "X-Total-Count"]),
            st.one_of(literal_values(), st.just("request.headers.get('Origin')"))), max_size=5))
        body = ("from flask import Flask, request\n" + PRELUDE + "\napp = Flask(__name__)\n\n"
                "@app.after_request\ndef add_cors(response):\n"
                + "".join(f"    response.headers[{k!r}] = {v}\n" for k, v in headers)
                + "    return response\n")
    return {"app.py": body}


@fuzz_settings(ci_examples=60)
@given(files=cors_projects())
def test_mutated_cors_configurations(tmp_path_factory, files):
    tmp = TmpDirs(tmp_path_factory.mktemp("configs"))
    assert_robust(tmp, files)

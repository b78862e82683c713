"""Small before/after cases for each fix (pyupgrade's style), including the shapes where a
fix must not be offered because it would guess."""
from __future__ import annotations

import textwrap

import pytest

from tests.test_fixes import run_fixer

HEAD = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware

app = FastAPI()
"""

CASES = {
    "null-inline-middle": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "null", "https://b.example.com"])',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://b.example.com"])'),
    "null-inline-last": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "null"])',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])'),
    "null-inline-first-trailing-comma": (
        'app.add_middleware(CORSMiddleware, allow_origins=["null", "https://a.example.com",])',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com",])'),
    "null-only-entry": (
        "app.add_middleware(CORSMiddleware, allow_origins=['null'])",
        "app.add_middleware(CORSMiddleware, allow_origins=[])"),
    "null-in-a-tuple-keeps-it-a-tuple": (
        'app.add_middleware(CORSMiddleware, allow_origins=("https://a.example.com", "null"))',
        'app.add_middleware(CORSMiddleware, allow_origins=("https://a.example.com", ))'),
    "null-own-line-with-comment": (
        'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\n        "https://a.example.com",\n'
        '        "null",  # demo\n    ],\n)',
        'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\n        "https://a.example.com",\n'
        '    ],\n)'),
    "null-in-a-set-is-not-emptied-into-a-dict": (
        'app.add_middleware(CORSMiddleware, allow_origins={"null"})',
        None),
    "string-wrapped-keeping-quotes": (
        "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_headers='X-Token')",
        "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_headers=['X-Token'])"),
    "comma-joined-string-split": (
        'app.add_middleware(CORSMiddleware, allow_origins="https://a.example.com,https://b.example.com")',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://b.example.com"])'),
    "env-default-string-is-not-wrapped": (
        'import os\napp.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], '
        'allow_headers=os.getenv("HEADERS", "X-Token"))',
        None),
    "string-through-a-name-is-not-wrapped": (
        'HEADERS = "X-Token"\napp.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], '
        'allow_headers=HEADERS)',
        None),
    "origin-normalised-in-single-quotes": (
        "app.add_middleware(CORSMiddleware, allow_origins=['HTTPS://App.Example.com:443/'])",
        "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'])"),
    "origin-with-a-path-is-left-to-a-person": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/app"])',
        None),
    "origin-in-a-shared-name-is-not-rewritten": (
        'FRONTEND = "https://a.example.com/"\n'
        'app.add_middleware(CORSMiddleware, allow_origins=[FRONTEND])\nRESET = FRONTEND + "reset"',
        None),
    "misspelt-keyword-renamed": (
        'app.add_middleware(CORSMiddleware, allow_origin=["https://a.example.com"])',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])'),
    "misspelling-not-renamed-when-the-option-is-set": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], '
        'allow_origin=["https://b.example.com"])',
        None),
    "unknown-keyword-far-from-any-option": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], cache=True)',
        None),
    "max-age-clamped": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], max_age=999_999)',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], max_age=86400)'),
    "methods-upper-cased": (
        "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_methods=('get', \"put\"))",
        "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_methods=('GET', \"PUT\"))"),
    "glob-moved-to-the-regex-keyword": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://*.b.example.com"])',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], '
        'allow_origin_regex=r"https://[a-z0-9-]+\\.b\\.example\\.com")'),
    "glob-kept-when-a-regex-is-set": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://*.b.example.com"], '
        'allow_origin_regex=r"https://c\\.example\\.com")',
        None),
    "middleware-list-inline": (
        'other = Starlette(middleware=[Middleware(AuthMiddleware), '
        'Middleware(CORSMiddleware, allow_origins=["https://a.example.com"])])',
        'other = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=["https://a.example.com"]), '
        'Middleware(AuthMiddleware)])'),
    "add-middleware-moved-below-a-decorated-middleware": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])\n\n\n'
        '@app.middleware("http")\nasync def require_token(request, call_next):\n    return await call_next(request)\n',
        '\n\n@app.middleware("http")\nasync def require_token(request, call_next):\n    return await call_next(request)\n'
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])\n'),
    "add-middleware-moved-with-its-comment": (
        'app.add_middleware(AuthMiddleware)\n\n# The SPA calls us from its own origin.\n'
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])\n'
        'app.add_middleware(AuthMiddleware)  # twice, by mistake',
        'app.add_middleware(AuthMiddleware)\n\n'
        'app.add_middleware(AuthMiddleware)  # twice, by mistake\n'
        '# The SPA calls us from its own origin.\n'
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])'),
    "add-middleware-in-another-block-is-not-moved": (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])\n'
        'if True:\n    app.add_middleware(AuthMiddleware)',
        None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fix_case(name, tmp_path):
    before, after = CASES[name]
    root = tmp_path / "case"
    root.mkdir()
    (root / "auth.py").write_text("class AuthMiddleware:\n    pass\n")
    source = HEAD + "from auth import AuthMiddleware\n" + textwrap.dedent(before).rstrip("\n") + "\n"
    (root / "app.py").write_text(source)
    first, outcome = run_fixer(root)
    assert first.findings, "the case must produce a finding"
    text = (root / "app.py").read_text()
    if after is None:
        assert text == source, "no fix expected"
        assert not any(f.fix is not None for f in first.findings if f.path == "app.py"), \
            [(f.code, f.fix) for f in first.findings if f.fix]
    else:
        expected = HEAD + "from auth import AuthMiddleware\n" + after.rstrip("\n") + "\n"
        assert text == expected

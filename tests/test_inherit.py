"""Settings modules without CORS words are judged exactly when they may inherit CORS
settings (corslint.files.inherit), and the narrower prefilter finds what the old one did
(every star-importing module a candidate)."""
from __future__ import annotations

import pytest

from corslint.run.engine import Engine, check_sources
from corslint.files.prefilter import may_inherit_settings

BASE = '''"""Shared settings."""
DEBUG = True
INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders", "shop"]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
CORS_ALLOWED_ORIGINS = ["http://localhost:3000", "https://shop.example.com"]
CORS_ALLOW_CREDENTIALS = True
'''
PRODUCTION = '"""Production."""\nfrom .base import *\n\nDEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\n'

LAYOUTS = {
    "direct": {"shop/__init__.py": "", "shop/settings/__init__.py": "", "shop/settings/base.py": BASE,
               "shop/settings/production.py": PRODUCTION},
    "chain": {"shop/__init__.py": "", "shop/settings/__init__.py": "",
              "shop/settings/base.py": BASE,
              "shop/settings/common.py": '"""Common."""\nfrom .base import *\nTIME_ZONE = "UTC"\n',
              "shop/settings/production.py": PRODUCTION.replace(".base", ".common")},
    "absolute": {"shop/__init__.py": "", "shop/settings/__init__.py": "", "shop/settings/base.py": BASE,
                 "shop/settings/production.py": PRODUCTION.replace(".base", "shop.settings.base")},
    "value-import": {  # production.py names no CORS word; its values come from apps.py
        "shop/__init__.py": "", "shop/settings/__init__.py": "",
        "shop/settings/apps.py": 'THIRD_PARTY = ["corsheaders"]\n'
                                 'STACK = ["corsheaders.middleware.CorsMiddleware"]\n'
                                 'ORIGINS = ["http://localhost:3000"]\n',
        "shop/settings/base.py": '"""No CORS here."""\nDEBUG = True\nINSTALLED_APPS = ["django.contrib.admin"]\n',
        "shop/settings/production.py": '"""Production."""\nfrom .base import *\nfrom .apps import (\n'
                                       '    THIRD_PARTY,\n    STACK,\n)\n\nDEBUG = False\n'
                                       'INSTALLED_APPS = INSTALLED_APPS + THIRD_PARTY\n'
                                       'MIDDLEWARE = STACK\n'},
    "no-cors-anywhere": {"shop/__init__.py": "", "shop/settings/__init__.py": "",
                         "shop/settings/base.py": '"""Base."""\nDEBUG = True\nINSTALLED_APPS = ["shop"]\n',
                         "shop/settings/production.py": PRODUCTION},
    "library-star-import": {"shop/__init__.py": "", "shop/models.py": "from django.db.models import *\n"
                                                                     "MAX_LENGTH = 30\n"},
}


def _run(files, old_prefilter: bool, monkeypatch):
    if old_prefilter:  # the old rule: any star import makes a candidate
        monkeypatch.setattr(Engine, "_may_inherit_cors", lambda self, item, data: may_inherit_settings(data))
    result = check_sources(sorted(files.items()))
    monkeypatch.undo()
    return result


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_same_findings_as_when_every_star_import_was_a_candidate(layout, monkeypatch):
    files = LAYOUTS[layout]
    new = _run(files, False, monkeypatch)
    old = _run(files, True, monkeypatch)
    assert [(f.code, f.span, f.message) for f in new.findings] == \
        [(f.code, f.span, f.message) for f in old.findings]
    assert new.errors == old.errors == []


def test_an_inheriting_module_is_still_judged(monkeypatch):
    for layout in ("direct", "chain", "absolute"):
        result = _run(LAYOUTS[layout], False, monkeypatch)
        assert any("judged in shop/settings/production.py" in f.message for f in result.findings), layout


def test_a_module_whose_imported_values_name_cors_is_parsed(monkeypatch):
    files = LAYOUTS["value-import"]
    assert "cors" not in files["shop/settings/production.py"].lower()
    assert _run(files, False, monkeypatch).policies == _run(files, True, monkeypatch).policies == 1


def test_a_module_that_inherits_no_cors_is_not_parsed(monkeypatch):
    assert _run(LAYOUTS["no-cors-anywhere"], False, monkeypatch).files_parsed == 0
    assert _run(LAYOUTS["library-star-import"], False, monkeypatch).files_parsed == 0
    assert _run(LAYOUTS["no-cors-anywhere"], True, monkeypatch).files_parsed == 1


def test_the_star_closure_follows_chains_ends_cycles_and_counts_what_it_cannot_read():
    from corslint.files.inherit import star_closure_provides, star_imports_in

    files = {"a": b"from b import *\nfrom c import *\n", "b": b"from a import *\n", "c": b"from d import *\n",
             "d": b"CORS_X = 1\n", "e": b"from missing import *\n"}
    resolve = lambda importer, dotted, level: [dotted] if dotted in files or dotted == "missing" else []  # noqa: E731
    read = files.get
    cors = lambda data: b"CORS_" in data  # noqa: E731
    assert star_imports_in("a", files["a"]) == [("a", "b", 0), ("a", "c", 0)]
    assert star_closure_provides([("x", "a", 0)], resolve, read, cors)  # a -> c -> d
    assert not star_closure_provides([("x", "b", 0)], resolve, read, lambda data: False)  # a <-> b: ends
    assert not star_closure_provides([("x", "e", 0)], resolve, read, cors)
    assert star_closure_provides([("x", "e", 0)], resolve, read, cors, unreadable_provides=True)
    assert star_closure_provides([("x", "a", 0)], resolve, read, lambda data: False, limit=2)
    memo: dict = {}
    assert not star_closure_provides([("x", "e", 0)], resolve, read, cors, memo=memo)
    assert memo == {"e": False, "missing": False}
    assert star_closure_provides([("x", "a", 0)], resolve, read, cors, memo=memo)
    assert memo["a"] is memo["d"] is True
    # The memo answers without reading again.
    assert star_closure_provides([("x", "a", 0)], resolve, lambda path: None, cors, memo=memo)

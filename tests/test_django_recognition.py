"""Which modules are judged as django-cors-headers settings: split settings files are, by the
project's manifests or a sibling naming corsheaders, with the same verdict alone or in the
tree; a module using CORS_* names for its own purposes never is."""
from __future__ import annotations

import os
import textwrap

from corslint.run.engine import Engine, Input, Options
from corslint.rules import all_rules

ALLOW_ALL = 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n'


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def codes(root, *paths):
    """(relative path, code) of the findings for `paths` (the whole tree when none)."""
    targets = [root / p for p in paths] or [p for p in root.rglob("*.py")]
    engine = Engine(Options(selected=set(all_rules()), config_root=str(root), project_roots=[str(root)]))
    result = engine.run([Input(str(p), os.path.relpath(p, root)) for p in targets])
    assert not result.errors, result.errors
    return {(f.path, f.code) for f in result.findings}


def test_split_settings_module_is_judged_when_requirements_name_django_cors_headers(tmp_path):
    write(tmp_path, {"requirements.txt": "Django==5.0\ndjango-cors-headers==4.9.0\n",
                     "proj/__init__.py": "", "proj/settings/__init__.py": "", "proj/settings/cors.py": ALLOW_ALL})
    alone = codes(tmp_path, "proj/settings/cors.py")
    assert ("proj/settings/cors.py", "COR101") in alone
    assert alone == codes(tmp_path)


def test_pyproject_dependency_and_sibling_module_count_too(tmp_path):
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["django-cors-headers>=4"]\n',
                     "cors.py": ALLOW_ALL})
    assert ("cors.py", "COR101") in codes(tmp_path, "cors.py")
    other = tmp_path / "other"
    write(other, {"settings/base.py": 'INSTALLED_APPS = ["corsheaders"]\n', "settings/cors.py": ALLOW_ALL})
    assert ("settings/cors.py", "COR101") in codes(other, "settings/cors.py")


def test_manifest_without_django_cors_headers_means_not_django(tmp_path):
    write(tmp_path, {"requirements.txt": "fastapi\nuvicorn\n", "config.py": ALLOW_ALL})
    assert codes(tmp_path, "config.py") == set()


def test_without_manifest_names_only_django_cors_headers_reads_decide(tmp_path):
    write(tmp_path, {"a/cors.py": ALLOW_ALL,
                     "b/cors.py": 'CORS_ORIGINS = ["*"]\nCORS_ALLOW_CREDENTIALS = True\n'})
    assert ("a/cors.py", "COR101") in codes(tmp_path, "a/cors.py")
    assert codes(tmp_path, "b/cors.py") == set()


def test_hand_written_constants_and_other_frameworks_get_no_django_rule(tmp_path):
    write(tmp_path, {"requirements.txt": "django-cors-headers\n",
                     "app/middleware.py": """
                         CORS_ALLOWED_ORIGINS = ["*"]
                         CORS_ALLOW_CREDENTIALS = True

                         def allowed(origin):
                             return origin in CORS_ALLOWED_ORIGINS
                     """,
                     "app/fastapi_config.py": "from fastapi import FastAPI\n" + ALLOW_ALL,
                     "app/configuration.py": ALLOW_ALL,
                     "app/reader.py": "from app import configuration\nX = configuration.CORS_ALLOW_ALL_ORIGINS\n"})
    assert codes(tmp_path, "app/middleware.py", "app/fastapi_config.py", "app/configuration.py") == set()


def test_a_cached_verdict_follows_the_manifest(tmp_path):
    from tests.helpers import run_cli

    write(tmp_path, {"requirements.txt": "django-cors-headers\n", "proj/cors.py": ALLOW_ALL})
    args = ("check", "--cache-dir", str(tmp_path / ".cache"), "proj/cors.py")
    assert run_cli(*args, cwd=tmp_path).returncode == 1
    (tmp_path / "requirements.txt").write_text("fastapi\n", encoding="utf-8")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    (tmp_path / "requirements.txt").write_text("django-cors-headers\n", encoding="utf-8")
    assert run_cli(*args, cwd=tmp_path).returncode == 1


def test_the_walks_that_do_not_depend_on_a_world_run_once_per_settings_module(tmp_path, monkeypatch):
    """A settings module with several undecided branches is judged in up to 16 worlds; which
    branches set a CORS-relevant name is the same in each, so it is worked out once. The
    worlds still differ: the credentials arm's COR101 is found."""
    from corslint.frameworks import django

    calls = []
    original = django._relevant_names
    monkeypatch.setattr(django, "_relevant_names", lambda module: calls.append(module) or original(module))
    branches = "".join(f'if os.environ.get("FLAG_{i}"):\n    CORS_ALLOW_HEADERS_{i} = ["x-{i}"]\n' for i in range(5))
    write(tmp_path, {"requirements.txt": "django-cors-headers\n",
                     "settings.py": 'import os\nINSTALLED_APPS = ["corsheaders"]\nCORS_ALLOW_ALL_ORIGINS = True\n'
                                    + branches + 'if os.environ.get("COOKIES"):\n    CORS_ALLOW_CREDENTIALS = True\n'})
    assert ("settings.py", "COR101") in codes(tmp_path, "settings.py")
    assert len(calls) == 1


def test_cor401_names_the_middleware_rather_than_it_or_them(tmp_path):
    """The middleware above CorsMiddleware are named, with the verb agreeing: no pronoun
    leaves the reader to guess which middleware is meant."""
    from tests.helpers import run_cli

    def message(middleware):
        write(tmp_path, {"requirements.txt": "django-cors-headers\n", "settings.py": f"""
            INSTALLED_APPS = ["corsheaders"]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
            MIDDLEWARE = [{", ".join(repr(m) for m in middleware)}, "corsheaders.middleware.CorsMiddleware"]
        """})
        out = run_cli("check", "--no-cache", "--select", "COR401", "settings.py", cwd=tmp_path).stdout.decode()
        return out.splitlines()[0]

    one = message(["whitenoise.middleware.WhiteNoiseMiddleware"])
    assert "after WhiteNoiseMiddleware in MIDDLEWARE, so responses WhiteNoiseMiddleware produces itself" in one
    assert one.endswith("move CorsMiddleware as high as possible in MIDDLEWARE, above WhiteNoiseMiddleware."), one
    two = message(["whitenoise.middleware.WhiteNoiseMiddleware", "django.middleware.common.CommonMiddleware"])
    assert "so responses WhiteNoiseMiddleware and CommonMiddleware produce themselves" in two, two
    assert two.endswith("above WhiteNoiseMiddleware and CommonMiddleware."), two


def _layered(tmp_path, base_extra: str):
    write(tmp_path, {"requirements.txt": "Django==5.0\ndjango-cors-headers==4.9.0\n",
                     "proj/__init__.py": "", "proj/settings/__init__.py": "",
                     "proj/settings/base.py": 'INSTALLED_APPS = ["django.contrib.auth"]\n' + base_extra,
                     "proj/settings/common.py": "from .base import *\nSECRET_KEY = 'x'\n",
                     "proj/settings/production.py": "from .common import *\nDEBUG = False\n"})


def test_settings_inherited_through_two_star_imports_are_still_judged(tmp_path):
    _layered(tmp_path, 'INSTALLED_APPS += ["corsheaders"]\n' + ALLOW_ALL)
    # Reported where the setting is written (base.py), from production.py's verdict.
    found = codes(tmp_path, "proj/settings/production.py")
    assert any(path.endswith("base.py") and code == "COR101" for path, code in found), found


def test_a_module_whose_star_imports_name_no_cors_setting_is_not_evaluated(tmp_path, monkeypatch):
    # litellm's __init__.py star-imports 23 modules and assigns upper-case names: evaluating
    # every statement to learn it is not CORS settings took over a minute.
    from corslint.frameworks import django

    runs = []
    original = django._Evaluator.run
    monkeypatch.setattr(django._Evaluator, "run", lambda self, module: runs.append(module) or original(self, module))
    _layered(tmp_path, "")
    # Mentioned on purpose, so the prefilter lets it through: only the extractor decides.
    (tmp_path / "proj/settings/production.py").write_text(
        "from .common import *\nDEBUG = False\n# no CORS_ settings here\n", encoding="utf-8")
    assert codes(tmp_path, "proj/settings/production.py") == set()
    assert runs == []


def test_apps_imported_by_name_beside_an_unrelated_star_import_still_count(tmp_path):
    # INSTALLED_APPS assigned here from a plain import: the module is evaluated as before.
    write(tmp_path, {"requirements.txt": "django-cors-headers==4.9.0\n", "proj/__init__.py": "",
                     "proj/apps.py": 'APPS = ["django.contrib.auth", "corsheaders"]\n',
                     "proj/util.py": "X = 1\n",
                     "proj/settings.py": "from .util import *\nfrom .apps import APPS\nINSTALLED_APPS = APPS\n"
                                         "MIDDLEWARE = ['django.middleware.common.CommonMiddleware', "
                                         "'corsheaders.middleware.CorsMiddleware']\n" + ALLOW_ALL})
    assert ("proj/settings.py", "COR101") in codes(tmp_path, "proj/settings.py")


def test_a_cached_verdict_follows_a_module_two_star_imports_away(tmp_path):
    from tests.helpers import run_cli

    _layered(tmp_path, "")
    args = ("check", "--cache-dir", str(tmp_path / ".cache"), "proj/settings/production.py")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    (tmp_path / "proj/settings/base.py").write_text('INSTALLED_APPS = ["corsheaders"]\n' + ALLOW_ALL, encoding="utf-8")
    assert run_cli(*args, cwd=tmp_path).returncode == 1

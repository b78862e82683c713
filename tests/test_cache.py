"""The result cache is never wrong: a change of content, of an imported module, of the
configuration or of the version is seen, and errors are never replayed as clean."""
from __future__ import annotations

import os
import textwrap

import pytest

import corslint
import corslint.run.cache as cache_module
from corslint.run.analyser import FileAnalyser
from corslint.run.engine import Engine, Input, Options
from corslint.files.discover import DEFAULT_EXCLUDES, ExcludeMatcher, discover
from corslint.rules import all_rules
from tests.helpers import run_cli

APP = '''\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from service.config import ORIGINS

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=ORIGINS,
    allow_credentials=True,
)
'''


def write(root, name, text):
    path = os.path.join(str(root), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(textwrap.dedent(text))


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "service/__init__.py", "")
    write(tmp_path, "service/app.py", APP)
    write(tmp_path, "service/config.py", 'ORIGINS = ["https://app.example.com"]\n')
    return tmp_path


class Counting:
    """Counts the files the engine really analyses (cache misses)."""

    def __init__(self, monkeypatch):
        self.analysed = []
        original = FileAnalyser.analyse

        def spy(analyser, item, *args, **kwargs):
            self.analysed.append(os.path.basename(item.display))
            return original(analyser, item, *args, **kwargs)

        monkeypatch.setattr(FileAnalyser, "analyse", spy)


def run(root, selected=None, jobs=1, cache=True):
    cwd = os.getcwd()
    os.chdir(str(root))
    try:
        found = discover(["."], ExcludeMatcher(list(DEFAULT_EXCLUDES), str(root)))
        options = Options(selected=selected or set(all_rules()), config_root=str(root), project_roots=[str(root)],
                          cache_dir=os.path.join(str(root), ".corslint_cache") if cache else None, jobs=jobs)
        result = Engine(options).run([Input(f.path, os.path.relpath(f.path)) for f in found.files])
    finally:
        os.chdir(cwd)
    return result


def summary(result):
    return sorted((f.path.replace(os.sep, "/"), f.span.start_line, f.code, f.message) for f in result.findings)


def test_a_warm_run_replays_the_same_findings_without_analysing(project, monkeypatch):
    write(project, "service/config.py", 'ORIGINS = ["*"]\n')
    counter = Counting(monkeypatch)
    cold = run(project)
    assert [f.code for f in cold.findings] == ["COR101"]
    assert counter.analysed == ["app.py"]
    warm = run(project)
    assert summary(warm) == summary(cold)
    assert counter.analysed == ["app.py"], "the second run must come from the cache"
    assert summary(run(project, cache=False)) == summary(cold)


def test_the_cache_folder_is_tagged_and_ignored(project):
    run(project)
    folder = project / ".corslint_cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_change_of_content_is_seen(project):
    assert run(project).findings == []
    write(project, "service/app.py", APP.replace("allow_origins=ORIGINS", 'allow_origins=["*"]'))
    assert [f.code for f in run(project).findings] == ["COR101"]


def test_a_change_in_an_imported_module_is_seen(project, monkeypatch):
    assert run(project).findings == []
    write(project, "service/config.py", 'ORIGINS = ["*"]\n')
    result = run(project)
    assert [(f.code, f.path.replace(os.sep, "/")) for f in result.findings] == [("COR101", "service/app.py")]


def test_a_module_that_appears_later_is_seen(project):
    write(project, "service/app.py", APP.replace("from service.config import", "from service.settings import"))
    assert run(project).findings == []  # service/settings.py does not exist: the value is unknown
    write(project, "service/settings.py", 'ORIGINS = ["*"]\n')
    assert [f.code for f in run(project).findings] == ["COR101"]


def test_a_change_of_configuration_is_seen(project, monkeypatch):
    write(project, "service/config.py", 'ORIGINS = ["*"]\n')
    assert [f.code for f in run(project).findings] == ["COR101"]
    counter = Counting(monkeypatch)
    without_cor101 = set(all_rules()) - {"COR101"}
    narrowed = run(project, selected=without_cor101)
    assert counter.analysed == ["app.py"], "another rule selection must not reuse the results"
    assert "COR101" not in {f.code for f in narrowed.findings}
    assert summary(narrowed) == summary(run(project, selected=without_cor101, cache=False))


def test_a_change_of_version_is_seen(project, monkeypatch):
    run(project)
    counter = Counting(monkeypatch)
    run(project)
    assert counter.analysed == []
    monkeypatch.setattr(corslint, "__version__", corslint.__version__ + ".post1")
    run(project)
    assert counter.analysed == ["app.py"]


def test_errors_are_not_cached_as_clean(project, monkeypatch):
    write(project, "service/config.py", 'ORIGINS = ["*"]\n')
    from corslint.frameworks import starlette

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(starlette, "extract", broken)
    failed = run(project)
    assert failed.errors and not failed.findings
    monkeypatch.undo()
    counter = Counting(monkeypatch)
    fixed = run(project)
    assert counter.analysed == ["app.py"]
    assert [f.code for f in fixed.findings] == ["COR101"] and not fixed.errors


def test_a_tampered_cache_is_ignored_not_trusted(project):
    write(project, "service/config.py", 'ORIGINS = ["*"]\n')
    expected = summary(run(project))
    folder = project / ".corslint_cache"
    for path in folder.glob("results-*.json"):
        path.write_text('{"format": 1, "key": "x", "entries": {"a": {"outcome": {"c": "os:system"}}}}')
    assert summary(run(project)) == expected
    for path in folder.glob("results-*.json"):
        path.write_text("not json")
    assert summary(run(project)) == expected


def test_decoding_builds_only_corslint_dataclasses():
    with pytest.raises(ValueError):
        cache_module.decode({"c": "os:system", "v": {}})
    with pytest.raises(ValueError):
        cache_module.decode({"c": "corslint.run.cache:content_hash", "v": {}})


def test_no_cache_writes_nothing(project):
    write(project, "pyproject.toml", "[tool.corslint]\n")
    completed = run_cli("check", "--no-cache", ".", cwd=str(project))
    assert completed.returncode == 0, completed.stderr
    assert not (project / ".corslint_cache").exists()
    completed = run_cli("check", "--cache-dir", "elsewhere", ".", cwd=str(project))
    assert completed.returncode == 0, completed.stderr
    assert (project / "elsewhere" / "CACHEDIR.TAG").exists()
    assert not (project / ".corslint_cache").exists()


def test_policies_and_findings_survive_the_codec():
    from corslint.run.engine import check_sources

    result = check_sources([("app.py", APP.replace("allow_origins=ORIGINS", 'allow_origins=["*"]')
                             .replace("from service.config import ORIGINS\n", ""))])
    assert result.findings
    for finding in result.findings:
        assert cache_module.decode(cache_module.encode(finding)) == finding


def test_response_headers_of_header_only_modules_are_cached_and_never_stale(tmp_path):
    """COR503 compares headers set in modules that never mention CORS with the CORS policy:
    their collected headers are cached too, and an edit on either side is seen."""
    from tests.helpers import run_cli

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    main = tmp_path / "app" / "main.py"
    main.write_text(
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
        "from app import items\n\napp = FastAPI()\napp.include_router(items.router)\n"
        "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], expose_headers=[])\n")
    items = tmp_path / "app" / "items.py"
    items.write_text(
        "from fastapi import APIRouter, Response\n\nrouter = APIRouter()\n\n\n@router.get('/items')\n"
        "def list_items(response: Response):\n    response.headers['X-Total-Count'] = '3'\n    return []\n")

    def codes():
        result = run_cli("check", "--extend-select", "COR503", "--output-format", "json-lines", ".", cwd=tmp_path)
        import json

        return sorted((json.loads(line)["code"], json.loads(line)["message"].split("'")[1])
                      for line in result.stdout.decode().splitlines())

    assert codes() == [("COR503", "X-Total-Count")]
    assert codes() == [("COR503", "X-Total-Count")]  # warm: replayed from the cache
    assert (tmp_path / ".corslint_cache").is_dir()
    items.write_text(items.read_text().replace("X-Total-Count", "X-Page-Count"))
    assert codes() == [("COR503", "X-Page-Count")]  # the header-only module changed
    main.write_text(main.read_text().replace("expose_headers=[]", "expose_headers=['X-Page-Count']"))
    assert codes() == []  # the policy changed

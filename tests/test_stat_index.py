"""Warm runs skip reading files found plain before, by their stat; a change is always seen."""
from __future__ import annotations

import os

import pytest

import corslint.run.cache as cache_module
import corslint.run.engine as engine_module
from corslint.run.engine import Engine, Input, Options
from corslint.rules import all_rules

CLEAN = 'def index(request):\n    return {"status": "ok"}\n'
# Same length as CLEAN would be nice but is not needed: the size is only one of five fields.
BAD = ('from starlette.middleware.cors import CORSMiddleware\n'
       'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n')


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # files written just now may be remembered
    (tmp_path / "views.py").write_text(CLEAN)
    (tmp_path / "models.py").write_text("x = 1\n")
    reads = []
    real = engine_module.read_bytes_and_stat

    def counting(path):
        reads.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(engine_module, "read_bytes_and_stat", counting)
    return tmp_path, reads


def _run(folder):
    options = Options(selected=set(all_rules()), config_root=str(folder), project_roots=[str(folder)],
                      cache_dir=os.path.join(str(folder), ".corslint_cache"))
    paths = sorted(os.path.join(str(folder), n) for n in os.listdir(str(folder)) if n.endswith(".py"))
    return Engine(options).run([Input(p, os.path.basename(p)) for p in paths])


def test_unchanged_plain_files_are_not_read_again(tree):
    folder, reads = tree
    _run(folder)
    assert sorted(reads) == ["models.py", "views.py"]
    reads.clear()
    assert _run(folder).files_checked == 2
    assert reads == []


def test_a_change_with_the_mtime_forced_back_is_seen(tree):
    folder, reads = tree
    path = folder / "views.py"
    before = os.stat(path)
    _run(folder)
    path.write_text(BAD)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime as before; ctime moves
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    reads.clear()
    result = _run(folder)
    assert reads == ["views.py"]
    assert "COR101" in {f.code for f in result.findings}


def test_a_file_replaced_by_rename_is_seen(tree):
    folder, reads = tree
    path = folder / "views.py"
    before = os.stat(path)
    _run(folder)
    replacement = folder / "views.py.new"
    replacement.write_text(BAD)
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)
    assert "COR101" in {f.code for f in _run(folder).findings}


def test_recently_changed_files_are_not_remembered(tree, monkeypatch):
    """A change in the same clock tick as the reading must not hide behind an equal stat."""
    folder, reads = tree
    monkeypatch.setattr(cache_module, "RACY_NS", 3 * 10**9)
    _run(folder)
    reads.clear()
    _run(folder)
    assert sorted(reads) == ["models.py", "views.py"]


def test_star_imports_and_candidates_are_always_read(tree):
    folder, reads = tree
    (folder / "base.py").write_text("CORS_ALLOW_ALL_ORIGINS = True\nDEBUG = True\n")
    (folder / "production.py").write_text("from base import *\nDEBUG = False\n")
    _run(folder)
    reads.clear()
    _run(folder)
    assert sorted(reads) == ["base.py", "production.py"]

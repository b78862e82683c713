"""The flake8 plugin: `flake8 --select COR` reports corslint's findings, so every editor
that runs flake8 (VS Code's flake8 extension, ALE, flycheck) shows them.

Registered as the `COR` entry point of the `flake8.extension` group. For the file flake8
is checking it reports exactly the findings `corslint check` reports located in that
file, cross-file ones included: the project (the configuration's folder, else the current
folder, as `corslint check` takes it) is analysed once per flake8 process, with the
file's text as flake8 read it (stdin included) in place of the file on disk. flake8
expects 0-based columns, to which it adds 1 before printing.
"""
from __future__ import annotations

import hashlib
import io
import os
import tokenize
from typing import Dict, Iterator, List, Optional, Tuple

from corslint import __version__

# (settings file, root, overlay digest, noqa) -> {abspath: [finding, ...]}, per process.
_ANALYSES: Dict[tuple, Dict[str, list]] = {}
_PROJECT_FILES: Dict[tuple, frozenset] = {}


class Plugin:
    name = "corslint"
    version = __version__
    disable_noqa = False

    def __init__(self, tree, lines: List[str], filename: str) -> None:
        # `tree` makes this an AST plugin (run once per file); corslint parses with libcst.
        self.lines = lines
        self.filename = filename

    @classmethod
    def parse_options(cls, options) -> None:
        cls.disable_noqa = bool(getattr(options, "disable_noqa", False))

    def run(self) -> Iterator[Tuple[int, int, str, type]]:
        text = "".join(self.lines)
        abspath = os.path.abspath(self.filename)
        for finding in findings_for(abspath, text, respect_noqa=not self.disable_noqa):
            yield finding.span.start_line, finding.span.start_col, f"{finding.code} {finding.message}", type(self)


def findings_for(abspath: str, text: str, respect_noqa: bool = True) -> list:
    """What `corslint check` reports in `abspath` when flake8 read `text` from it."""
    from corslint.settings import build_settings

    settings = build_settings(abspath)  # ConfigError propagates: flake8 shows it and fails
    root = settings.root if settings.config.path else os.getcwd()
    on_disk = _read(abspath)
    overlay = {} if on_disk is not None and _same_text(on_disk, text) else {abspath: _encoded(text)}
    key = (settings.config.path, root, _digest(overlay), respect_noqa)
    files = _PROJECT_FILES.get(key[:2])
    if files is None:
        from corslint.api import discover_files

        files = frozenset(discover_files([root], settings)) if _inside(abspath, root) else frozenset()
        _PROJECT_FILES[key[:2]] = files
    if abspath not in files:
        # Outside the project corslint would check from here (or excluded by it): as
        # `corslint check FILE` does, the file alone, with its neighbours read for imports.
        if settings.excludes().matches_any_parent(abspath) and _inside(abspath, root):
            return []
        return _run(settings, [abspath], overlay, respect_noqa).get(abspath, [])
    analysis = _ANALYSES.get(key)
    if analysis is None:
        analysis = _run(settings, sorted(files), overlay, respect_noqa)
        _ANALYSES[key] = analysis
    return analysis.get(abspath, [])


def _run(settings, paths: List[str], overlay: Dict[str, bytes], respect_noqa: bool) -> Dict[str, list]:
    from corslint.files.display import display_path
    from corslint.run.cache import default_cache_dir
    from corslint.run.engine import Engine
    from corslint.run.model import Input

    # One process per flake8 job: no worker processes of our own (a daemonic flake8 worker
    # may not have children), and no result cache while a buffer differs from the disk.
    options = settings.options_with(cache_dir=None if overlay else default_cache_dir(settings.root),
                                    overlay=overlay, jobs=1, respect_noqa=respect_noqa)
    result = Engine(options).run([Input(p, display_path(p), overlay.get(p)) for p in paths])
    if settings.baseline:  # as `corslint check` applies the configuration's baseline
        from corslint.baseline import apply_baseline

        result.findings, _stale = apply_baseline(result.findings, result.sources, settings.baseline)
    by_file: Dict[str, list] = {}
    for finding in result.findings:
        by_file.setdefault(os.path.abspath(finding.path), []).append(finding)
    return by_file


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, os.path.abspath(root)]) == os.path.abspath(root)
    except ValueError:
        return False


def _read(abspath: str) -> Optional[bytes]:
    try:
        with open(abspath, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _same_text(on_disk: bytes, source: str) -> bool:
    """Whether flake8's text is the file on disk as flake8 reads it: decoded per PEP 263,
    else as latin-1 (flake8's fallback), with universal newlines."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(on_disk).readline)
        text = on_disk.decode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        text = on_disk.decode("latin-1")
    for bom in ("\ufeff", "\xef\xbb\xbf"):  # flake8 strips a BOM, even one decoded as latin-1
        if text.startswith(bom):
            text = text[len(bom):]
    return text.replace("\r\n", "\n").replace("\r", "\n") == source.replace("\r\n", "\n").replace("\r", "\n")


def _digest(overlay: Dict[str, bytes]) -> str:
    digest = hashlib.sha1()
    for path in sorted(overlay):
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + overlay[path] + b"\0")
    return digest.hexdigest()


def _encoded(text: str) -> bytes:
    """The bytes of the file as flake8 decoded it, so a PEP 263 coding cookie stays true."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(text.encode("utf-8")).readline)
        return text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        return text.encode("utf-8")

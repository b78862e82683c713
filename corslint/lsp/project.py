"""A project as the language server sees it: the files on disk, the editor's open
buffers in their place, and the settings of the project's configuration file.

Every change analyses the whole project again, as `corslint check` would with the
buffers saved, so a value edited in ``settings.py`` updates the findings it causes in
``main.py``. What makes that cheap is an in-memory result cache kept across runs:
a file whose content and dependencies did not change is replayed, not parsed again
(see corslint.run.cache; its dependency hashes are taken from the buffers too).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from corslint.config import ConfigError


@dataclass
class Analysis:
    """One run's outcome: findings by absolute path, and the texts they were found in."""

    findings: Dict[str, list] = field(default_factory=dict)
    texts: Dict[str, str] = field(default_factory=dict)  # abspath -> text (files with findings)
    errors: List[str] = field(default_factory=list)
    config_error: Optional[str] = None


class Project:
    """One configuration root (or the workspace folder without a configuration)."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self.buffers: Dict[str, str] = {}  # abspath -> text of open documents
        self._settings = None
        self._settings_key: Optional[tuple] = None
        self._files: Optional[List[str]] = None
        self._cache = None
        self._index = None
        self.last: Analysis = Analysis()

    # -- settings -------------------------------------------------------------------
    def _config_key(self) -> tuple:
        from corslint.settings import find_settings_file

        path = find_settings_file(self.root)
        try:
            stamp = os.stat(path).st_mtime_ns if path else None
        except OSError:
            stamp = None
        overlaid = self.buffers.get(os.path.abspath(path)) if path else None
        return path, stamp, overlaid

    def settings(self):
        """The project's settings, rebuilt when its configuration file changed (a stat
        per run). ConfigError when the configuration is invalid."""
        key = self._config_key()
        if key != self._settings_key:
            from corslint.settings import build_settings

            self._settings_key = key
            self._settings = None
            self._files = None
            self._cache = None
            self._settings = build_settings(self.root)
        if self._settings is None:
            from corslint.settings import build_settings

            self._settings = build_settings(self.root)  # raises the same error again
        return self._settings

    def forget_files(self) -> None:
        """Files were created or deleted: list them again on the next run."""
        self._files = None

    def files(self) -> List[str]:
        settings = self.settings()
        if self._files is None:
            from corslint.api import discover_files

            self._files = discover_files([self.root], settings)
        listed = set(self._files)
        excludes = settings.excludes()
        extra = [p for p in self.buffers if p.endswith((".py", ".pyi")) and p not in listed
                 and _inside(p, self.root) and not excludes.matches_any_parent(p)]
        return self._files + sorted(extra)

    # -- analysis -------------------------------------------------------------------
    def analyse(self) -> Analysis:
        import dataclasses

        from corslint.files.display import display_path
        from corslint.run.engine import Engine
        from corslint.run.model import Input

        try:
            settings = self.settings()
            paths = self.files()
        except ConfigError as exc:
            self.last = Analysis(config_error=f"invalid configuration: {exc}")
            return self.last
        overlay = {path: buffer_bytes(text) for path, text in self.buffers.items()}
        options = settings.options_with(overlay=overlay, project_roots=[self.root], jobs=1)
        if self._cache is None:
            from corslint.run.cache import ResultCache, StatIndex, run_key

            # In memory only: the editor's buffers are on no disk, and a server lives long.
            self._cache = ResultCache.in_memory(run_key(options))
            self._index = StatIndex.in_memory()
        inputs = [Input(path, display_path(path), overlay.get(path)) for path in paths]
        result = Engine(options, result_cache=self._cache, stat_index=self._index).run(inputs)
        if settings.baseline:
            from corslint.baseline import BaselineError, apply_baseline

            try:
                result.findings, _stale = apply_baseline(result.findings, result.sources, settings.baseline)
            except BaselineError as exc:
                result.errors.append(str(exc))
        analysis = Analysis(errors=list(result.errors))
        for finding in result.findings:
            abspath = os.path.abspath(finding.path)
            analysis.findings.setdefault(abspath, []).append(finding)
        for display, text in result.sources.items():
            analysis.texts[os.path.abspath(display)] = text
        self.last = analysis
        return analysis

    def text_of(self, abspath: str) -> Optional[str]:
        """The text a finding's positions refer to: the buffer, else the analysed text."""
        if abspath in self.buffers:
            return self.buffers[abspath]
        if abspath in self.last.texts:
            return self.last.texts[abspath]
        from corslint.files.decode import DecodeError, decode_source

        try:
            with open(abspath, "rb") as fh:
                return decode_source(fh.read()).text
        except (OSError, DecodeError):
            return None

    def fix_all(self, abspath: str, unsafe: bool = False) -> Optional[str]:
        """The buffer's text with every safe fix (the fix loop of --fix) applied, or None."""
        import dataclasses

        from corslint.files.display import display_path
        from corslint.run.engine import Engine
        from corslint.run.model import Input
        from corslint.fixes.apply import fix_files

        text = self.buffers.get(abspath)
        if text is None:
            return None
        settings = self.settings()
        overlay = {path: buffer_bytes(t) for path, t in self.buffers.items()}
        options = settings.options_with(overlay=overlay, project_roots=[self.root], jobs=1)
        display = display_path(abspath)

        def run_engine(current):
            engine = Engine(dataclasses.replace(options, overlay={**overlay, **current}, cache_dir=None))
            return engine.run([Input(abspath, display, current[abspath])])

        outcome = fix_files(run_engine, {abspath: display}, unsafe=unsafe, contents={abspath: overlay[abspath]})
        changed = [f for f in outcome.changed if f.abspath == abspath]
        if not changed:
            return None
        from corslint.files.decode import decode_source

        return decode_source(changed[0].fixed).text


def buffer_bytes(text: str) -> bytes:
    """An editor's buffer as the bytes saving it would write: in the encoding its PEP 263
    cookie names (UTF-8 without one), so the engine decodes it as it would the file."""
    import re

    for line in text.splitlines()[:2]:
        match = re.match(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", line)
        if match:
            try:
                return text.encode(match.group(1))
            except (LookupError, UnicodeError):
                break
        if line.strip() and not line.lstrip().startswith("#"):
            break
    return text.encode("utf-8", "surrogatepass")


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def project_root_for(path: str, workspace_roots: List[str]) -> str:
    """The folder `corslint check` would take as the root for `path`: its configuration
    file's folder, else the workspace folder that holds it, else its own folder."""
    from corslint.config_search import find_config

    found = find_config(path)
    if found:
        return os.path.dirname(os.path.abspath(found))
    holders = [r for r in workspace_roots if _inside(path, r)]
    if holders:
        return max(holders, key=len)
    return os.path.dirname(path)


def span_key(finding) -> Tuple:
    return (finding.code, finding.span.start_line, finding.span.start_col, finding.span.end_line,
            finding.span.end_col)

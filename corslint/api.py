"""corslint's Python API, for tools that embed it (editors, CI bots, other linters).

The same settings builder and analysis as ``corslint check``: the configuration that
applies to a path (``.corslint.toml``, ``corslint.toml`` or ``[tool.corslint]`` of the
nearest ``pyproject.toml``), overridden by :class:`Flags` (the command line's flags). Invalid configuration
raises :class:`ConfigError` (one line naming its source); nothing is checked with
defaults instead. Documented in docs/api.md.

    >>> from corslint import api
    >>> result = api.check_paths(["src"])
    >>> for finding in result.findings:
    ...     print(finding.path, finding.span.start_line, finding.code, finding.message)
"""
from __future__ import annotations

import os
from typing import Dict, List, Optional, Sequence, Union

from corslint.config import Config, ConfigError, find_config, load_config
from corslint.diagnostics import Edit, Finding, Fix
from corslint.files.display import display_path
from corslint.run.engine import Engine
from corslint.run.model import Input, Options, RunResult
from corslint.settings import Flags, Settings, build_settings, common_folder, settings_for_config

__all__ = ["ConfigError", "Edit", "Finding", "Fix", "Flags", "RunResult", "Settings", "build_settings",
           "check_paths", "check_source", "discover_files", "fix_source", "settings_for"]


def settings_for(path: str, flags: Optional[Flags] = None) -> Settings:
    """The settings `corslint check PATH` would use for `path` (a file or folder), with
    `flags` as the command line's (`Flags(select=[...], config_file=..., isolated=True)`)."""
    return build_settings(os.path.abspath(path), flags, render=False)


def discover_files(paths: Sequence[str], settings: Settings) -> List[str]:
    """The files `corslint check PATHS` would check (absolute paths), as --show-files lists them."""
    from corslint.files.discover import discover

    found = discover(list(paths), settings.excludes(), respect_gitignore=settings.respect_gitignore)
    return [f.path for f in found.files]


def check_paths(paths: Sequence[str] = (".",), settings: Optional[Settings] = None,
                overlay: Optional[Dict[str, bytes]] = None) -> RunResult:
    """Check files and folders as `corslint check` does. `overlay` maps absolute paths to
    contents to use instead of the files on disk (an editor's unsaved buffers)."""
    paths = list(paths)
    settings = settings or settings_for(common_folder(paths))
    engine = Engine(settings.options_with(overlay=dict(overlay or {})))
    inputs = []
    for path in discover_files(paths, settings):
        inputs.append(Input(path, display_path(path), (overlay or {}).get(path)))
    return engine.run(inputs)


def check_source(source: Union[str, bytes], filename: str, config: Optional[Config] = None,
                 settings: Optional[Settings] = None) -> RunResult:
    """Findings for `source`, reported under `filename` (which need not exist on disk);
    sibling modules are read from disk, so imports across the project resolve."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    if settings is None:
        settings = _settings_from_config(config) if config is not None else settings_for(filename)
    engine = Engine(settings.options)
    return engine.run([Input(os.path.abspath(filename), filename, data)])


def fix_source(source: Union[str, bytes], filename: str, unsafe: bool = False,
               settings: Optional[Settings] = None) -> bytes:
    """`source` with the fixes `corslint check --fix` (and `--unsafe-fixes`) would apply."""
    import dataclasses

    from corslint.fixes.apply import fix_files

    data = source.encode("utf-8") if isinstance(source, str) else source
    settings = settings or settings_for(filename)
    abspath = os.path.abspath(filename)
    options = settings.options

    def run_engine(current):
        engine = Engine(dataclasses.replace(options, overlay=current, cache_dir=None))
        return engine.run([Input(abspath, filename, current[abspath])])

    outcome = fix_files(run_engine, {abspath: filename}, unsafe=unsafe, contents={abspath: data})
    changed = [f for f in outcome.changed if f.abspath == abspath]
    return changed[0].fixed if changed else data


# -- kept for callers of the first API ------------------------------------------------
def config_for(path: str) -> Config:
    """The configuration file's contents that apply to `path`; ConfigError when invalid."""
    found = find_config(os.path.abspath(path))
    return load_config(found) if found else Config()


def options_for(config: Config) -> Options:
    """The run options for this configuration: no flags, no result cache."""
    return settings_for_config(config, use_cache=False, render=False).options


def _settings_from_config(config: Config) -> Settings:
    return settings_for_config(config, render=False)

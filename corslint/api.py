"""Check one in-memory file as if it were at a given path: for editors and plugins.

The configuration is the one that applies to that path (the nearest pyproject.toml with
[tool.corslint]), so `select`, `ignore` and `per-file-ignores` behave as on the command
line: the settings come from the same function (:mod:`corslint.settings`). Sibling
modules are read from disk, so imports across the project resolve.
"""
from __future__ import annotations

import os
from typing import Optional, Union

from corslint.config import Config, find_config, load_config
from corslint.run.engine import Engine, Input, Options, RunResult


def config_for(path: str) -> Config:
    """The configuration that applies to `path`; ConfigError when it is invalid."""
    found = find_config(os.path.abspath(path))
    return load_config(found) if found else Config()


def options_for(config: Config) -> Options:
    """The run options for this configuration: no flags, no result cache."""
    from corslint.settings import settings_for_config

    return settings_for_config(config, use_cache=False, render=False).options


def check_source(source: Union[str, bytes], filename: str, config: Optional[Config] = None) -> RunResult:
    """Findings for `source`, reported under `filename` (which need not exist on disk)."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    config = config if config is not None else config_for(filename)
    engine = Engine(options_for(config))
    return engine.run([Input(os.path.abspath(filename), filename, data)])

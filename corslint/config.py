"""Configuration files: a standalone ``corslint.toml`` / ``.corslint.toml`` (top-level keys,
as ``ruff.toml``) or the ``[tool.corslint]`` table of a ``pyproject.toml``.

Loading is strict: an unknown key or a value of the wrong type is a :class:`ConfigError`
whose message is one line naming the file and the key. Turning a configuration and the
command line into a run's settings is :mod:`corslint.settings`.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from corslint.config_search import STANDALONE_NAMES, find_config  # noqa: F401 - re-exported

# key -> (kind, one-line description). docs/index.md and corslint.schema.json document
# exactly these keys (tests/test_settings.py checks both).
CONFIG_KEYS: Dict[str, tuple] = {
    "select": ("list", "Rules to enable: codes (COR101), prefixes (COR1), names or ALL."),
    "ignore": ("list", "Rules to disable."),
    "extend-select": ("list", "Rules to enable in addition to `select`."),
    "exclude": ("list", "Glob patterns of files and folders to skip (replaces the defaults)."),
    "extend-exclude": ("list", "Glob patterns to skip in addition to `exclude`."),
    "per-file-ignores": ("table", "Glob pattern -> rules to disable in matching files."),
    "respect-gitignore": ("bool", "Skip what .gitignore ignores."),
    "output-format": ("str", "The default output format."),
    "baseline": ("str", "A baseline file (corslint check --write-baseline); its findings are not reported."),
    "analysis-time-budget": ("seconds", "Seconds one module's analysis may take; past it the module gets one COR003 finding."),
}


class ConfigError(Exception):
    """A configuration problem; the CLI prints it on one line and exits 2 without checking."""


@dataclass
class Config:
    path: Optional[str] = None  # the file it came from
    root: str = field(default_factory=os.getcwd)  # the folder relative paths are taken from
    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    exclude: Optional[List[str]] = None
    extend_exclude: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    respect_gitignore: bool = True
    output_format: Optional[str] = None  # checked against the formats by corslint.settings
    baseline: Optional[str] = None  # as written: relative to `root`
    analysis_time_budget: float = 60.0  # seconds per module (corslint.budget)
    keys: tuple = ()  # the keys the file set (for --show-settings)
    table: str = "[tool.corslint]"  # how messages name where the keys live

    @property
    def standalone(self) -> bool:
        return self.path is not None and os.path.basename(self.path) != "pyproject.toml"


def _load_toml(path: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                          f"{exc.start}); TOML files must be UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{path} nests arrays or tables too deeply to read") from None
    except ValueError as exc:  # anything else the parser rejects
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def load_config(path: str, explicit: bool = False) -> Config:
    """The configuration in `path`. A pyproject.toml is read for its [tool.corslint] table;
    any other file for its top-level keys (or its [tool.corslint] table, if it has one).
    With `explicit` (the file was named by --config) a file without corslint settings is
    an error instead of an empty configuration."""
    data = _load_toml(path)
    tool = data.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table, not {_kind(tool)}")
    table = tool.get("corslint") if isinstance(tool, dict) else None
    config = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    if table is not None:
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.corslint] must be a table, not {_kind(table)}")
    elif os.path.basename(path) == "pyproject.toml":
        if explicit:
            raise ConfigError(f"{path} has no corslint settings (no [tool.corslint] table)")
        return config
    else:
        config.table = "the top level"
        if explicit and not any(key in CONFIG_KEYS for key in data):
            raise ConfigError(f"{path} has no corslint settings (no [tool.corslint] table and none of the "
                              f"keys {', '.join(CONFIG_KEYS)} at the top level)")
        table = data
    for key, value in table.items():
        entry = CONFIG_KEYS.get(key)
        if entry is None:
            import difflib

            close = difflib.get_close_matches(key, list(CONFIG_KEYS), n=1)
            hint = f"did you mean `{close[0]}`? " if close else ""
            raise ConfigError(f"{path}: unknown key `{key}` in {config.table} ({hint}known keys: "
                              f"{', '.join(CONFIG_KEYS)})")
        kind = entry[0]
        where = f"{path}: `{key}` in {config.table}"
        if kind == "list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where} must be a list of strings, not {_kind(value)}")
        elif kind == "str":
            if not isinstance(value, str):
                raise ConfigError(f"{where} must be a string, not {_kind(value)}")
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false, not {_kind(value)}")
        elif kind == "seconds":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                given = repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _kind(value)
                raise ConfigError(f"{where} must be a positive number of seconds, not {given}")
            value = float(value)
        elif kind == "table":
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()
            ):
                raise ConfigError(f"{where} must map glob patterns to lists of rule codes")
        setattr(config, key.replace("-", "_"), value)
    config.keys = tuple(table)
    return config


def _kind(value) -> str:
    """A TOML value's kind, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list with other values than strings" if value else "an empty list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"

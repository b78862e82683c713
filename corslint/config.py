"""Configuration: the nearest pyproject.toml with a [tool.corslint] table, then the command line."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from corslint.config_search import find_config  # noqa: F401 - re-exported; lives there for start-up speed

CONFIG_KEYS = {
    "select": "list",
    "ignore": "list",
    "extend-select": "list",
    "exclude": "list",
    "extend-exclude": "list",
    "per-file-ignores": "table",
    "respect-gitignore": "bool",
    "output-format": "str",
    "analysis-time-budget": "seconds",
}


class ConfigError(Exception):
    """A configuration problem; the CLI prints it and exits 2."""


@dataclass
class Config:
    path: Optional[str] = None  # the pyproject.toml it came from
    root: str = field(default_factory=os.getcwd)  # the folder relative paths are taken from
    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    exclude: Optional[List[str]] = None
    extend_exclude: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    respect_gitignore: bool = True
    output_format: Optional[str] = None  # checked against the formats by the CLI
    analysis_time_budget: float = 60.0  # seconds per module (corslint.budget)


def _load_toml(path: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                          f"{exc.start}); TOML files must be UTF-8") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{path} nests arrays or tables too deeply to read") from None
    except ValueError as exc:  # anything else the parser rejects
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def load_config(path: str) -> Config:
    data = _load_toml(path)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table")
    table = tool.get("corslint")
    config = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    if table is None:
        return config
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.corslint] must be a table")
    for key, value in table.items():
        kind = CONFIG_KEYS.get(key)
        if kind is None:
            known = ", ".join(sorted(CONFIG_KEYS))
            raise ConfigError(f"{path}: unknown key `{key}` in [tool.corslint] (known keys: {known})")
        where = f"{path}: `{key}` in [tool.corslint]"
        if kind == "list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where} must be a list of strings")
        elif kind == "str":
            if not isinstance(value, str):
                raise ConfigError(f"{where} must be a string")
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false")
        elif kind == "seconds":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ConfigError(f"{where} must be a positive number of seconds")
            value = float(value)
        elif kind == "table":
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()
            ):
                raise ConfigError(f"{where} must map glob patterns to lists of rule codes")
        setattr(config, key.replace("-", "_"), value)
    return config

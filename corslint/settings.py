"""Settings built once: configuration file + command line -> the settings of a run.

Every front end (the CLI, :mod:`corslint.api`, the flake8 plugin and the language server)
builds its settings here, so a selector, an exclude or a baseline means the same thing
everywhere. Building fails closed: an unknown rule, key or value raises
:class:`~corslint.config.ConfigError` with one line naming its source, and nothing is
checked with defaults instead.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from corslint.config import Config, ConfigError, find_config, load_config


@dataclass
class Overrides:
    """What the command line (or an embedding tool) says, None where it says nothing."""

    select: Optional[List[str]] = None
    ignore: Optional[List[str]] = None
    extend_select: Optional[List[str]] = None
    per_file_ignores: List[str] = field(default_factory=list)  # GLOB:CODES entries
    exclude: Optional[List[str]] = None
    extend_exclude: Optional[List[str]] = None
    respect_gitignore: Optional[bool] = None
    output_format: Optional[str] = None
    baseline: Optional[str] = None


@dataclass
class Settings:
    config: Config
    selected: Set[str]
    per_file_ignores: Dict[str, Set[str]]
    exclude: List[str]  # every pattern: exclude (or the defaults) plus extend-exclude
    respect_gitignore: bool
    output_format: Optional[str]  # None: chosen by where the output goes
    baseline: Optional[str]  # an absolute path, or None
    # setting -> where its value came from: "default", a file (with its table) or a flag
    sources: Dict[str, str] = field(default_factory=dict)
    values: Dict[str, object] = field(default_factory=dict)  # setting -> the value as given

    @property
    def root(self) -> str:
        return self.config.root

    def options(self, cache_dir: Optional[str] = None, overlay: Optional[Dict[str, bytes]] = None,
                project_roots: Optional[List[str]] = None):
        """The engine's options for this run."""
        from corslint.engine import Options

        return Options(selected=set(self.selected), per_file_ignores=self.per_file_ignores,
                       config_root=self.root, project_roots=project_roots or [self.root, os.getcwd()],
                       cache_dir=cache_dir, overlay=dict(overlay or {}))

    def excludes(self):
        from corslint.files.discover import ExcludeMatcher

        return ExcludeMatcher(self.exclude, self.root)

    def describe(self) -> str:
        """--show-settings: each resolved setting and where its value came from."""
        lines = [f"Configuration file: {self.config.path or '(none)'}",
                 f"Root (relative paths and per-file-ignores): {self.root}", ""]
        width = max(len(k) for k in self.values)
        for key, value in self.values.items():
            lines.append(f"{key:<{width}} = {_toml(value)}    # {self.sources.get(key, 'default')}")
        lines += ["", f"Enabled rules ({len(self.selected)}): {', '.join(sorted(self.selected))}"]
        return "\n".join(lines) + "\n"


def _toml(value) -> str:
    import json

    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def common_folder(paths: List[str]) -> str:
    """Where a run over `paths` looks for its configuration: their common folder (stdin's
    `-` aside), else the current folder."""
    absolute = [os.path.abspath(p) for p in paths if p != "-"]
    if not absolute:
        return os.getcwd()
    try:
        common = os.path.commonpath(absolute)
    except ValueError:
        return os.getcwd()
    return common if os.path.isdir(common) else os.path.dirname(common)


def find_settings_file(start: str, config: Optional[str] = None, isolated: bool = False) -> Optional[str]:
    """The configuration file a run at `start` uses: --config, else the nearest one."""
    if isolated:
        return None
    if config:
        if not os.path.isfile(config):
            raise ConfigError(f"configuration file `{config}` does not exist")
        return config
    return find_config(start)


def build_settings(start: str, overrides: Optional[Overrides] = None, config: Optional[str] = None,
                   isolated: bool = False) -> Settings:
    """The settings for a run whose paths start at `start` (a file or folder).

    `config` is --config's file (either form); `isolated` ignores every file."""
    from corslint.files.discover import DEFAULT_EXCLUDES
    from corslint.output import FORMATS
    from corslint.rules import SelectorError, codes_in, select

    overrides = overrides or Overrides()
    path = find_settings_file(start, config, isolated)
    loaded = load_config(path, explicit=bool(config)) if path else Config()
    file_source = f"{path} {loaded.table}" if path else "default"
    sources: Dict[str, str] = {}
    values: Dict[str, object] = {}

    def pick(key: str, flag: str, given, from_file, default):
        """The flag's value, else the file's, else the default; remembers which."""
        if given is not None:
            sources[key] = flag
            values[key] = given
            return given
        if key in loaded.keys:
            sources[key] = file_source
            values[key] = from_file
            return from_file
        sources[key] = "default"
        values[key] = default
        return default

    def codes(selectors, source: str) -> Set[str]:
        try:
            return codes_in(selectors)
        except SelectorError as exc:
            raise ConfigError(f"{source}: {exc}") from None

    def where(key: str, flag: str, from_cli) -> str:
        return flag if from_cli else f"{path}: `{key}` in {loaded.table}"

    chosen = pick("select", "--select", overrides.select, loaded.select, None)
    codes(chosen or [], where("select", "--select", overrides.select is not None))
    file_extend, cli_extend = loaded.extend_select, overrides.extend_select or []
    codes(file_extend, where("extend-select", "", False))
    codes(cli_extend, "--extend-select")
    file_ignore, cli_ignore = loaded.ignore, overrides.ignore or []
    codes(file_ignore, where("ignore", "", False))
    codes(cli_ignore, "--ignore")
    _merged(values, sources, "extend-select", file_extend, cli_extend, file_source, "--extend-select")
    _merged(values, sources, "ignore", file_ignore, cli_ignore, file_source, "--ignore")
    selected = select(chosen, [*file_extend, *cli_extend], [*file_ignore, *cli_ignore])

    per_file: Dict[str, Set[str]] = {}
    for pattern, listed in loaded.per_file_ignores.items():
        per_file[pattern] = codes(listed, f"{path}: `per-file-ignores` in {loaded.table}, pattern `{pattern}`")
    for entry in overrides.per_file_ignores:
        pattern, sep, listed = entry.rpartition(":")
        if not sep or not pattern:
            raise ConfigError(f"--per-file-ignores takes GLOB:CODES, got `{entry}`")
        per_file.setdefault(pattern, set()).update(
            codes([c.strip() for c in listed.split(",") if c.strip()], f"--per-file-ignores `{entry}`"))
    values["per-file-ignores"] = {p: sorted(c) for p, c in per_file.items()}
    sources["per-file-ignores"] = " + ".join(
        s for s, used in ((file_source, bool(loaded.per_file_ignores)),
                          ("--per-file-ignores", bool(overrides.per_file_ignores))) if used) or "default"

    exclude = pick("exclude", "--exclude", overrides.exclude, loaded.exclude, list(DEFAULT_EXCLUDES))
    exclude = list(DEFAULT_EXCLUDES if exclude is None else exclude)
    values["exclude"] = exclude
    extend = [*loaded.extend_exclude, *(overrides.extend_exclude or [])]
    _merged(values, sources, "extend-exclude", loaded.extend_exclude, overrides.extend_exclude or [],
            file_source, "--extend-exclude")
    gitignore = pick("respect-gitignore", "--no-respect-gitignore", overrides.respect_gitignore,
                     loaded.respect_gitignore, True)
    output_format = pick("output-format", "--output-format", overrides.output_format, loaded.output_format, None)
    if output_format is not None and output_format not in FORMATS:
        raise ConfigError(f"{where('output-format', '--output-format', overrides.output_format is not None)}: "
                          f"unknown output format `{output_format}` (choose from {', '.join(FORMATS)})")
    baseline = pick("baseline", "--baseline", overrides.baseline, loaded.baseline, None)
    if baseline is not None:
        base = os.getcwd() if overrides.baseline is not None else loaded.root
        baseline = os.path.normpath(os.path.join(base, baseline))
    return Settings(config=loaded, selected=selected, per_file_ignores=per_file, exclude=exclude + extend,
                    respect_gitignore=gitignore, output_format=output_format, baseline=baseline,
                    sources=sources, values=values)


def _merged(values, sources, key, from_file, from_cli, file_source, flag) -> None:
    values[key] = [*from_file, *from_cli]
    parts = [s for s, used in ((file_source, bool(from_file)), (flag, bool(from_cli))) if used]
    sources[key] = " + ".join(parts) or "default"


def settings_for_file(path: str) -> Settings:
    """The settings that apply to one file, as `corslint check FILE` would build them."""
    return build_settings(os.path.abspath(path))

"""The run's settings, built once: configuration file + flags -> :class:`Settings`.

Every front end builds its run here: the command line (:mod:`corslint.cli`), the Python
API (:mod:`corslint.api`), the flake8 plugin and the language server, so a selector, an
exclude or a baseline means the same thing everywhere. They differ only in the flags they
pass. Building fails closed: an unknown rule, key or value raises
:class:`~corslint.config.ConfigError` with one line naming its source, and nothing is
checked with defaults instead.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set

from corslint.config import Config, ConfigError, find_config, load_config
from corslint.run.model import Options


class SettingsError(ConfigError):
    """A usage error in the flags that stops the run (exit 2)."""


@dataclass
class Flags:
    """What the command line (or an embedding tool) says; every field left at its
    default says nothing."""

    config_file: Optional[str] = None
    isolated: bool = False
    select: Optional[List[str]] = None
    ignore: Optional[List[str]] = None
    extend_select: Optional[List[str]] = None
    per_file_ignores: Sequence[str] = ()  # GLOB:CODES entries
    exclude: Optional[List[str]] = None
    extend_exclude: Optional[List[str]] = None
    output_format: Optional[str] = None
    no_cache: bool = False
    cache_dir: Optional[str] = None
    no_respect_gitignore: bool = False
    baseline: Optional[str] = None


@dataclass
class Settings:
    config: Config
    options: Options
    output_format: Optional[str] = None  # None when the front end renders nothing itself
    exclude_patterns: List[str] = field(default_factory=list)
    respect_gitignore: bool = True
    errors: List[str] = field(default_factory=list)  # always empty: a bad configuration raises
    baseline: Optional[str] = None  # an absolute path, or None
    # setting -> where its value came from: "default", a file (with its table) or a flag
    sources: Dict[str, str] = field(default_factory=dict)
    values: Dict[str, object] = field(default_factory=dict)  # setting -> the value as given

    @property
    def root(self) -> str:
        return self.config.root

    @property
    def selected(self) -> Set[str]:
        return self.options.selected

    def excludes(self):
        from corslint.files.discover import ExcludeMatcher

        return ExcludeMatcher(self.exclude_patterns, self.config.root)

    def options_with(self, **changes) -> Options:
        """The run's options with some fields replaced (an overlay, no cache, jobs)."""
        return dataclasses.replace(self.options, **changes)

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


def find_settings_file(start: str, config_file: Optional[str] = None, isolated: bool = False) -> Optional[str]:
    """The configuration file a run at `start` uses: --config, else the nearest one."""
    if isolated:
        return None
    if config_file:
        if not os.path.isfile(config_file):
            raise SettingsError(f"configuration file `{config_file}` does not exist")
        return config_file
    return find_config(start)


def build_settings(start: str, flags: Optional[Flags] = None, *, use_cache: bool = True,
                   render: bool = True) -> Settings:
    """The settings for checking the files at or below `start` (a file or folder): the
    configuration file (`flags.config_file`, either form, else the nearest one), then
    the flags. ``use_cache``: whether a result cache may be used at all (the flags can
    still turn it off). ``render``: resolve the output format (the default one too)."""
    flags = flags or Flags()
    path = find_settings_file(start, flags.config_file, flags.isolated)
    loaded = load_config(path, explicit=bool(flags.config_file)) if path else Config()
    return settings_for_config(loaded, flags, use_cache=use_cache, render=render)


def settings_for_config(loaded: Config, flags: Optional[Flags] = None, *, use_cache: bool = True,
                        render: bool = True) -> Settings:
    """The settings for a configuration already read, and the flags on top of it."""
    from corslint.files.discover import DEFAULT_EXCLUDES
    from corslint.output import FORMATS
    from corslint.rules import SelectorError, codes_in, select

    flags = flags or Flags()
    path = loaded.path
    file_source = f"{path} {loaded.table}" if path else "default"
    sources: Dict[str, str] = {}
    values: Dict[str, object] = {}

    def pick(key: str, flag: str, given, from_file, default):
        """The flag's value, else the file's, else the default; remembers which."""
        if given is not None:
            sources[key], values[key] = flag, given
            return given
        if key in loaded.keys:
            sources[key], values[key] = file_source, from_file
            return from_file
        sources[key], values[key] = "default", default
        return default

    def codes(selectors, source: str) -> Set[str]:
        try:
            return codes_in(selectors)
        except SelectorError as exc:
            raise ConfigError(f"{source}: {exc}") from None

    def in_file(key: str) -> str:
        return f"{path}: `{key}` in {loaded.table}"

    chosen = pick("select", "--select", flags.select, loaded.select, None)
    codes(chosen or [], "--select" if flags.select is not None else in_file("select"))
    file_extend, cli_extend = loaded.extend_select, flags.extend_select or []
    codes(file_extend, in_file("extend-select"))
    codes(cli_extend, "--extend-select")
    file_ignore, cli_ignore = loaded.ignore, flags.ignore or []
    codes(file_ignore, in_file("ignore"))
    codes(cli_ignore, "--ignore")
    _merged(values, sources, "extend-select", file_extend, cli_extend, file_source, "--extend-select")
    _merged(values, sources, "ignore", file_ignore, cli_ignore, file_source, "--ignore")
    selected = select(chosen, [*file_extend, *cli_extend], [*file_ignore, *cli_ignore])

    per_file: Dict[str, Set[str]] = {}
    for pattern, listed in loaded.per_file_ignores.items():
        per_file[pattern] = codes(listed, f"{in_file('per-file-ignores')}, pattern `{pattern}`")
    for entry in flags.per_file_ignores:
        pattern, sep, listed = entry.rpartition(":")
        if not sep or not pattern:
            raise SettingsError(f"--per-file-ignores takes GLOB:CODES, got `{entry}`")
        per_file.setdefault(pattern, set()).update(
            codes([c.strip() for c in listed.split(",") if c.strip()], f"--per-file-ignores `{entry}`"))
    values["per-file-ignores"] = {p: sorted(c) for p, c in per_file.items()}
    sources["per-file-ignores"] = " + ".join(
        s for s, used in ((file_source, bool(loaded.per_file_ignores)),
                          ("--per-file-ignores", bool(flags.per_file_ignores))) if used) or "default"

    exclude = pick("exclude", "--exclude", flags.exclude, loaded.exclude, list(DEFAULT_EXCLUDES))
    exclude = list(DEFAULT_EXCLUDES if exclude is None else exclude)
    values["exclude"] = exclude
    extend = [*loaded.extend_exclude, *(flags.extend_exclude or [])]
    _merged(values, sources, "extend-exclude", loaded.extend_exclude, flags.extend_exclude or [],
            file_source, "--extend-exclude")
    gitignore = pick("respect-gitignore", "--no-respect-gitignore", False if flags.no_respect_gitignore else None,
                     loaded.respect_gitignore, True)
    configured_format = pick("output-format", "--output-format", flags.output_format, loaded.output_format, None)
    if configured_format is not None and configured_format not in FORMATS:
        where = "--output-format" if flags.output_format is not None else in_file("output-format")
        raise ConfigError(f"{where}: unknown output format `{configured_format}` (choose from {', '.join(FORMATS)})")
    output_format = None
    if render:
        from corslint.output import default_format

        output_format = default_format(configured_format)
    baseline = pick("baseline", "--baseline", flags.baseline, loaded.baseline, None)
    if baseline is not None:
        base = os.getcwd() if flags.baseline is not None else loaded.root
        baseline = os.path.normpath(os.path.join(base, baseline))

    cache_dir = None
    if use_cache and not flags.no_cache:
        from corslint.run.cache import default_cache_dir

        cache_dir = os.path.abspath(flags.cache_dir or default_cache_dir(loaded.root))
    time_budget = pick("analysis-time-budget", "--analysis-time-budget", None, loaded.analysis_time_budget, 60.0)
    options = Options(selected=selected, per_file_ignores=per_file, config_root=loaded.root,
                      project_roots=[loaded.root, os.getcwd()], cache_dir=cache_dir, time_budget=time_budget)
    return Settings(loaded, options, output_format, exclude + extend, gitignore, [], baseline, sources, values)


def _merged(values, sources, key, from_file, from_cli, file_source, flag) -> None:
    values[key] = [*from_file, *from_cli]
    parts = [s for s, used in ((file_source, bool(from_file)), (flag, bool(from_cli))) if used]
    sources[key] = " + ".join(parts) or "default"

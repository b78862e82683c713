"""The run's settings, built once: configuration files + command-line flags -> :class:`Settings`.

Every front end builds its run here: the command line (:mod:`corslint.cli`), the Python
API (:mod:`corslint.api`) and, through the API, the flake8 plugin. They differ only in
what they pass: the CLI its flags, and ``tolerant=True`` (a bad configuration or an
unknown rule selector is reported and the run goes on with the defaults, exit 2); the
API nothing but the file's path, strict (the error is raised to the caller).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set

from corslint.config import Config, ConfigError, find_config, load_config
from corslint.run.model import Options


class SettingsError(Exception):
    """A usage error in the flags or the configuration that stops the run (exit 2)."""


@dataclass
class Flags:
    """What the command line can say; every field left at its default says nothing."""

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


@dataclass
class Settings:
    config: Config
    options: Options
    output_format: Optional[str] = None  # None when the front end renders nothing itself
    exclude_patterns: List[str] = field(default_factory=list)
    respect_gitignore: bool = True
    errors: List[str] = field(default_factory=list)  # reported at the end; they make the exit code 2

    def excludes(self):
        from corslint.files.discover import ExcludeMatcher

        return ExcludeMatcher(self.exclude_patterns, self.config.root)


def build_settings(start: str, flags: Optional[Flags] = None, *, tolerant: bool = False, use_cache: bool = True,
                   render: bool = True) -> Settings:
    """The settings for checking the files at or below ``start``: the nearest
    pyproject.toml with [tool.corslint] (or ``flags.config_file``), then the flags.

    ``tolerant``: configuration errors and unknown selectors become ``Settings.errors``
    instead of exceptions. ``use_cache``: whether a result cache may be used at all (the
    flags can still turn it off). ``render``: resolve the output format."""
    flags = flags or Flags()
    errors: List[str] = []
    if render:
        from corslint.output import FORMATS

        if flags.output_format is not None and flags.output_format not in FORMATS:
            raise SettingsError(f"unknown output format `{flags.output_format}` (choose from {', '.join(FORMATS)})")
    config = _config(start, flags, errors, tolerant)
    return settings_for_config(config, flags, tolerant=tolerant, use_cache=use_cache, render=render, errors=errors)


def settings_for_config(config: Config, flags: Optional[Flags] = None, *, tolerant: bool = False,
                        use_cache: bool = True, render: bool = True, errors: Optional[List[str]] = None) -> Settings:
    """The settings for a configuration already read, and the flags on top of it."""
    from corslint.rules import SelectorError, codes_in, select

    flags = flags or Flags()
    errors = [] if errors is None else errors
    output_format = None
    if render:
        from corslint.output import FORMATS, default_format

        output_format = flags.output_format or default_format(config.output_format)
        if output_format not in FORMATS:
            raise SettingsError(f"invalid configuration: {config.path}: unknown output-format `{output_format}` "
                                f"(choose from {', '.join(FORMATS)})")

    def known(selectors: Optional[Iterable[str]]) -> Optional[List[str]]:
        """The selectors that name rules; with ``tolerant``, each unknown one is reported and left out."""
        if selectors is None or not tolerant:
            return None if selectors is None else list(selectors)
        kept = []
        for selector in selectors:
            try:
                codes_in([selector])
            except SelectorError as exc:
                errors.append(str(exc))
                continue
            kept.append(selector)
        return kept

    chosen = known(flags.select if flags.select is not None else config.select)
    if tolerant and chosen is not None and not chosen:
        chosen = None  # every selector was unknown: check with the default selection
    selected = select(chosen, known([*config.extend_select, *(flags.extend_select or [])]),
                      known([*config.ignore, *(flags.ignore or [])]))
    per_file: Dict[str, Set[str]] = {}
    for pattern, codes in config.per_file_ignores.items():
        per_file[pattern] = codes_in(known(codes))
    for entry in flags.per_file_ignores:
        pattern, sep, codes = entry.rpartition(":")
        if not sep or not pattern:
            raise SettingsError(f"--per-file-ignores takes GLOB:CODES, got `{entry}`")
        per_file.setdefault(pattern, set()).update(codes_in(known(_comma_list(codes))))

    cache_dir = None
    if use_cache and not flags.no_cache:
        from corslint.run.cache import default_cache_dir

        cache_dir = os.path.abspath(flags.cache_dir or default_cache_dir(config.root))
    options = Options(selected=selected, per_file_ignores=per_file, config_root=config.root,
                      project_roots=[config.root, os.getcwd()], cache_dir=cache_dir,
                      time_budget=config.analysis_time_budget)
    patterns = list(_default_excludes() if config.exclude is None else config.exclude)
    patterns = list(flags.exclude) if flags.exclude is not None else patterns
    patterns += config.extend_exclude + (flags.extend_exclude or [])
    return Settings(config, options, output_format, patterns,
                    config.respect_gitignore and not flags.no_respect_gitignore, errors)


def _config(start: str, flags: Flags, errors: List[str], tolerant: bool) -> Config:
    """--isolated, else --config, else the nearest pyproject.toml with [tool.corslint]."""
    try:
        if flags.isolated:
            return Config()
        if flags.config_file:
            if not os.path.isfile(flags.config_file):
                raise SettingsError(f"configuration file `{flags.config_file}` does not exist")
            return load_config(flags.config_file)
        found = find_config(start)
        return load_config(found) if found else Config()
    except ConfigError as exc:
        if not tolerant:
            raise
        # Reported, and the run goes on with the defaults so the files are still checked;
        # the exit code is 2 all the same.
        errors.append(f"invalid configuration: {exc}; checking with the default configuration")
        return Config()


def _default_excludes() -> List[str]:
    from corslint.files.discover import DEFAULT_EXCLUDES

    return list(DEFAULT_EXCLUDES)


def _comma_list(text: str) -> List[str]:
    return [part.strip() for part in text.split(",") if part.strip()]

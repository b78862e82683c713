"""Finding the configuration file, without importing the configuration machinery.

This is on the start-up path of every run (``corslint.run.fastpath`` uses it too), so it
imports nothing beyond ``os``; ``corslint.config`` re-exports it.

In each folder, from the start upwards, the first of these that applies is used (ruff's
order): ``.corslint.toml``, ``corslint.toml`` (top-level keys, whatever they hold), then
a ``pyproject.toml`` with a ``[tool.corslint]`` table.
"""
from __future__ import annotations

import os

STANDALONE_NAMES = (".corslint.toml", "corslint.toml")


def find_config(start: str):
    """The nearest corslint configuration file at or above `start`, or None."""
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        for name in STANDALONE_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as fh:
                    has_table = b"tool.corslint" in fh.read()
            except OSError:
                has_table = False
            if has_table:
                return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent

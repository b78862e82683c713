"""Finding the configuration file, without importing the configuration machinery.

This is on the start-up path of every run (``corslint.run.fastpath`` uses it too), so it
imports nothing beyond ``os``; ``corslint.config`` re-exports it.
"""
from __future__ import annotations

import os


def find_config(start: str):
    """The nearest pyproject.toml at or above `start` that has a [tool.corslint] table."""
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
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

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
                    has_table = _mentions_table(fh.read())
            except OSError:
                # Unreadable: it may hold the configuration, so it is the one; loading it
                # says that it cannot be read (exit 2) instead of silently using another.
                return candidate
            if has_table:
                return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _mentions_table(data: bytes) -> bool:
    """Whether a pyproject.toml may define corslint's table: `[tool.corslint]`, or a key
    `corslint` at the start of a line (`corslint = ...` under `[tool]`, a dotted
    `corslint.select = ...`) or in an inline `tool = {corslint = ...}`, so that a wrong
    one (`[tool] corslint = 5`) is reported rather than ignored. A dependency line
    (`"corslint==1.0"`) is not such a key. Plain byte scanning (no `re`: start-up path)."""
    if b"tool.corslint" in data or b'tool."corslint"' in data:
        return True
    if b"corslint" not in data:
        return False
    for line in data.splitlines():
        if b"corslint" not in line:
            continue
        key = line.strip().strip(b"\"'")
        if key.startswith(b"corslint"):
            rest = key[len(b"corslint"):].lstrip(b"\"' \t")
            if rest.startswith(b".") or (rest.startswith(b"=") and not rest.startswith(b"==")):
                return True
        stripped = line.strip()
        if stripped.startswith(b"tool") and stripped[4:].lstrip().startswith(b"=") and b"{" in stripped:
            return True
    return False

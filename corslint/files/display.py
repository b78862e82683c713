"""Paths as users see them."""
from __future__ import annotations

import os


def display_path(abspath: str) -> str:
    """Paths as users see them: relative to the current folder when below it."""
    # The common case without os.path.relpath (two abspath calls and a split of each path,
    # about 17 µs for every file of a tree): a normalised path below the current folder.
    cwd = os.getcwd()
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    if os.path.isabs(abspath) and os.path.normpath(abspath) == abspath:
        if abspath.startswith(prefix) and len(abspath) > len(prefix):
            return abspath[len(prefix):]
        if abspath != cwd and not abspath.startswith(prefix):
            return abspath  # not below the current folder: relpath would start with ".."
    try:
        rel = os.path.relpath(abspath)
    except ValueError:  # another drive on Windows
        return abspath
    return abspath if rel.startswith("..") else rel

"""Where imports lead: a file's dotted module name, its import root, and the file an
import names, searched the way Python searches. Everything that resolves an import uses
these (the libcst project index, the star-import probe, the response-header collector's
constant reader), so they cannot disagree about which file a name comes from; and
:func:`read_module_bytes` is how each of them reads such a file (the fix loop's overlay
first, then the disk, never blocking on a FIFO).
"""
from __future__ import annotations

import os
from typing import Dict, List, Optional

from corslint.files.prefilter import read_bytes


def module_name_for(abspath: str) -> str:
    """The dotted import name of a file, from the package folders (with __init__.py) above it."""
    directory, filename = os.path.split(abspath)
    stem = os.path.splitext(filename)[0]
    parts = [] if stem == "__init__" else [stem]
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
        if not package:
            break
    return ".".join(parts)


def import_root_for(abspath: str) -> str:
    """The folder that is on sys.path for this file: the parent of its top package."""
    directory = os.path.dirname(abspath)
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return directory


def module_path_candidates(dotted: str, level: int, importer_path: str, roots: List[str], watch=None):
    """The files that `from <level dots><dotted> import ...` in the module at
    ``importer_path`` may name, in the order Python tries them: the importer's package
    (relative imports), else its import root, each project root and its `src/`; in each, a
    package before a module of the same name, and `from . import X` names the package
    itself, never a module file beside its folder. ``watch(path, None)`` is told of a
    missing `src/` (the cache depends on its absence)."""
    parts = [p for p in dotted.split(".") if p] if dotted else []
    bases: List[str] = []
    if level:
        base = os.path.dirname(importer_path)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        bases.append(base)
    elif parts:
        bases.append(import_root_for(importer_path))
        for root in roots:
            bases.append(root)
            src = os.path.join(root, "src")
            if os.path.isdir(src):
                bases.append(src)
            elif watch is not None:
                watch(src, None)
    for base in dict.fromkeys(bases):
        target = os.path.join(base, *parts)
        yield os.path.join(target, "__init__.py")
        if parts:
            yield target + ".py"


def find_module_path(dotted: str, level: int, importer_path: str, roots: List[str], watch=None) -> Optional[str]:
    """The file Python would import for `from <level dots><dotted> import ...` in the module
    at ``importer_path``; ``watch(path, None)`` is told of every path looked for and not
    found (the cache depends on their absence)."""
    for candidate in module_path_candidates(dotted, level, importer_path, roots, watch):
        if os.path.isfile(candidate):
            return candidate
        if watch is not None:
            watch(candidate, None)
    return None


def read_module_bytes(abspath: str, overlay: Optional[Dict[str, bytes]] = None) -> bytes:
    """The bytes of a module an import named: the overlay's, else the file's (OSError)."""
    data = overlay.get(abspath) if overlay else None
    return data if data is not None else read_bytes(abspath)

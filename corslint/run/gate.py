"""The parse gate: which prefilter survivors need libcst at all.

The byte prefilter (``files/prefilter.py``) is deliberately broad: "cors" in any case,
in a comment or a docstring, is enough. Parsing with libcst costs about 0.1 ms per line,
so a large module that mentions CORS once in its documentation (FastAPI's
``routing.py``: 7,000 lines) would cost more than the rest of a tree together.

A survivor is parsed with libcst when an extractor could find something in it: when
its bytes contain one of an extractor's ``MARKERS`` (the engine runs only those
extractors anyway). A survivor without any marker can produce no policy; the only
thing parsing it could report is a syntax error (COR001). That is checked with
CPython's own compiler, about 30 times faster than libcst; when the compiler rejects
the file, libcst parses it as before (and reports COR001, or accepts syntax the running
Python is too old for). The result is the same as parsing every survivor.

The markers are read from the extractor modules' source without importing them,
because importing an extractor imports libcst (0.15 s), which a run whose survivors
all pass the gate should not pay.
"""
from __future__ import annotations

import os
import warnings
from typing import Optional, Tuple

_markers: Optional[Tuple[bytes, ...]] = None


def extractor_markers() -> Tuple[bytes, ...]:
    """Every extractor's MARKERS (case-sensitive byte strings)."""
    global _markers
    if _markers is None:
        from corslint.frameworks import EXTRACTOR_MODULES

        found = []
        for name in EXTRACTOR_MODULES:
            found.extend(_module_markers(name))
        _markers = tuple(dict.fromkeys(found))
    return _markers


def _module_markers(name: str) -> Tuple[bytes, ...]:
    markers = _static_markers(name)
    if markers is None:  # not a plain literal: import the module and ask it
        import importlib

        markers = tuple(importlib.import_module(name).MARKERS)
    return markers


def _static_markers(name: str) -> Optional[Tuple[bytes, ...]]:
    import ast
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        with open(spec.origin, "rb") as fh:
            tree = ast.parse(fh.read())
    except (ImportError, OSError, SyntaxError, ValueError):
        return None
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "MARKERS" for t in statement.targets):
            try:
                value = ast.literal_eval(statement.value)
            except ValueError:
                return None
            if isinstance(value, (tuple, list)) and all(isinstance(m, bytes) for m in value):
                return tuple(value)
            return None
    return None


def needs_parse(data: bytes, text: str, path: str, markers: Tuple[bytes, ...]) -> bool:
    """Whether parsing this prefilter survivor with libcst can change the result."""
    if any(marker in data for marker in markers):
        return True
    from corslint.files.prefilter import may_inherit_settings

    if may_inherit_settings(data):  # a star import in any spacing (the Django extractor's `wants`)
        return True
    from corslint.parsing.safety import MAX_PARSE_BYTES

    if len(data) > MAX_PARSE_BYTES:  # parse_source refuses it, with a message; no compile first
        return True
    return not _compiles(text, path)


def _compiles(text: str, path: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" and friends: not ours to say
        try:
            compile(text, path or "<stdin>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return False
    return True


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1

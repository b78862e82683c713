"""Which modules that never mention CORS may still inherit a CORS configuration.

A Django settings module can hold no CORS word at all and still be judged with CORS
settings: ``production.py`` with ``from .base import *`` and ``DEBUG = False`` inherits
``CORS_ALLOWED_ORIGINS`` from ``base.py``. Such a file used to pass the prefilter on any
star import, which made every ``from x import *`` module of a large tree (Django's own
source has dozens) a candidate, parsed with libcst and evaluated through its whole
import chain, for nothing.

The Django extractor (``frameworks/django.py``) judges a module without CORS words of
its own only when (a) it star-imports something and (b) it assigns an upper-case
settings name at module level (``_OwnFacts.settings_assigned``), and (c) the settings it
ends up with name CORS (a ``CORS_*`` setting, or ``corsheaders`` in ``MIDDLEWARE`` or
``INSTALLED_APPS``). Every value it can see comes from its own text or, through imports
resolved by ``Project.find_module``, from project files. So the probe below asks, on
bytes only, for a superset of each condition:

* (a) a star import (``prefilter.may_inherit_settings``);
* (b) an upper-case name followed by ``=``, ``:``, ``.`` or an operator anywhere;
* (c) a project file it imports (any kind of import, one level), or one it reaches
  through a chain of star imports, passes the CORS prefilter (every file a name could
  resolve to, following the same search roots as ``Project.find_module``). The star
  closure is computed on bytes with a memo per run, and reads each file at most once.

A module that fails any of the three cannot be judged by the Django extractor, and no
other extractor looks at a file without its markers, so leaving it out changes nothing.
(Non-ASCII upper-case setting names are not recognised by (b); Django settings are
ASCII by convention.)
"""
from __future__ import annotations

import os
import re

from corslint.files.imports import module_path_candidates, read_module_bytes
from corslint.files.prefilter import may_configure_cors, may_inherit_settings

# (b): `NAME =`, `NAME: T =`, `NAME +=`, `NAME.append(` ... with NAME.isupper() (ASCII), where
# a statement or an assignment target can start: a line's start, or after `;`, `:`
# (`if X: NAME = 1`), `=` (`a = NAME = 1`) or `(` (a parenthesised target). Comments and
# most prose never match.
# `from <dots><dotted> import *` (Python also accepts `import*`); the Django extractor uses it too.
STAR_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]*\*", re.MULTILINE)
_UPPER_TARGET = re.compile(rb"(?:^[ \t]*|[;:=(][ \t]*)(?=[A-Z0-9_]*[A-Z])[A-Z_][A-Z0-9_]*[ \t]*[-=:.+*/%@&|^<>)]",
                           re.MULTILINE)
_FROM_IMPORT = re.compile(rb"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n;]*)",
                          re.MULTILINE)
_PLAIN_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([^\n;#]*)", re.MULTILINE)


class InheritanceProbe:
    """One per run: the closure memo and the search roots of the run's project."""

    def __init__(self, roots, overlay=None) -> None:
        self.roots = [os.path.abspath(r) for r in roots]
        self.overlay = overlay or {}
        self._provides: dict = {}  # abspath -> whether a CORS word is reachable from it
        self._resolved: dict = {}  # (importer's folder, dotted, level) -> files
        self._is_file: dict = {}

    def may_inherit_cors(self, abspath, data: bytes) -> bool:
        if not may_inherit_settings(data) or not _UPPER_TARGET.search(data):
            return False
        if abspath is None:  # stdin: the imports cannot be resolved, so nothing is inherited;
            return True      # keep the old behaviour (a candidate) all the same
        # A name imported explicitly that carries CORS settings comes from a module that
        # names CORS itself (one level); a whole namespace inherited through `import *`
        # chains may come from further away, so star imports are followed transitively.
        # Following every import transitively would reach settings.py from almost any
        # module of a real project, making hundreds of files candidates for nothing.
        for target in self._targets(abspath, data):
            target_data = self._read(target)
            if target_data is not None and may_configure_cors(target_data):
                return True
        return any(self._reaches_cors(target) for target in self._star_targets(abspath, data))

    # ------------------------------------------------------------------ the closure
    def _reaches_cors(self, start: str) -> bool:
        """Whether `start` or any project file it star-imports (transitively) passes the
        prefilter. Iterative, so a long chain cannot exhaust the stack; a cycle ends the search."""
        if start in self._provides:
            return self._provides[start]
        seen = {start}
        stack = [start]
        found = False
        while stack and not found:
            path = stack.pop()
            known = self._provides.get(path)
            if known is not None:
                if known:
                    found = True
                continue
            data = self._read(path)
            if data is None:
                continue
            if may_configure_cors(data):
                found = True
                break
            for target in self._star_targets(path, data):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        if found:
            self._provides[start] = True
        else:  # nothing reachable from any file visited here names CORS
            for path in seen:
                self._provides[path] = False
        return found

    def _read(self, path: str):
        try:
            return read_module_bytes(path, self.overlay)
        except OSError:
            return None

    # ------------------------------------------------------------------ imports
    def _targets(self, importer: str, data: bytes):
        """Every project file an import in `data` may resolve to (a superset)."""
        if b"\\\n" in data or b"\\\r\n" in data:  # backslash continuations: one logical line
            data = data.replace(b"\\\r\n", b" ").replace(b"\\\n", b" ")
        found = []
        for dots, dotted, names in _FROM_IMPORT.findall(data):
            module = dotted.decode("ascii", "replace")
            level = len(dots)
            found.extend(self._resolve(importer, module, level))
            for name in _names(names):  # `from . import base`: a submodule
                found.extend(self._resolve(importer, f"{module}.{name}" if module else name, level))
        for names in _PLAIN_IMPORT.findall(data):
            for name in _names(names):
                parts = name.split(".")
                for end in range(1, len(parts) + 1):
                    found.extend(self._resolve(importer, ".".join(parts[:end]), 0))
        return found

    def _star_targets(self, importer: str, data: bytes):
        """The project files `from X import *` statements in `data` resolve to."""
        found = []
        for dots, dotted in STAR_FROM.findall(data):
            found.extend(self._resolve(importer, dotted.decode("ascii", "replace"), len(dots)))
        return found

    def _resolve(self, importer: str, dotted: str, level: int):
        """Mirrors ``Project.find_module``, but returns every existing candidate."""
        key = (os.path.dirname(importer), dotted, level)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve_uncached(importer, dotted, level)
        return found

    def _isfile(self, path: str) -> bool:
        known = self._is_file.get(path)
        if known is None:
            known = self._is_file[path] = os.path.isfile(path)
        return known

    def _resolve_uncached(self, importer: str, dotted: str, level: int):
        """Every file the import may name (a superset of the one Python picks: the probe
        must not miss a CORS module), found the way Project.find_module looks."""
        return [candidate for candidate in module_path_candidates(dotted, level, importer, self.roots)
                if self._isfile(candidate)]


_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")


def _is_dotted_name(word: bytes) -> bool:
    """`pkg.mod` or `NAME` (ASCII word characters and dots)."""
    return all(byte in _NAME_BYTES for byte in word)


def _names(text: bytes):
    """`a, b as c, (d,\n e)` -> ["a", "b", "d", "e"]; `*` and junk are dropped."""
    names = []
    for part in text.replace(b"(", b" ").replace(b")", b" ").split(b","):
        words = part.split()
        if words and _is_dotted_name(words[0]):
            names.append(words[0].decode("ascii", "replace"))
    return names

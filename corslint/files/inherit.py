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
  closure (:func:`star_closure_provides`, which the Django extractor asks too, with its
  own test) is computed on bytes with a memo per run, and reads each file at most once.

A module that fails any of the three cannot be judged by the Django extractor, and no
other extractor looks at a file without its markers, so leaving it out changes nothing.
(Non-ASCII upper-case setting names are not recognised by (b); Django settings are
ASCII by convention.)
"""
from __future__ import annotations

import os
import re
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from corslint.files.imports import module_path_candidates, read_module_bytes
from corslint.files.prefilter import may_configure_cors, may_inherit_settings

# `from <dots><dotted> import *` (Python also accepts `import*`).
STAR_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]*\*", re.MULTILINE)
# (b): `NAME =`, `NAME: T =`, `NAME +=`, `NAME.append(` ... with NAME.isupper() (ASCII), where
# a statement or an assignment target can start: a line's start, or after `;`, `:`
# (`if X: NAME = 1`), `=` (`a = NAME = 1`) or `(` (a parenthesised target). Comments and
# most prose never match.
_UPPER_TARGET = re.compile(rb"(?:^[ \t]*|[;:=(][ \t]*)(?=[A-Z0-9_]*[A-Z])[A-Z_][A-Z0-9_]*[ \t]*[-=:.+*/%@&|^<>)]",
                           re.MULTILINE)
_FROM_IMPORT = re.compile(rb"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n;]*)",
                          re.MULTILINE)
_PLAIN_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([^\n;#]*)", re.MULTILINE)
StarImport = Tuple[str, str, int]  # `from <level dots><dotted> import *` in the file at a path


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
        return star_closure_provides(star_imports_in(abspath, data), self._resolve, self._read, may_configure_cors,
                                     memo=self._provides)

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


# ---------------------------------------------------------------------- the star closure
def star_imports_in(importer: str, data: bytes) -> List[StarImport]:
    """The `from X import *` statements in the bytes of the file at ``importer``."""
    return [(importer, dotted.decode("ascii", "replace"), len(dots)) for dots, dotted in STAR_FROM.findall(data)]


def star_closure_provides(imports: Iterable[StarImport], resolve: Callable[[str, str, int], Iterable[str]],
                          read: Callable[[str], Optional[bytes]], provides: Callable[[bytes], bool], *,
                          limit: Optional[int] = None, unreadable_provides: bool = False,
                          memo: Optional[Dict[str, bool]] = None) -> bool:
    """Whether a file that the star imports ``imports`` name, or one that such a file
    star-imports in turn (transitively), ``provides`` something (a test on its bytes): the
    closure of a module's inherited namespace, read on bytes and never parsed. The
    prefilter's probe above and the Django extractor (``Project.star_closure_provides``,
    which records every read for the result cache) both ask it, each with its own test.

    ``resolve(importer, dotted, level)`` gives the files one import may name. ``read(path)``
    gives a file's bytes, or None when it cannot be read: that counts as providing when
    ``unreadable_provides`` (an answer that may say yes wrongly, never no), else as nothing.
    More files than ``limit`` count as providing too (a bound on the cost). ``memo`` (path
    -> whether its closure provides) carries answers across calls. Iterative, so a long
    chain cannot exhaust the stack; a cycle ends the search."""
    pending = [(importer, dotted, level, None) for importer, dotted, level in imports]
    seen: set = set()
    while pending:
        importer, dotted, level, root = pending.pop()
        for path in resolve(importer, dotted, level):
            if path in seen:
                continue
            known = memo.get(path) if memo is not None else None
            if known is False:  # nothing reachable from it provides
                seen.add(path)
                continue
            if limit is not None and len(seen) >= limit:
                return True
            seen.add(path)
            data = None if known else read(path)
            if known or (data is None and unreadable_provides) or (data is not None and provides(data)):
                if memo is not None:
                    memo[path] = memo[root or path] = True
                return True
            if data is not None:
                pending.extend((path, d, l, root or path) for _, d, l in star_imports_in(path, data))
    if memo is not None:  # nothing reachable from any file visited here provides
        for path in seen:
            memo[path] = False
    return False


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

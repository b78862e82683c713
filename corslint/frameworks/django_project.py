"""Whether a module without Django in it is django-cors-headers settings anyway.

Split settings files (``settings/cors.py``) often assign only ``CORS_*`` names. Such a
module is judged as Django settings when the project shows django-cors-headers: a
dependency manifest above it names ``django-cors-headers``, or a sibling module names the
``corsheaders`` package. Without any manifest, the names decide: a name only
django-cors-headers reads (``CORS_ALLOWED_ORIGINS``, not Flask-CORS's ``CORS_ORIGINS``).
A module that reads its own ``CORS_*`` names (a hand-written middleware's constants) or
imports another web framework is never Django settings. Only files around the module are
read, so the verdict for a file is the same whether it is checked alone or in its tree.
"""
from __future__ import annotations

import os
import re
import weakref
from typing import Dict, List, Optional, Tuple

import libcst as cst

# Names django-cors-headers reads and no other CORS library does (Flask-CORS shares
# CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS and CORS_ALLOW_PRIVATE_NETWORK).
DJANGO_ONLY_SETTINGS = {
    "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_ALL_ORIGINS", "CORS_URLS_REGEX",
    "CORS_PREFLIGHT_MAX_AGE", "CORS_ORIGIN_WHITELIST", "CORS_ORIGIN_REGEX_WHITELIST", "CORS_ORIGIN_ALLOW_ALL",
    "CORS_REPLACE_HTTPS_REFERER",
}
MANIFEST_NAMES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock",
                  "pdm.lock", "environment.yml")
_REQUIREMENTS = re.compile(r"^requirements.*\.(?:txt|in)$|^constraints.*\.txt$", re.IGNORECASE)
_DEPENDENCY = re.compile(rb"django[-_]cors[-_]headers", re.IGNORECASE)
_OTHER_FRAMEWORK = re.compile(
    r"^[ \t]*(?:from|import)[ \t]+(?:fastapi|starlette|flask|flask_cors|aiohttp|aiohttp_cors|quart|sanic|falcon|"
    r"tornado|litestar|bottle|pyramid|connexion)\b", re.MULTILINE)
MAX_LEVELS = 6

_by_project: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def imports_other_framework(text: str) -> bool:
    return bool(_OTHER_FRAMEWORK.search(text))


def shows_corsheaders(module, project) -> Optional[bool]:
    """True when the project around ``module`` shows django-cors-headers, False when it has a
    dependency manifest that does not name it, None when no manifest was found."""
    path = module.source.abspath
    if not path:
        return None
    cache = _cache(project)
    directory = os.path.dirname(path)
    key = ("shows", directory)
    if key not in cache:
        read: List[Tuple[str, Optional[bytes]]] = []
        cache[key] = (_look_around(directory, read), read)
    verdict, read = cache[key]
    for file_path, data in read:  # every module judged this way depends on those files
        _depend(project, file_path, data)
    return verdict


def _depend(project, path: str, data: Optional[bytes]) -> None:
    """Record for the result cache that this analysis read `path` (or found it absent),
    the way an imported module is recorded (``corslint.run.cache.DependencyLog``)."""
    watch = getattr(project, "watch", None)
    if watch is None:
        return
    watch(path, data)
    project.record(path)


def _cache(project) -> Dict:
    try:
        return _by_project.setdefault(project, {})
    except TypeError:  # not weak-referenceable: no cache
        return {}


def read_as_attributes(module, project) -> bool:
    """Whether a sibling module reads this module's CORS_* names as its attributes
    (``configuration.CORS_ORIGIN_WHITELIST``, ``getattr(configuration, ...)``, ``from
    .configuration import CORS_...``): then they are that code's parameters, which it maps
    to the real settings itself, and not settings of their own."""
    path = module.source.abspath
    if not path:
        return False
    directory, stem = os.path.dirname(path), os.path.splitext(os.path.basename(path))[0]
    if stem == "__init__":
        return False
    pattern = re.compile(rb"\b%s\s*\.\s*CORS_|getattr\(\s*%s\s*,|from\s+\S*\b%s\s+import\s+(?!\*)"
                         % ((re.escape(stem.encode()),) * 3))
    cache = _cache(project)
    key = ("read-as-attributes", path)
    if key not in cache:
        read: List[Tuple[str, Optional[bytes]]] = []
        verdict = False
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else ():
            if name.endswith(".py") and name != os.path.basename(path):
                data = _read(os.path.join(directory, name), read)
                if data is not None and pattern.search(data):
                    verdict = True
                    break
        cache[key] = (verdict, read)
    verdict, read = cache[key]
    for file_path, data in read:
        _depend(project, file_path, data)
    return verdict


def _read(path: str, read: list) -> Optional[bytes]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(2_000_000)
    except OSError:
        data = None
    read.append((path, data))
    return data


def _look_around(directory: str, read: list) -> Optional[bool]:
    # A sibling module naming the package (settings/base.py's INSTALLED_APPS).
    try:
        siblings = sorted(os.listdir(directory))
    except OSError:
        siblings = []
    for name in siblings:
        if name.endswith(".py"):
            data = _read(os.path.join(directory, name), read)
            if data is not None and b"corsheaders" in data:
                return True
    found_manifest = False
    current = directory
    for _ in range(MAX_LEVELS):
        try:
            entries = os.listdir(current)
        except OSError:
            break
        names = [n for n in entries if n in MANIFEST_NAMES or _REQUIREMENTS.match(n)]
        # A manifest added later changes the verdict: its absence is a dependency too.
        read.extend((os.path.join(current, n), None) for n in MANIFEST_NAMES if n not in entries)
        if "requirements" in entries and os.path.isdir(os.path.join(current, "requirements")):
            names += [os.path.join("requirements", n) for n in sorted(os.listdir(os.path.join(current, "requirements")))
                      if n.endswith((".txt", ".in"))]
        for name in sorted(names):
            data = _read(os.path.join(current, name), read)
            if data is None:
                continue
            found_manifest = True
            if _DEPENDENCY.search(data):
                return True
        if ".git" in entries or found_manifest and ("pyproject.toml" in entries or "setup.py" in entries):
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return False if found_manifest else None


class _CorsReads(cst.CSTVisitor):
    """Whether the module reads a CORS_* name outside the values of its own CORS_* settings."""

    def __init__(self):
        super().__init__()
        self.reads = False
        self._setting_depth = 0

    def _is_setting_statement(self, node) -> bool:
        targets = []
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
            targets = [node.target]
        elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call) \
                and isinstance(node.value.func, cst.Attribute):
            targets = [node.value.func.value]
        return any(isinstance(t, cst.Name) and t.value.isupper() for t in targets)

    def on_visit(self, node) -> bool:
        if self._is_setting_statement(node):
            self._setting_depth += 1
        elif isinstance(node, cst.Name) and self._setting_depth == 0 and node.value.startswith("CORS_"):
            self.reads = True
        elif isinstance(node, (cst.ImportFrom, cst.Import)):
            return False
        return not self.reads

    def on_leave(self, original_node) -> None:
        if self._is_setting_statement(original_node):
            self._setting_depth -= 1


def reads_own_cors_names(module) -> bool:
    visitor = _CorsReads()
    module.tree.visit(visitor)
    return visitor.reads

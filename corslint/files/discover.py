"""Walking the paths a user named, with ruff's default excludes, config excludes and .gitignore."""
from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from corslint.files.gitignore import GitIgnore

PYTHON_SUFFIXES = (".py", ".pyi")

# ruff's default `exclude`, plus corslint's own cache.
DEFAULT_EXCLUDES = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
    ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build",
    "dist", "node_modules", "site-packages", "venv", ".corslint_cache",
)


@dataclass
class DiscoveredFile:
    path: str  # absolute
    explicit: bool  # named on the command line


@dataclass
class Discovery:
    files: List[DiscoveredFile] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # one line each, for stderr; exit 2


class ExcludeMatcher:
    """`exclude`/`extend-exclude` globs, matched like ruff: against the path relative to
    the configuration's folder, and against the file or folder name alone."""

    def __init__(self, patterns: Sequence[str], root: str):
        self.root = root
        self.patterns = [p.rstrip("/") for p in patterns if p.strip()]

    def matches(self, abspath: str) -> bool:
        name = os.path.basename(abspath)
        rel = os.path.relpath(abspath, self.root).replace(os.sep, "/")
        for pattern in self.patterns:
            if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(rel, pattern):
                return True
            if rel.startswith(pattern.rstrip("*").rstrip("/") + "/") and "*" not in pattern:
                return True
        return False

    def matches_any_parent(self, abspath: str) -> bool:
        path = abspath
        while True:
            if self.matches(path):
                return True
            parent = os.path.dirname(path)
            if parent == path or not parent.startswith(self.root):
                return False
            path = parent


class _IgnoreStack:
    """The .gitignore files that apply inside one folder, nearest last."""

    def __init__(self) -> None:
        self.cache: Dict[str, Optional[GitIgnore]] = {}

    def for_dir(self, directory: str) -> Optional[GitIgnore]:
        if directory not in self.cache:
            self.cache[directory] = GitIgnore.load(os.path.join(directory, ".gitignore"))
        return self.cache[directory]

    def ignored(self, abspath: str, is_dir: bool, top: str) -> bool:
        # Walk from the file's folder up to `top`, nearest .gitignore deciding first.
        directory = os.path.dirname(abspath)
        while True:
            ignore = self.for_dir(directory)
            if ignore is not None:
                rel = os.path.relpath(abspath, directory).replace(os.sep, "/")
                verdict = ignore.verdict(rel, is_dir)
                if verdict is not None:
                    return verdict
            if directory == top or os.path.dirname(directory) == directory:
                return False
            directory = os.path.dirname(directory)


def _is_virtualenv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def discover(paths: Iterable[str], excludes: ExcludeMatcher, respect_gitignore: bool = True,
             force_exclude: bool = False) -> Discovery:
    found = Discovery()
    seen: set = set()
    ignores = _IgnoreStack()

    def add(path: str, explicit: bool) -> None:
        if path not in seen:
            seen.add(path)
            found.files.append(DiscoveredFile(path, explicit))

    for given in paths:
        abspath = os.path.abspath(given)
        try:
            st = os.stat(abspath)
        except FileNotFoundError:
            found.errors.append(f"{given}: No such file or directory")
            continue
        except OSError as exc:
            found.errors.append(f"{given}: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(st.st_mode):
            if force_exclude and excludes.matches_any_parent(abspath):
                continue
            _walk(abspath, _repository_root(abspath), excludes,
                  ignores if respect_gitignore else None, add, found)
        elif stat.S_ISREG(st.st_mode):
            if force_exclude and excludes.matches_any_parent(abspath):
                continue
            add(abspath, True)
        else:
            found.errors.append(f"{given}: not a regular file or directory")
    return found


def _repository_root(path: str) -> str:
    """The folder whose .gitignore files apply: the enclosing git work tree, else `path`."""
    directory = path
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return path
        directory = parent


def _walk(top: str, ignore_top: str, excludes: ExcludeMatcher, ignores: Optional[_IgnoreStack], add, found: Discovery) -> None:
    stack = [top]
    visited: set = set()
    while stack:
        directory = stack.pop()
        try:
            real = os.path.realpath(directory)
            if real in visited:
                continue
            visited.add(real)
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.errors.append(f"{directory}: {exc.strerror or exc}")
            continue
        subdirs: List[str] = []
        for entry in entries:
            path = entry.path
            try:
                # Directory symlinks are not followed (no loops, no escaping the tree).
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if excludes.matches(path) or _is_virtualenv(path):
                    continue
                if ignores is not None and ignores.ignored(path, True, ignore_top):
                    continue
                subdirs.append(path)
            elif is_file and entry.name.endswith(PYTHON_SUFFIXES):
                if excludes.matches(path):
                    continue
                if ignores is not None and ignores.ignored(path, False, ignore_top):
                    continue
                add(path, False)
        stack.extend(reversed(subdirs))

"""Walking the paths a user named, with ruff's default excludes, config excludes and .gitignore."""
from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from corslint.files.gitignore import GitIgnore
from corslint.languages import SUFFIXES as LANGUAGE_SUFFIXES

PYTHON_SUFFIXES = (".py", ".pyi")
# languages hook: Go and Rust files are walked too (corslint.languages analyses them).
SOURCE_SUFFIXES = PYTHON_SUFFIXES + tuple(LANGUAGE_SUFFIXES)

# ruff's default `exclude`, plus corslint's own cache.
DEFAULT_EXCLUDES = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
    ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build",
    "dist", "node_modules", "site-packages", "venv", ".corslint_cache",
)


_SKIPPED_FOLDER_MARKERS = frozenset({"pyvenv.cfg", "CACHEDIR.TAG", "modules.txt"})


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
    the configuration's folder, and against the file or folder name alone.

    The globs are compiled into one regex (``fnmatch.translate``), because matching them
    one by one with ``fnmatchcase`` for every file and folder of a large tree cost more
    than walking it."""

    def __init__(self, patterns: Sequence[str], root: str):
        self.root = root
        self.patterns = [p.rstrip("/") for p in patterns if p.strip()]
        self._regex = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in self.patterns)) \
            if self.patterns else None
        # A pattern without "*" also excludes everything below the folder it names.
        self._prefixes = tuple(p.rstrip("/") + "/" for p in self.patterns if "*" not in p)
        self._root_prefix = root if root.endswith(os.sep) else root + os.sep
        # (folder prefix, its path relative to the root) for trees checked outside the root,
        # so that os.path.relpath runs once per tree, not once per file and folder.
        self._outside: List[Tuple[str, str]] = []

    def _relative(self, abspath: str) -> str:
        if abspath.startswith(self._root_prefix) and (
                os.sep + "." not in abspath or os.path.normpath(abspath) == abspath):
            rel = abspath[len(self._root_prefix):]
        else:
            rel = self._relative_outside(abspath)
        return rel.replace(os.sep, "/") if os.sep != "/" else rel

    def _relative_outside(self, abspath: str) -> str:
        for prefix, up in self._outside:
            if abspath.startswith(prefix) and os.path.normpath(abspath) == abspath:
                return up + abspath[len(prefix):]
        rel = os.path.relpath(abspath, self.root)
        try:
            common = os.path.commonpath([abspath, self.root])
        except ValueError:  # another drive on Windows
            return rel
        if common and os.path.normpath(abspath) == abspath:
            # The first folder off the root's path: every path below it shares that common
            # part with the root, so its relative path is this folder's, then the rest.
            common_prefix = common if common.endswith(os.sep) else common + os.sep
            head, sep, _rest = abspath[len(common_prefix):].partition(os.sep)
            if sep:
                folder = common_prefix + head
                self._outside.append((folder + os.sep, os.path.relpath(folder, self.root) + os.sep))
        return rel

    def matches(self, abspath: str) -> bool:
        if self._regex is None:
            return False
        rel = self._relative(abspath)
        if self._regex.match(os.path.basename(abspath)) or self._regex.match(rel):
            return True
        return bool(self._prefixes) and rel.startswith(self._prefixes)

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
        # folder -> the (folder, GitIgnore) pairs that apply in it, nearest first.
        self._chains: Dict[Tuple[str, str], List[Tuple[str, GitIgnore]]] = {}

    def for_dir(self, directory: str) -> Optional[GitIgnore]:
        if directory not in self.cache:
            self.cache[directory] = GitIgnore.load(os.path.join(directory, ".gitignore"))
        return self.cache[directory]

    def _chain(self, directory: str, top: str) -> List[Tuple[str, GitIgnore]]:
        key = (directory, top)
        chain = self._chains.get(key)
        if chain is None:
            ignore = self.for_dir(directory)
            chain = [(directory, ignore)] if ignore is not None else []
            parent = os.path.dirname(directory)
            if directory != top and parent != directory:
                chain = chain + self._chain(parent, top)
            self._chains[key] = chain
        return chain

    def ignored(self, abspath: str, is_dir: bool, top: str) -> bool:
        # From the file's folder up to `top`, the nearest .gitignore deciding first.
        for directory, ignore in self._chain(os.path.dirname(abspath), top):
            rel = os.path.relpath(abspath, directory).replace(os.sep, "/")
            verdict = ignore.verdict(rel, is_dir)
            if verdict is not None:
                return verdict
        return False


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
            _walk(abspath, repository_root(abspath), excludes,
                  ignores if respect_gitignore else None, add, found)
        elif stat.S_ISREG(st.st_mode):
            if force_exclude and excludes.matches_any_parent(abspath):
                continue
            add(abspath, True)
        else:
            found.errors.append(f"{given}: not a regular file or directory")
    return found


def repository_root(start: Optional[str] = None) -> str:
    """The enclosing git work tree, else the start folder (the current one when not given):
    where .gitignore files apply, and where CI tools expect reported paths to start."""
    start = os.path.abspath(start or os.getcwd())
    directory = start
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return start
        directory = parent


def _walk(top: str, ignore_top: str, excludes: ExcludeMatcher, ignores: Optional[_IgnoreStack], add, found: Discovery) -> None:
    # Directory symlinks are not followed, so the walk cannot loop and needs no realpath()
    # per folder (which cost a dozen lstat calls per folder on a large tree).
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.errors.append(f"{directory}: {exc.strerror or exc}")
            continue
        # A virtualenv (a folder holding pyvenv.cfg) is skipped, except the folder named; so
        # are a tagged cache folder (CACHEDIR.TAG: Cargo's target/) and Go's vendored
        # dependencies (vendor/ with modules.txt): other people's code, or generated.
        if directory != top and any(entry.name in _SKIPPED_FOLDER_MARKERS for entry in entries):
            if any(entry.name != "modules.txt" for entry in entries if entry.name in _SKIPPED_FOLDER_MARKERS) \
                    or os.path.basename(directory) == "vendor":
                continue
        subdirs: List[str] = []
        for entry in entries:
            path = entry.path
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if excludes.matches(path):
                    continue
                if ignores is not None and ignores.ignored(path, True, ignore_top):
                    continue
                subdirs.append(path)
            elif is_file and entry.name.endswith(SOURCE_SUFFIXES):
                if excludes.matches(path):
                    continue
                if ignores is not None and ignores.ignored(path, False, ignore_top):
                    continue
                add(path, False)
        stack.extend(reversed(subdirs))

"""The result cache: what the per-file pass found in a candidate file, replayed when
nothing it depends on has changed.

What a cached result is keyed by, and why it is never stale:

* **The run** (one cache file per run key): the corslint version and a fingerprint of
  corslint's own source files (so an editable install that changed is not served old
  results), the libcst release, the Python version, the selected rules, the per-file
  ignores, the configuration root, the project roots (they decide how imports resolve)
  and the current folder (findings carry paths relative to it). Anything else that
  changes results must be added to :func:`run_key`.
* **The file**: a hash of its bytes (never its mtime), its display path and its
  dotted module name (which depends on the ``__init__.py`` files above it).
* **What its analysis read**: a file's result can depend on other modules (a value
  imported from ``config.py``, a settings star-import). While a file is analysed, every
  module the project hands out (a recorded read: ``Project.load`` or
  ``Project.find_module``, parsed then or before) is recorded with the hash of the bytes
  that were parsed, and every path the import resolution looked for and did not find is
  recorded as "absent". A cached result is replayed only when every recorded module
  still has the same hash and every absent path is still absent.

Only complete, clean analyses are stored: a file whose analysis reported an internal
error (a line in ``RunResult.errors``) is analysed again next time, never replayed as
clean. Results hold plain data only (policies and findings, see ``corslint.policy``);
an analysis that kept anything else (a CST node) is not stored. The file is JSON with
a whitelist of corslint dataclasses, so a tampered cache cannot run code.

The cache lives in ``.corslint_cache/`` in the configuration root (the current folder
without a configuration), with a ``CACHEDIR.TAG`` and a ``.gitignore`` of ``*``.
"""
from __future__ import annotations

import json
import os
import sys

CACHE_DIR_NAME = ".corslint_cache"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by corslint.\n"
                "# For information about cache directory tags see https://bford.info/cachedir/\n")
FORMAT = 1

from corslint.files.hashing import content_hash  # noqa: F401 - the cache's hash, used here and by callers
from corslint.run.model import ANALYSIS_STOPPED


class NotPlainData(Exception):
    """A result holds something that is not plain data; it is neither cached nor sent
    between processes."""


# ---------------------------------------------------------------- the codec
def encode(obj):
    """Plain data to JSON-able values: tuples, sets, bytes and corslint dataclasses are tagged."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, list):
        return [encode(v) for v in obj]
    if isinstance(obj, tuple):
        return {"t": [encode(v) for v in obj]}
    if isinstance(obj, dict):
        if all(isinstance(k, str) for k in obj):
            return {"d": {k: encode(v) for k, v in obj.items()}}
        return {"D": [[encode(k), encode(v)] for k, v in obj.items()]}
    if isinstance(obj, (set, frozenset)):
        return {"s" if isinstance(obj, set) else "f": [encode(v) for v in obj]}
    if isinstance(obj, bytes):
        return {"b": obj.decode("latin-1")}
    plain = getattr(obj, "plain", None)
    if plain is not None:  # a span placed on demand (corslint.parsing.parse.DeferredSpan)
        obj = plain()
    cls = type(obj)
    fields = getattr(cls, "__dataclass_fields__", None)
    if fields is not None and cls.__module__.startswith("corslint."):
        return {"c": f"{cls.__module__}:{cls.__qualname__}",
                "v": {name: encode(getattr(obj, name)) for name in fields}}
    raise NotPlainData(f"{cls.__module__}.{cls.__qualname__}")


def decode(obj):
    if not isinstance(obj, (list, dict)):
        return obj
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    if "t" in obj:
        return tuple(decode(v) for v in obj["t"])
    if "d" in obj:
        return {k: decode(v) for k, v in obj["d"].items()}
    if "D" in obj:
        return {decode(k): decode(v) for k, v in obj["D"]}
    if "s" in obj:
        return {decode(v) for v in obj["s"]}
    if "f" in obj:
        return frozenset(decode(v) for v in obj["f"])
    if "b" in obj:
        return obj["b"].encode("latin-1")
    if "c" in obj:
        cls = _dataclass(obj["c"])
        instance = cls.__new__(cls)
        for name, value in obj["v"].items():
            object.__setattr__(instance, name, decode(value))
        return instance
    raise ValueError("not a cache value")


_classes: dict = {}


def _dataclass(name: str):
    """Only dataclasses defined in corslint's own modules are ever built from a cache."""
    cls = _classes.get(name)
    if cls is None:
        module_name, _, qualname = name.partition(":")
        if not module_name.startswith("corslint."):
            raise ValueError(f"not a corslint class: {name}")
        import importlib

        cls = importlib.import_module(module_name)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        if not isinstance(cls, type) or not hasattr(cls, "__dataclass_fields__"):
            raise ValueError(f"not a dataclass: {name}")
        _classes[name] = cls
    return cls


# ---------------------------------------------------------------- keys
def _source_fingerprint(package_dir: str, suffixes=(".py",), top_only: bool = False) -> list:
    found = []
    for directory, subdirs, files in os.walk(package_dir):
        subdirs[:] = [] if top_only else sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(suffixes):
                st = os.stat(os.path.join(directory, name))
                found.append([os.path.relpath(os.path.join(directory, name), package_dir), st.st_size,
                              st.st_mtime_ns])
    return found


def run_key(options) -> str:
    """Everything outside the checked files that can change a result; see the module doc."""
    import corslint

    package_dir = os.path.dirname(os.path.abspath(corslint.__file__))
    libcst_files: list = []
    try:
        from importlib.util import find_spec

        spec = find_spec("libcst")  # finds, does not import
        if spec is not None and spec.origin:
            libcst_dir = os.path.dirname(spec.origin)
            libcst_files = _source_fingerprint(libcst_dir, (".py", ".so", ".pyd"), top_only=True) + \
                _source_fingerprint(os.path.join(libcst_dir, "_parser"), (".py", ".so", ".pyd"), top_only=True)
    except (ImportError, OSError, ValueError):  # pragma: no cover
        pass
    material = {
        "format": FORMAT,
        "version": corslint.__version__,
        "corslint": _source_fingerprint(package_dir),
        "libcst": libcst_files,
        "python": list(sys.version_info[:3]),
        "selected": sorted(options.selected),
        "per_file_ignores": sorted([k, sorted(v)] for k, v in options.per_file_ignores.items()),
        "config_root": os.path.abspath(options.config_root),
        "project_roots": [os.path.abspath(r) for r in options.project_roots],
        "cwd": os.getcwd(),
    }
    return content_hash(json.dumps(material, sort_keys=True).encode("utf-8"))


def default_cache_dir(config_root: str) -> str:
    return os.path.join(config_root, CACHE_DIR_NAME)


# ---------------------------------------------------------------- dependency tracking
class DependencyLog:
    """What a project read (path -> content hash) and did not find (path -> None)."""

    def __init__(self, project) -> None:
        self.hashes: dict = {}
        self.absent: set = set()
        self.window_absent: set = set()
        self.project = project
        project.watch = self._watch

    def _watch(self, path: str, data) -> None:
        if data is None:
            self.absent.add(path)
            self.window_absent.add(path)
        else:
            self.hashes[path] = content_hash(data)

    def begin(self, abspath, data: bytes) -> None:
        self.project.start_recording()
        self.window_absent = set()
        if abspath:
            self.hashes[abspath] = content_hash(data)
            self.project.record(abspath)

    def end(self):
        """The dependencies of the analysis since ``begin``, or None when they cannot be named."""
        deps = {}
        for path in self.project.recorded_reads():
            if path in self.hashes:
                deps[path] = self.hashes[path]
            elif path in self.absent or not self.project.has_entry(path):
                deps[path] = None
            else:  # loaded without our watch seeing its bytes: cannot vouch for it
                return None
        # Every path the import resolution looked for and did not find must stay absent
        # (``Project.find_module`` is not memoised, so this analysis's own lookups are all
        # in the window).
        for path in self.window_absent:
            deps.setdefault(path, None)
        return deps


# ---------------------------------------------------------------- the store
class ResultCache:
    def __init__(self, directory: str, key: str):
        self.directory = directory
        self.key = key
        self.path = os.path.join(directory, f"results-{key}.json")
        self.entries: dict = {}
        self.changed = False
        self._hash_memo: dict = {}
        stored = read_json(self.path)
        if isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("key") == key:
            entries = stored.get("entries")
            if isinstance(entries, dict):
                self.entries = {path: entry for path, entry in entries.items() if _valid_entry(entry)}

    def current_hash(self, path: str):
        if path not in self._hash_memo:
            from corslint.files.prefilter import read_bytes  # never blocks on a FIFO put there

            try:
                self._hash_memo[path] = content_hash(read_bytes(path))
            except OSError:
                self._hash_memo[path] = None
        return self._hash_memo[path]

    def has_content(self, abspath: str, data: bytes) -> bool:
        """Whether a result is stored for this file with this content (its dependencies
        are not checked: a hint, not a hit)."""
        entry = self.entries.get(abspath)
        return entry is not None and entry.get("hash") == content_hash(data)

    def lookup(self, abspath: str, display: str, data: bytes, module_name: str):
        """The stored outcome for this file, or None when anything it depends on changed."""
        entry = self.entries.get(abspath)
        if entry is None:
            return None
        digest = content_hash(data)
        self._hash_memo[abspath] = digest
        if entry.get("hash") != digest or entry.get("display") != display or entry.get("module") != module_name:
            return None
        for path, expected in entry.get("deps", {}).items():
            if expected is None:
                if os.path.exists(path):
                    return None
            elif self.current_hash(path) != expected:
                return None
        try:
            outcome = decode(entry["outcome"])
        except Exception:  # damaged: any shape at all (RecursionError for a deep one)
            return None
        return outcome if _valid_outcome(outcome) else None

    def store(self, abspath: str, display: str, data: bytes, module_name: str, deps, outcome) -> None:
        if deps is None or outcome.errors or any(fact[1] == ANALYSIS_STOPPED for fact in outcome.facts):
            self.entries.pop(abspath, None)
            self.changed = True
            return
        try:
            encoded = encode(outcome)
        except NotPlainData:
            self.entries.pop(abspath, None)
            self.changed = True
            return
        self.entries[abspath] = {"hash": content_hash(data), "display": display, "module": module_name,
                                 "deps": deps, "outcome": encoded}
        self.changed = True

    def save(self) -> None:
        if self.changed:
            write_json(self.directory, self.path, {"format": FORMAT, "key": self.key, "entries": self.entries})
            self.changed = False


# A cache file larger than this is not read (a link to /dev/zero, a runaway file): the
# largest real caches hold a few thousand entries, a few MB.
MAX_CACHE_BYTES = 256 * 1024 * 1024


def read_json(path: str):
    """A cache file's content, or None when it is missing, not a regular file, too large,
    or not JSON that Python can read (whatever was written there: the cache is ours to
    discard and rebuild, never a reason to fail a run)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_CACHE_BYTES + 1)
        if len(data) > MAX_CACHE_BYTES:
            return None
        return json.loads(data)
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        os.close(fd)


def _valid_entry(entry) -> bool:
    """The shape ``store`` writes: anything else is dropped on load."""
    if not isinstance(entry, dict) or not isinstance(entry.get("hash"), str):
        return False
    if not isinstance(entry.get("display"), str) or not isinstance(entry.get("module"), (str, type(None))):
        return False
    deps = entry.get("deps")
    if not isinstance(deps, dict) or not all(isinstance(v, (str, type(None))) for v in deps.values()):
        return False
    return "outcome" in entry


def _valid_outcome(outcome) -> bool:
    """A decoded outcome with the types the replay relies on."""
    from corslint.diagnostics import Finding
    from corslint.policy import Span

    if type(outcome).__name__ != "FileOutcome":  # run.analyser's (a layer above: by name)
        return False
    if not isinstance(outcome.findings, list) or not all(
            isinstance(f, Finding) and isinstance(f.span, Span) and isinstance(f.code, str)
            and isinstance(f.message, str) and isinstance(f.span.path, str) for f in outcome.findings):
        return False
    if not isinstance(outcome.facts, list) or not all(_valid_fact(f) for f in outcome.facts):
        return False
    if not isinstance(outcome.errors, list) or not all(isinstance(e, str) for e in outcome.errors):
        return False
    if not isinstance(outcome.parsed, int) or not isinstance(outcome.policy_count, int):
        return False
    return isinstance(outcome.texts, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in outcome.texts.items())


def _valid_fact(fact) -> bool:
    """(ProjectFacts attribute, key, item) as ``parallel.capture`` records them."""
    from corslint.policy import CorsPolicy

    if not isinstance(fact, tuple) or len(fact) != 3:
        return False
    name, key, item = fact
    if name == "policies":
        return key is None and isinstance(item, CorsPolicy)
    return name == "facts" and isinstance(key, str)


def write_json(directory: str, path: str, payload: dict) -> None:
    """Write a cache file atomically (a temporary file, then a rename); a cache that
    cannot be written only costs time next run."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        ensure_cache_dir(directory)
        with open(temporary, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException as exc:  # an interrupt too: never leave the temporary file behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise


def ensure_cache_dir(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    tag = os.path.join(directory, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        with open(tag, "w", encoding="utf-8") as fh:
            fh.write(CACHEDIR_TAG)
    ignore = os.path.join(directory, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as fh:
            fh.write("# Automatically created by corslint.\n*\n")


# ---------------------------------------------------------------- the stat index
# A file whose inode was last changed less than this long before the run started is not
# remembered: its timestamps may not yet tell a later change apart (the "racy clean"
# problem git solves the same way; file systems keep timestamps at a granularity of up
# to 2 s on FAT, 1 jiffy on ext4 without fine-grained timestamps).
RACY_NS = 3 * 10**9


def stat_signature(st) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


class StatIndex:
    """Which files were, at their last reading, *plain*: decodable, with no CORS marker,
    no star import and no custom response-header name, so that the per-file pass did
    nothing with them beyond reading them. On a warm run a plain file whose stat is
    unchanged is not read again.

    Why an unchanged stat means unchanged content: the signature is (size, mtime_ns,
    ctime_ns, inode, device). Any write to a file sets its ctime to the current time, and
    no user-level tool can set ctime back (``os.utime``/``touch -d`` set mtime and atime
    and themselves bump ctime); replacing a file (an editor's save by rename, a ``git
    checkout``) gives it another inode or, failing that, a new ctime. A file changed
    within ``RACY_NS`` of the run is never remembered, so a change in the same clock
    tick as our reading is seen next time. This is only a shortcut for the *plain*
    verdict, which is a function of the content alone; results (``ResultCache``) stay
    keyed by the content hash. A star-importing file is never plain: its verdict depends
    on other files (``files/inherit.py``).
    """

    def __init__(self, directory: str) -> None:
        import corslint

        package_dir = os.path.dirname(os.path.abspath(corslint.__file__))
        key = content_hash(json.dumps([FORMAT, corslint.__version__, list(sys.version_info[:2]),
                                       _source_fingerprint(package_dir)]).encode("utf-8"))
        self.directory = directory
        self.path = os.path.join(directory, f"files-{key}.json")
        self.key = key
        self.plain: dict = {}
        self.changed = False
        import time

        self.started_ns = time.time_ns()
        stored = read_json(self.path)
        if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("plain"), dict):
            self.plain = {path: signature for path, signature in stored["plain"].items()
                          if isinstance(signature, list)}

    def unchanged_plain(self, abspath: str) -> bool:
        """Whether the file was plain when last read and its stat has not changed since."""
        known = self.plain.get(abspath)
        if known is None:
            return False
        try:
            return stat_signature(os.stat(abspath)) == known
        except OSError:
            return False

    def record(self, abspath: str, st, plain: bool) -> None:
        if plain and max(st.st_mtime_ns, st.st_ctime_ns) < self.started_ns - RACY_NS:
            signature = stat_signature(st)
            if self.plain.get(abspath) != signature:
                self.plain[abspath] = signature
                self.changed = True
        elif abspath in self.plain:
            del self.plain[abspath]
            self.changed = True

    def save(self) -> None:
        if self.changed:
            write_json(self.directory, self.path, {"format": FORMAT, "key": self.key, "plain": self.plain})
            self.changed = False

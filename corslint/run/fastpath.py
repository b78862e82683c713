"""The start-up fast path: ``corslint check FILE...`` when no file can hold CORS configuration.

The pre-commit and editor case checks one or a few files, and almost always files that
never mention CORS. For those the full command line (argparse, the configuration
dataclasses, the engine, the rule catalog) costs several times the interpreter's own
start-up, only to find that the byte prefilter rejects every file. This path decides
that case with ``os``, the byte prefilter and the decoder alone, and answers "clean"
(exit 0, no output) only when the full path provably would too:

* every argument is a plain path to a regular file, or a flag from a short list that
  cannot change the result of a run without candidates (anything else, an unknown or
  abbreviated flag included, goes to the full path, which reports errors properly);
* every file decodes (else COR002 is due) and fails the byte prefilter, star imports
  included (a settings module may inherit CORS settings), so the engine would parse
  nothing, build no project and run no rule; a file that excludes would skip is
  skipped without output too, so ``--force-exclude`` cannot change the answer;
* no ``pyproject.toml`` with ``[tool.corslint]`` applies (its output format or its
  errors would matter), unless ``--isolated``;
* the output format writes nothing for no findings (not json, sarif, gitlab, junit).

Whenever any of this does not hold it returns None and the full path runs from scratch.
"""
from __future__ import annotations

import os
import stat

# Flags that change nothing when no file is a candidate.
_PLAIN_FLAGS = frozenset(("-q", "--quiet", "--no-cache", "--exit-zero", "-v", "--verbose", "--force-exclude",
                          "--no-respect-gitignore", "--isolated"))
# Output formats that print nothing for no findings (json prints "[]", sarif a document).
_SILENT_FORMATS = frozenset(("concise", "full", "json-lines", "github", "pylint"))


def try_fast_check(argv) -> "int | None":
    """The exit code of ``corslint check`` for a run the full path would find clean, or None."""
    if not argv or argv[0] != "check":
        return None
    paths = []
    isolated = False
    index = 1
    while index < len(argv):
        arg = argv[index]
        if arg in _PLAIN_FLAGS:
            isolated = isolated or arg == "--isolated"
        elif arg == "--output-format" and index + 1 < len(argv) and argv[index + 1] in _SILENT_FORMATS:
            index += 1
        elif arg.startswith("--output-format=") and arg.partition("=")[2] in _SILENT_FORMATS:
            pass
        elif arg.startswith("-") or not arg:
            return None
        else:
            paths.append(arg)
        index += 1
    if not paths:
        return None  # the current folder: a walk, with excludes and .gitignore

    from corslint.files.decode import DecodeError, decode_source
    from corslint.files.prefilter import may_configure_cors, may_inherit_settings, read_bytes

    for path in paths:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return None
            data = read_bytes(path)
        except (OSError, ValueError):
            return None
        if may_configure_cors(data) or may_inherit_settings(data):
            return None
        try:
            decode_source(data)
        except DecodeError:
            return None
    if not isolated:
        from corslint.config_search import find_config

        # Where the full path starts looking (cli._common_folder, for paths without "-").
        try:
            start = os.path.commonpath([os.path.abspath(p) for p in paths])
        except ValueError:
            start = os.getcwd()
        if not os.path.isdir(start):
            start = os.path.dirname(start)
        if find_config(start) is not None:
            return None
    return 0

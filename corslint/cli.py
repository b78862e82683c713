"""The command line: `corslint check` and `corslint rule`, with ruff's flag names.

Exit codes: 0 no findings, 1 findings, 2 usage error, missing path, bad configuration
or internal error. Errors are one line on stderr; `--verbose` adds the traceback.
"""
from __future__ import annotations

import os
import sys

from corslint import __version__

# Start-up time matters (the one-file pre-commit case): argparse and typing are imported
# only when needed, and `corslint check FILE` on clean files takes corslint.run.fastpath.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Dict, List, Optional, Sequence

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


_parser_class = None


def _Parser(*args, **kwargs):
    """An ArgumentParser whose errors exit 2 with one line, like every other usage error
    (the class is made on first use, so that importing this module does not import argparse)."""
    global _parser_class
    if _parser_class is None:
        import argparse

        class _CorslintParser(argparse.ArgumentParser):
            def error(self, message: str) -> None:
                raise UsageError(f"{message} (see `{self.prog} --help`)")

        _parser_class = _CorslintParser
    return _parser_class(*args, **kwargs)


def _comma_list(text: str) -> List[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="corslint", description="Find and fix CORS misconfigurations in Python web projects.")
    parser.add_argument("--version", action="version", version=f"corslint {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=type(parser))

    check = commands.add_parser("check", help="check files or folders (default: the current folder)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check; - reads stdin")
    check.add_argument("--select", type=_comma_list, help="rules to enable (codes, prefixes, names, ALL)")
    check.add_argument("--ignore", type=_comma_list, default=None, help="rules to disable")
    check.add_argument("--extend-select", type=_comma_list, default=None, help="rules to enable in addition")
    check.add_argument("--per-file-ignores", action="append", default=[], metavar="GLOB:CODES",
                       help="ignore rules in matching files, e.g. 'tests/*:COR101,COR104'")
    check.add_argument("--output-format", choices=None, default=None, metavar="FORMAT",
                       help="concise, full, json, json-lines, sarif, github, gitlab, junit or pylint "
                            "(default: full on a terminal, concise when piped, github in GitHub Actions)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    check.add_argument("--config", metavar="PATH",
                       help="use this configuration file (corslint.toml or pyproject.toml) instead of the nearest one")
    check.add_argument("--show-settings", action="store_true",
                       help="print the resolved settings and where each value came from, and check nothing")
    check.add_argument("--show-files", action="store_true", help="print the files that would be checked, and check nothing")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    check.add_argument("--exclude", type=_comma_list, default=None, help="replace the exclude patterns")
    check.add_argument("--extend-exclude", type=_comma_list, default=None, help="add exclude patterns")
    check.add_argument("--force-exclude", action="store_true",
                       help="apply excludes to files named on the command line too")
    check.add_argument("--no-respect-gitignore", action="store_true", help="check files .gitignore ignores")
    check.add_argument("--stdin-filename", "--stdin-display-name", metavar="PATH",
                       help="the path of the file read from stdin (for messages and configuration)")
    check.add_argument("--statistics", action="store_true",
                       help="print a count of findings per rule instead of the findings")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="also apply (with --fix) or offer fixes that may change behaviour")
    check.add_argument("--diff", action="store_true",
                       help="print a diff of what --fix would change and write nothing (exit 1 if there is one)")
    check.add_argument("--show-fixes", action="store_true", help="list what was fixed in each file")
    check.add_argument("--fix-only", action="store_true",
                       help="apply fixes without reporting or failing on what remains (implies --fix)")
    check.add_argument("--exit-non-zero-on-fix", action="store_true",
                       help="exit 1 when a fix changed a file, even if nothing remains")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    check.add_argument("--cache-dir", metavar="PATH",
                       help="where the result cache lives (default: .corslint_cache in the configuration root)")
    check.add_argument("--baseline", metavar="FILE",
                       help="do not report the findings recorded in this baseline file")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record every current finding in this baseline file and exit 0")
    check.add_argument("--add-noqa", action="store_true",
                       help="add `# noqa: CODE` comments for every current finding (merged with existing ones)")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the full format and --diff: auto (on a terminal, unless NO_COLOR is set "
                            "or FORCE_COLOR asks for it), always or never")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("-v", "--verbose", action="store_true", help="print tracebacks of internal errors")

    commands.add_parser("server", help="run the language server over stdio (needs `pip install \"corslint[lsp]\"`)")

    rule = commands.add_parser("rule", help="show a rule's documentation")
    rule.add_argument("selector", nargs="?", metavar="CODE|NAME")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--output-format", choices=("text", "json"), default="text",
                      help="text (default) or json")
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into what Ctrl-C raises, so that it unwinds the same way: workers
    and the regex process stopped, temporary files removed, one line, exit 2."""


def _on_sigterm(_signum, _frame) -> None:
    raise Terminated()


def _handle_sigterm() -> None:
    import signal

    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):  # not the main thread; no SIGTERM here
        pass


def entry() -> None:
    """The `corslint` command (and `python -m corslint`): ``main``, then an exit that does
    not free every object one by one. A large module's syntax trees and the caches that
    hold them take a tenth of a second to free, which nobody waits for gladly at a commit.
    Output is flushed and the exit handlers run (the regex process is stopped) first."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or a coverage tool reports as the interpreter exits
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: the ordinary exit handles it
        sys.exit(code)
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # pragma: no cover - not CPython
        sys.exit(code)
    run_exit_handlers()
    os._exit(code)


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _handle_sigterm()
    verbose = "-v" in argv or "--verbose" in argv
    if argv[:1] == ["check"]:
        from corslint.run.fastpath import try_fast_check

        try:
            code = try_fast_check(argv)
        except Exception:  # never lose a run to the shortcut: the full path decides
            code = None
        if code is not None:
            return code
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            with _FewerCollections():
                return run_check(args)
        if args.command == "rule":
            return run_rule(args)
        if args.command == "server":
            return run_server()
        build_parser().print_help(sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except Terminated:
        _error("terminated (SIGTERM)")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
    except BrokenPipeError:
        # Output piped into `head` and friends: not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if verbose:
            import traceback

            traceback.print_exc()
        _error(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback, "
               "and please report it)")
        return EXIT_ERROR


def _error(message: str) -> None:
    print(f"corslint: error: {_safe_text(message)}", file=sys.stderr)


def _safe_text(message: str) -> str:
    """One line, without control characters or undecodable bytes (a file name can hold both)."""
    from corslint.escape import one_line

    return one_line(message)


def _print_notes(args, result) -> None:
    """--verbose: where a bound of the analysis was reached (corslint.limits)."""
    if getattr(args, "verbose", False):
        for note in getattr(result, "notes", ()):
            print(f"corslint: note: {_safe_text(note)}", file=sys.stderr)  # each note says what it cost


# ---------------------------------------------------------------- check
class _FewerCollections:
    """Cyclic garbage collection less often during a check: a large module's syntax
    trees are hundreds of thousands of objects without cycles (freed by reference
    counting), and the collector's default pace (every 700 allocations) walks them over
    and over, a tenth to a fifth of a large file's time. The old thresholds come back
    afterwards (``main`` is also called in-process, by tests and tools)."""

    def __enter__(self) -> None:
        import gc

        self.saved = gc.get_threshold()
        gc.set_threshold(*COLLECTION_THRESHOLDS)

    def __exit__(self, *exc) -> None:
        import gc

        gc.set_threshold(*self.saved)


COLLECTION_THRESHOLDS = (50_000, 20, 20)


def run_check(args) -> int:
    """`corslint check`: settings, the files, one run (or the fix loop, --add-noqa, a
    baseline written), the report."""
    from corslint.run.engine import Engine

    paths = list(args.paths) or (["-"] if args.stdin_filename else ["."])
    reading_stdin = paths == ["-"]
    if "-" in paths and not reading_stdin:
        raise UsageError("`-` (stdin) cannot be combined with other paths")
    _check_combinations(args, reading_stdin)
    settings = _settings(args, paths, reading_stdin)
    if args.show_settings:
        sys.stdout.write(settings.describe())
        return EXIT_CLEAN
    errors: List[str] = list(settings.errors)
    inputs = _inputs(args, settings, paths, reading_stdin, errors)
    if args.show_files:
        from corslint.escape import one_line

        for item in sorted(inputs, key=lambda i: i.display):
            print(one_line(item.display))  # a name never drives the terminal
        for message in errors:
            _error(message)
        return EXIT_ERROR if errors else EXIT_CLEAN
    # COR004 judges unused suppressions only when folders are checked (see its page).
    settings.options.judge_unused_noqa = not reading_stdin and all(os.path.isdir(p) for p in paths)
    if args.fix or args.fix_only or args.diff:
        return _run_fixes(args, settings, inputs, errors, reading_stdin)

    engine = Engine(settings.options)
    progress = _progress(settings.output_format, len(inputs))
    engine.progress = progress
    try:
        result = engine.run(inputs)
    finally:
        if progress is not None:
            progress.done()
    result.unsafe_fixes = args.unsafe_fixes
    result.color = _color(args)
    errors.extend(result.errors)
    if args.write_baseline:
        return _write_baseline(args.write_baseline, result, errors, args.quiet)
    if args.add_noqa:
        return _add_noqa(result, errors, args.quiet)
    result.findings = _apply_baseline(settings, result.findings, result.sources)
    _write(_report(args, result.findings, result, settings.output_format, errors), sys.stdout)
    for message in result.notices:  # languages hook: Go/Rust files without tree-sitter
        print(f"corslint: warning: {message}", file=sys.stderr)
    for message in errors:
        _error(message)
    _print_notes(args, result)
    if not args.quiet and result.findings:
        _print_summary(result.findings, args.unsafe_fixes)
    if errors:
        return EXIT_ERROR
    from corslint.diagnostics import counted

    return EXIT_FINDINGS if counted(result.findings) and not args.exit_zero else EXIT_CLEAN


def _check_combinations(args, reading_stdin: bool) -> None:
    if args.add_noqa or args.write_baseline:
        what = "--add-noqa" if args.add_noqa else "--write-baseline"
        if args.fix or args.fix_only or args.diff or (args.add_noqa and args.write_baseline):
            raise UsageError(f"{what} cannot be combined with --fix, --diff, --fix-only, "
                             f"{'--write-baseline' if args.add_noqa else '--add-noqa'}")
        if args.add_noqa and reading_stdin:
            raise UsageError("--add-noqa edits files; it cannot be combined with stdin")
    if args.show_files and reading_stdin:
        raise UsageError("--show-files lists files on disk; it cannot be combined with stdin")


def _settings(args, paths: List[str], reading_stdin: bool):
    """The run's settings from the configuration and the flags (corslint.settings). Fails
    closed: a bad configuration or selector is one line and exit 2, and nothing is
    checked with defaults instead."""
    from corslint.config import ConfigError
    from corslint.settings import Flags, build_settings, common_folder

    flags = Flags(config_file=args.config, isolated=args.isolated, select=args.select, ignore=args.ignore,
                  extend_select=args.extend_select, per_file_ignores=args.per_file_ignores, exclude=args.exclude,
                  extend_exclude=args.extend_exclude, output_format=args.output_format, no_cache=args.no_cache,
                  cache_dir=args.cache_dir, no_respect_gitignore=args.no_respect_gitignore, baseline=args.baseline)
    start = args.stdin_filename if reading_stdin and args.stdin_filename else common_folder(paths)
    try:
        return build_settings(start, flags)
    except ConfigError as exc:
        text = str(exc)
        raise UsageError(text if text.startswith(("--", "configuration file", "unknown output format"))
                         else f"invalid configuration: {text}") from None


def _inputs(args, settings, paths: List[str], reading_stdin: bool, errors: List[str]) -> list:
    """The files to check: stdin's content, or what discovery finds under the paths."""
    from corslint.files.discover import discover
    from corslint.files.display import display_path
    from corslint.run.model import Input

    excludes = settings.excludes()
    if reading_stdin:
        data = sys.stdin.buffer.read()
        if not args.stdin_filename:
            return [Input(None, "-", data)]
        abspath = os.path.abspath(args.stdin_filename)
        if args.force_exclude and excludes.matches_any_parent(abspath):
            return []  # like a named file that the excludes cover: not checked
        return [Input(abspath, display_path(abspath), data)]
    found = discover(paths, excludes, respect_gitignore=settings.respect_gitignore, force_exclude=args.force_exclude)
    errors.extend(found.errors)
    return [Input(f.path, display_path(f.path)) for f in found.files]


def _report(args, findings, result, output_format: str, errors=()) -> str:
    """The findings in the chosen format, or --statistics' counts."""
    from corslint.output import renderer

    if args.statistics:
        return _statistics(findings, as_json=output_format in ("json", "json-lines"))
    text = renderer(output_format)(findings, result)
    if output_format == "full" and not findings and not args.quiet and not errors:
        text = "All checks passed!\n"  # as ruff says it
    return text


def _write(text: str, stream) -> None:
    if text:
        stream.write(text)
        stream.flush()


def _print_summary(findings, unsafe_fixes: bool) -> None:
    files = len({f.path for f in findings})
    count = len(findings)
    print(f"Found {count} finding{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}.",
          file=sys.stderr)
    hint = _fixable_hint(findings, unsafe_fixes)
    if hint:
        print(hint, file=sys.stderr)


def _apply_baseline(settings, findings, sources):
    """The findings a configured baseline does not hold; stale entries are a warning."""
    if not settings.baseline:
        return findings
    from corslint.baseline import BaselineError, apply_baseline, describe_stale

    try:
        kept, stale = apply_baseline(findings, sources, settings.baseline)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    message = describe_stale(stale, display_path_of(settings.baseline))
    if message:
        print(f"corslint: warning: {message}", file=sys.stderr)
    return kept


def display_path_of(path: str) -> str:
    from corslint.files.display import display_path

    return display_path(os.path.abspath(path))


def _write_baseline(path: str, result, errors: List[str], quiet: bool) -> int:
    from corslint.baseline import BaselineError, write_baseline

    try:
        count = write_baseline(path, result.findings, result.sources)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    for message in errors:
        _error(message)
    if not quiet:
        print(f"Wrote {_plural(count)} to {path}; check with `--baseline {path}` (or `baseline = \"{path}\"` "
              "in the configuration) to report only new ones.", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_CLEAN


def _add_noqa(result, errors: List[str], quiet: bool) -> int:
    """--add-noqa: write `# noqa: CODE` for every finding, keeping encoding and line endings."""
    from corslint.fixes.noqa_comments import noqa_edits
    from corslint.files.decode import DecodeError, decode_source
    from corslint.fixes.apply import apply_edits
    from corslint.fixes.write import write_atomically

    by_path: Dict[str, list] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    added = 0
    files = 0
    for path, findings in sorted(by_path.items()):
        try:
            with open(path, "rb") as fh:
                original = fh.read()
            decoded = decode_source(original)
        except (OSError, DecodeError):
            continue  # COR002 or unreadable: nothing can be placed
        edits = noqa_edits(path, decoded.text, findings)
        if not edits:
            continue
        text = apply_edits(decoded.text, edits)
        data = (b"\xef\xbb\xbf" if decoded.bom else b"") + text.encode(decoded.encoding)
        try:
            write_atomically(path, data, expected=original)
        except OSError as exc:
            errors.append(f"{path}: cannot write the file: {exc.strerror or exc}")
            continue
        added += len(edits)
        files += 1
    from corslint.languages import language_for

    foreign = sum(1 for f in result.findings if language_for(f.path))
    if foreign:
        print(f"corslint: warning: {_plural(foreign)} in Go or Rust files got no comment; add `// noqa: CODE` "
              "at the end of the line by hand", file=sys.stderr)
    for message in errors:
        _error(message)
    if not quiet:
        print(f"Added {added} noqa directive{'s' if added != 1 else ''} in {files} file{'s' if files != 1 else ''}."
              if added else "No noqa directives to add.", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_CLEAN


def _plural(count: int, word: str = "finding") -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _fixable_hint(findings, unsafe_fixes: bool) -> str:
    """ruff's summary line: how many findings --fix would fix, and how many more need --unsafe-fixes."""
    safe = sum(1 for f in findings if f.fix is not None and f.fix.edits and f.fix.applicability == "safe")
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.edits and f.fix.applicability == "unsafe")
    if unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    hidden = f"{unsafe} hidden fix{'es' if unsafe != 1 else ''} can be enabled with the `--unsafe-fixes` option"
    if safe:
        option = "`--fix --unsafe-fixes`" if unsafe_fixes else "`--fix`"
        return f"[*] {safe} fixable with {option}" + (f" ({hidden})." if unsafe else ".")
    if unsafe:
        return f"No fixes available ({hidden})."
    return ""


def _run_fixes(args, settings, inputs, errors: List[str], reading_stdin: bool) -> int:
    """--fix, --fix-only and --diff: fix in memory, then write (atomically) or print a diff."""
    import dataclasses

    from corslint.fixes.apply import fix_files
    from corslint.run.engine import Engine
    from corslint.run.model import Input

    files, contents = _fix_contents(inputs, reading_stdin, errors)

    def run_engine(current):
        # No result cache while fixing: the overlay holds text that is on no disk yet.
        engine = Engine(dataclasses.replace(settings.options, overlay=current, cache_dir=None))
        return engine.run([Input(abspath, display, current[abspath]) for abspath, display in files.items()])

    outcome = fix_files(run_engine, files, unsafe=args.unsafe_fixes, contents=contents)
    result = outcome.result
    result.unsafe_fixes = args.unsafe_fixes
    result.color = _color(args)
    errors.extend(result.errors)
    changed = outcome.changed
    fixed, not_written = _deliver_fixes(args, changed, contents, files, reading_stdin, errors, outcome.warnings)
    remaining = result.findings
    if not (args.fix_only or args.diff):
        remaining = _apply_baseline(settings, remaining, result.sources)
        _write(_report(args, remaining, result, settings.output_format), sys.stderr if reading_stdin else sys.stdout)
    if args.show_fixes and not args.diff:
        _print_fixed(changed)
    for message in outcome.warnings + (result.notices if result is not None else []):
        print(f"corslint: warning: {_safe_text(message)}", file=sys.stderr)
    for message in errors:
        _error(message)
    _print_notes(args, result)
    if not args.quiet:
        _print_fix_summary(args, fixed, remaining)
    if errors:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if changed else EXIT_CLEAN
    if args.exit_non_zero_on_fix and changed:
        return EXIT_FINDINGS
    if args.fix_only or args.exit_zero:
        return EXIT_CLEAN
    from corslint.diagnostics import counted

    # A file left as it was (read-only, changed meanwhile) keeps its findings.
    return EXIT_FINDINGS if counted(remaining) or not_written else EXIT_CLEAN


def _fix_contents(inputs, reading_stdin: bool, errors: List[str]):
    """(abspath -> display path, abspath -> bytes) of the files to fix; unreadable ones are errors."""
    from corslint.files.prefilter import read_bytes

    if reading_stdin:
        stdin = inputs[0]
        abspath = stdin.abspath or os.path.abspath("-")
        return {abspath: stdin.display}, {abspath: stdin.data}
    files = {item.abspath: item.display for item in inputs}
    contents = {}
    for abspath, display in list(files.items()):
        try:
            contents[abspath] = read_bytes(abspath)  # never blocks on a FIFO
        except OSError as exc:
            errors.append(f"{display}: cannot read the file: {exc.strerror or exc}")
            del files[abspath]
    return files, contents


def _deliver_fixes(args, changed, contents, files, reading_stdin: bool, errors: List[str], warnings: List[str]):
    """Print the diff, write stdin's fixed text, or write the files; (how many fixes
    landed, how many files were left as they were)."""
    from corslint.fixes.write import ChangedMeanwhile, ReadOnly, write_atomically

    fixed = sum(len(f.applied) for f in changed)
    not_written = 0
    if args.diff:
        from corslint.output.style import Style

        style = Style(_color(args))
        for file_fix in sorted(changed, key=lambda f: f.display):
            sys.stdout.write(_unified_diff(file_fix, style))
        sys.stdout.flush()
    elif reading_stdin:
        sys.stdout.buffer.write(changed[0].fixed if changed else contents[next(iter(files))])
        sys.stdout.flush()
    else:
        for file_fix in changed:
            try:
                write_atomically(file_fix.abspath, file_fix.fixed, expected=file_fix.original)
            except (ReadOnly, ChangedMeanwhile) as exc:
                # Not an I/O failure: the file stays as the user has it, with its findings.
                count = len(file_fix.applied)
                warnings.append(f"{file_fix.display}: {exc.strerror}; {count} fix{'es' if count != 1 else ''} "
                                "not applied")
                fixed -= count
                not_written += 1
            except OSError as exc:
                errors.append(f"{file_fix.display}: cannot write the fixed file: {exc.strerror or exc}")
                fixed -= len(file_fix.applied)
    return fixed, not_written


def _print_fix_summary(args, fixed: int, remaining) -> None:
    if args.diff:
        print(f"Would fix {_plural(fixed)}." if fixed else "No fixes to apply.", file=sys.stderr)
    elif args.fix_only:
        print(f"Fixed {_plural(fixed)}." if fixed else "No findings fixed.", file=sys.stderr)
    elif fixed or remaining:
        print(f"Found {_plural(fixed + len(remaining))} ({fixed} fixed, {len(remaining)} remaining).",
              file=sys.stderr)
        hint = _fixable_hint(remaining, False) if not args.unsafe_fixes else ""
        if hint.startswith("No fixes available"):
            print(hint, file=sys.stderr)


def _unified_diff(file_fix, style=None) -> str:
    import difflib

    from corslint.files.decode import decode_source

    before = _lines(decode_source(file_fix.original).text)
    after = _lines(decode_source(file_fix.fixed).text)
    out = []
    from corslint.escape import quoted_path

    name = quoted_path(file_fix.display)
    for line in difflib.unified_diff(before, after, fromfile=name, tofile=name):
        if style is not None and style.enabled:
            body = line.rstrip("\r\n")
            ending = line[len(body):]
            kind = "bold" if line.startswith(("---", "+++")) else "cyan" if line.startswith("@@") else \
                "red" if line.startswith("-") else "green" if line.startswith("+") else None
            line = (style(kind, body) if kind else body) + ending
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _color(args) -> bool:
    from corslint.output.style import use_color

    return use_color(getattr(args, "color", "auto"), sys.stdout)


class _Progress:
    """`Checking 1200/5000 files` on stderr, for long runs on a terminal: shown after
    half a second, updated at most ten times a second, erased at the end."""

    DELAY, INTERVAL = 0.5, 0.1

    def __init__(self, total: int) -> None:
        import time

        self.total = total
        self.started = time.monotonic()
        self.shown_at = 0.0
        self.visible = False

    def __call__(self, done: int, stage: str = "Checking") -> None:
        import time

        now = time.monotonic()
        if now - self.started < self.DELAY or now - self.shown_at < self.INTERVAL:
            return
        self.shown_at = now
        self.visible = True
        sys.stderr.write(f"\r\x1b[K{stage} {done}/{self.total} files…")
        sys.stderr.flush()

    def done(self) -> None:
        if self.visible:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _progress(output_format: str, total: int):
    """A progress indicator, or None: only on a terminal (stderr), never in CI or for
    the machine formats, and only for runs of some size."""
    if output_format not in ("full", "concise") or total < 200 or os.environ.get("CI"):
        return None
    try:
        if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
            return None
    except (AttributeError, ValueError):
        return None
    return _Progress(total)


def _lines(text: str) -> List[str]:
    import re

    return [m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


def _print_fixed(changed) -> None:
    """--show-fixes: what was fixed, per file (ruff's layout)."""
    total = sum(len(f.applied) for f in changed)
    if not total:
        return
    lines = [f"Fixed {_plural(total)}:"]
    for file_fix in sorted(changed, key=lambda f: f.display):
        lines.append(f"- {file_fix.display}:")
        counts: Dict[tuple, int] = {}
        for key in file_fix.applied:
            counts[key] = counts.get(key, 0) + 1
        for (code, name), number in sorted(counts.items()):
            lines.append(f"    {number} × {code} ({name})")
    print("\n".join(lines), file=sys.stderr)


def _statistics(findings, as_json: bool = False) -> str:
    """A count per rule, most frequent first (ruff's --statistics); `[*]` marks safe fixes."""
    import json

    counts: Dict[str, dict] = {}
    for finding in findings:
        entry = counts.setdefault(finding.code, {"code": finding.code, "name": finding.name, "count": 0,
                                                 "fixable": 0})
        entry["count"] += 1
        if finding.fix is not None and finding.fix.applicability == "safe":
            entry["fixable"] += 1
    ordered = sorted(counts.values(), key=lambda e: (-e["count"], e["code"]))
    if as_json:
        return json.dumps(ordered, indent=2) + "\n"
    if not ordered:
        return ""
    width = max(len(str(e["count"])) for e in ordered)
    return "".join(f"{e['count']:>{width}}\t{e['code']}\t{'[*] ' if e['fixable'] else ''}{e['name']}\n"
                   for e in ordered)


# ---------------------------------------------------------------- server
def run_server() -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise UsageError('the language server needs pygls and lsprotocol: pip install "corslint[lsp]"') from None
    from corslint.lsp.server import main as serve

    return serve()


# ---------------------------------------------------------------- rule
def run_rule(args) -> int:
    import json

    from corslint.rules import all_rules, closest_rule, rule_for

    if args.all:
        if args.selector:
            raise UsageError("give a rule or --all, not both")
        rules = list(all_rules().values())
        if args.output_format == "json":
            print(json.dumps([_rule_dict(r) for r in rules], indent=2, ensure_ascii=False))
        else:
            width = max(len(r.name) for r in rules)
            for rule in rules:
                fix = " [fix]" if rule.fix_availability != "none" else ""
                print(f"{rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}{fix}")
        return EXIT_CLEAN
    if not args.selector:
        raise UsageError("name a rule (`corslint rule COR101` or `corslint rule wildcard-with-credentials`) "
                         "or pass --all")
    rule = rule_for(args.selector)
    if rule is None:
        close = closest_rule(args.selector)
        hint = f"did you mean `{close}`? " if close else ""
        raise UsageError(f"unknown rule `{args.selector}` ({hint}`corslint rule --all` lists them)")
    if args.output_format == "json":
        print(json.dumps(_rule_dict(rule), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(rule.documentation())
    return EXIT_CLEAN


def _rule_dict(rule) -> dict:
    return {"code": rule.code, "name": rule.name, "severity": rule.severity, "summary": rule.summary,
            "frameworks": rule.frameworks, "fix": rule.fix_availability, "security": rule.is_security_rule(),
            "url": rule.url(), "explanation": rule.documentation()}

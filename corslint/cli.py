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
    from typing import Dict, List, Optional, Sequence, Set

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
    check.add_argument("--config", metavar="PATH", help="use this pyproject.toml instead of the nearest one")
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
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("-v", "--verbose", action="store_true", help="print tracebacks of internal errors")

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
            return run_check(args)
        if args.command == "rule":
            return run_rule(args)
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
            print(f"corslint: note: {_safe_text(note)}; the value there is unknown, so it produced no finding",
                  file=sys.stderr)


# ---------------------------------------------------------------- check
def run_check(args) -> int:
    """`corslint check`: settings, the files, one run (or the fix loop), the report."""
    from corslint.run.engine import Engine

    paths = list(args.paths) or (["-"] if args.stdin_filename else ["."])
    reading_stdin = paths == ["-"]
    if "-" in paths and not reading_stdin:
        raise UsageError("`-` (stdin) cannot be combined with other paths")
    settings = _settings(args, paths, reading_stdin)
    errors: List[str] = list(settings.errors)
    inputs = _inputs(args, settings, paths, reading_stdin, errors)
    if args.fix or args.fix_only or args.diff:
        return _run_fixes(args, settings, inputs, errors, reading_stdin)

    result = Engine(settings.options).run(inputs)
    result.unsafe_fixes = args.unsafe_fixes
    errors.extend(result.errors)
    _write(_report(args, result.findings, result, settings.output_format), sys.stdout)
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


def _settings(args, paths: List[str], reading_stdin: bool):
    """The run's settings from the configuration and the flags (corslint.settings)."""
    from corslint.settings import Flags, SettingsError, build_settings

    flags = Flags(config_file=args.config, isolated=args.isolated, select=args.select, ignore=args.ignore,
                  extend_select=args.extend_select, per_file_ignores=args.per_file_ignores, exclude=args.exclude,
                  extend_exclude=args.extend_exclude, output_format=args.output_format, no_cache=args.no_cache,
                  cache_dir=args.cache_dir, no_respect_gitignore=args.no_respect_gitignore)
    start = args.stdin_filename if reading_stdin and args.stdin_filename else _common_folder(paths)
    try:
        return build_settings(start, flags, tolerant=True)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


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


def _report(args, findings, result, output_format: str) -> str:
    """The findings in the chosen format, or --statistics' counts."""
    from corslint.output import renderer

    if args.statistics:
        return _statistics(findings, as_json=output_format in ("json", "json-lines"))
    return renderer(output_format)(findings, result)


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
    errors.extend(result.errors)
    changed = outcome.changed
    fixed, not_written = _deliver_fixes(args, changed, contents, files, reading_stdin, errors, outcome.warnings)
    remaining = result.findings
    if not (args.fix_only or args.diff):
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
        for file_fix in sorted(changed, key=lambda f: f.display):
            sys.stdout.write(_unified_diff(file_fix))
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


def _unified_diff(file_fix) -> str:
    import difflib

    from corslint.files.decode import decode_source

    before = _lines(decode_source(file_fix.original).text)
    after = _lines(decode_source(file_fix.fixed).text)
    out = []
    for line in difflib.unified_diff(before, after, fromfile=file_fix.display, tofile=file_fix.display):
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


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


def _common_folder(paths: List[str]) -> str:
    absolute = [os.path.abspath(p) for p in paths if p != "-"]
    if not absolute:
        return os.getcwd()
    try:
        common = os.path.commonpath(absolute)
    except ValueError:
        return os.getcwd()
    return common if os.path.isdir(common) else os.path.dirname(common)


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


# ---------------------------------------------------------------- rule
def run_rule(args) -> int:
    import json

    from corslint.rules import all_rules, rule_for

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
        import difflib

        known = [name for r in all_rules().values() for name in (r.code, r.name)]
        close = difflib.get_close_matches(args.selector.strip(), known, n=1, cutoff=0.75) or \
            difflib.get_close_matches(args.selector.strip().upper(), known, n=1, cutoff=0.75)
        hint = f"did you mean `{close[0]}`? " if close else ""
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

"""The fix loop: apply non-overlapping fixes, re-lint, repeat until nothing changes.

Like ruff: at most ``MAX_ITERATIONS`` rounds ("failed to converge" after that), and a
file whose result no longer parses (or can no longer be encoded in its own encoding) is
reverted to what it was and reported. Work happens in memory: the engine reads the
current contents through its overlay, so a fix in ``config.py`` is seen by the findings
in ``main.py`` on the next round. Nothing is written here (see ``write.py``).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from corslint.diagnostics import Edit, Finding
from corslint.files.decode import DecodeError, decode_source
from corslint.fixes.text import LineIndex

MAX_ITERATIONS = 100


@dataclass
class FileFix:
    """What the fix loop did to one file."""

    abspath: str
    display: str
    original: bytes
    fixed: bytes
    applied: List[Tuple[str, str]] = field(default_factory=list)  # (code, name) per fix applied
    error: Optional[str] = None
    # Each round that changed the file: (text before the round, edits applied), for review.
    rounds: List[Tuple[str, Tuple[Edit, ...]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


@dataclass
class FixRun:
    files: Dict[str, FileFix]  # abspath -> outcome, for every file a fix touched or tried to
    result: object  # the engine's RunResult for the final contents (what remains)
    warnings: List[str] = field(default_factory=list)

    @property
    def changed(self) -> List[FileFix]:
        return [f for f in self.files.values() if f.changed]

    @property
    def fixed_count(self) -> int:
        return sum(len(f.applied) for f in self.files.values() if f.changed)


def applicable(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    if fix is None or not fix.edits:
        return False
    return fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe")


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (positions as libcst counts them) to one text."""
    index = LineIndex(text)
    ranges = sorted(((index.offset(e.start_line, e.start_col), index.offset(e.end_line, e.end_col), e.content)
                     for e in edits), key=lambda r: (r[0], r[1]))
    out: List[str] = []
    cursor = 0
    for start, end, content in ranges:
        if start < cursor:
            raise ValueError("overlapping edits")
        out.append(text[cursor:start])
        out.append(content)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _overlaps(a: Tuple[int, int, int, int], b: Tuple[int, int, int, int]) -> bool:
    a_start, a_end = a[:2], a[2:]
    b_start, b_end = b[:2], b[2:]
    if a_start == a_end or b_start == b_end:  # an insertion clashes with anything at or around its point
        return a_start <= b_end and b_start <= a_end
    return a_start < b_end and b_start < a_end


def _key(edit: Edit) -> Tuple[int, int, int, int]:
    return (edit.start_line, edit.start_col, edit.end_line, edit.end_col)


def _encode(text: str, encoding: str, bom: bool) -> bytes:
    return (codecs.BOM_UTF8 if bom else b"") + text.encode(encoding)


def fix_files(run_engine: Callable[[Dict[str, bytes]], object], files: Dict[str, str], unsafe: bool = False,
              max_iterations: int = MAX_ITERATIONS, contents: Optional[Dict[str, bytes]] = None) -> FixRun:
    """Fix ``files`` (abspath -> display path) in memory.

    ``run_engine(contents)`` lints the files with ``contents`` (abspath -> bytes) standing
    in for the disk and returns the engine's RunResult.
    """
    import libcst as cst

    from corslint.languages import language_for
    from corslint.languages.source import check_syntax
    from corslint.parsing import safety

    current: Dict[str, bytes] = dict(contents or {})
    for abspath in files:
        if abspath not in current:
            with open(abspath, "rb") as fh:
                current[abspath] = fh.read()
    originals = dict(current)
    by_display = {display: abspath for abspath, display in files.items()}
    outcomes: Dict[str, FileFix] = {}
    frozen: set = set()  # files reverted after a broken fix: not touched again
    warnings: List[str] = []
    result = None
    converged = False
    for _ in range(max_iterations):
        result = run_engine(current)
        accepted: Dict[str, List[Edit]] = {}
        applied: Dict[str, List[Finding]] = {}
        for finding in sorted((f for f in result.findings if applicable(f, unsafe)),
                              key=lambda f: (f.fix.edits[0].path, _key(f.fix.edits[0]), f.code)):
            paths = {by_display.get(e.path) for e in finding.fix.edits}
            if None in paths or paths & frozen:
                continue
            targets = [(by_display[e.path], e) for e in finding.fix.edits]
            first = targets[0][0]
            if all(e in accepted.get(p, ()) for p, e in targets):
                applied.setdefault(first, []).append(finding)  # the same edits, fixed together
                continue
            if any(_overlaps(_key(e), _key(other)) for p, e in targets for other in accepted.get(p, ())):
                continue
            for p, edit in targets:
                accepted.setdefault(p, []).append(edit)
            applied.setdefault(first, []).append(finding)
        changed = False
        for abspath, edits in accepted.items():
            try:
                decoded = decode_source(current[abspath])
            except DecodeError:
                continue
            outcome = outcomes.setdefault(abspath, FileFix(abspath, files[abspath], originals[abspath],
                                                           originals[abspath]))
            new_text = apply_edits(decoded.text, edits)
            failure = None
            try:
                safety.check_text(new_text)  # never hand libcst a text that could crash it
                if language_for(abspath):  # languages hook: Go and Rust are checked with tree-sitter
                    try:
                        check_syntax(abspath, new_text)
                    except SyntaxError as exc:
                        raise cst.ParserSyntaxError(str(exc), lines=[""], raw_line=1, raw_column=0) from None
                else:
                    cst.parse_module(new_text)
                new_bytes = _encode(new_text, decoded.encoding, decoded.bom)
            except safety.Refused as exc:
                failure = f"the fixed text could not be verified: {exc}"
            except cst.ParserSyntaxError as exc:
                codes = ", ".join(sorted({f.code for f in applied.get(abspath, [])})) or "a rule"
                failure = f"a fix for {codes} introduced a syntax error ({str(exc.message).strip()})"
            except UnicodeEncodeError:
                failure = f"the fixed text cannot be written in the file's encoding ({decoded.encoding})"
            if failure is not None:
                frozen.add(abspath)
                current[abspath] = originals[abspath]
                outcome.fixed = originals[abspath]
                outcome.applied = []
                outcome.rounds = []
                outcome.error = failure
                warnings.append(f"{files[abspath]}: {failure}; the file was left unchanged")
                changed = True
                continue
            if new_bytes != current[abspath]:
                changed = True
                outcome.rounds.append((decoded.text, tuple(edits)))
                current[abspath] = new_bytes
                outcome.fixed = new_bytes
                outcome.applied.extend((f.code, f.name) for f in applied.get(abspath, []))
        if not changed:
            converged = True
            break
    if not converged:
        stuck = sorted(files[p] for p, o in outcomes.items() if o.changed)
        warnings.append(f"failed to converge after {max_iterations} iterations"
                        f"{' in ' + ', '.join(stuck) if stuck else ''}; the fixes may conflict (please report this)")
        result = run_engine(current)
    return FixRun(outcomes, result, warnings)

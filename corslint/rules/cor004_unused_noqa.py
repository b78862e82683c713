"""COR004: a `# noqa: COR...` that suppresses nothing, or names no corslint rule.

The rule needs every finding of the run before suppression, so the engine calls
:func:`unused_noqa_findings` once per file after the other rules (see Engine._filter);
the class carries the code, name and documentation like every other rule.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Set

from corslint.diagnostics import Edit, Finding, Fix
from corslint.policy import Span
from corslint.rules.base import Example, Rule

_CODE = re.compile(r"[A-Za-z]+[0-9]+")


class UnusedNoqa(Rule):
    """
    ## What it does
    Reports a `# noqa: COR...` comment that suppresses nothing (no finding of that rule
    is reported on the statement), or that names a code that is no corslint rule.
    Only corslint's own codes are judged: `# noqa: E501` and a bare `# noqa` belong to
    other tools and are left alone. A code that is not selected, or that
    `per-file-ignores` turns off for the file, is not judged either.

    Unused codes are judged only when corslint checks folders (or the flake8 plugin and
    the language server, which analyse the whole project): a finding in one module can
    be caused by a value in another, so a file checked on its own (pre-commit,
    `--stdin-filename`) cannot tell an unused suppression from one whose finding needs
    the rest of the project. Unknown codes are reported always.

    ## Why is this bad?
    A suppression outlives the finding it was written for: once the configuration is
    fixed, the comment stays and silently hides the same mistake if it comes back. A
    misspelt code (`# noqa: COR011` for COR101) suppresses nothing while looking as if
    it did.

    ## Fix safety
    The fix is safe: it removes the unused or unknown codes from the comment, and the
    comment when nothing else is left in it. Removing a suppression changes no
    behaviour of the checked program, only what corslint reports.

    ## References
    - [ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
    - [flake8: selecting and ignoring violations](https://flake8.pycqa.org/en/latest/user/violations.html)
    """

    code = "COR004"
    name = "unused-noqa"
    severity = "warning"
    summary = "A `# noqa: COR...` comment suppresses nothing or names no corslint rule"
    frameworks = "all"
    security = False
    # The examples' fixes run with this rule alone selected (tests/test_rule_examples.py),
    # and an unused code is judged only when its own rule runs too: these show misspelt
    # codes; an unused one is exercised by testdata/fastapi_stale_noqa and test_adoption.
    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: COR014 public status page
    """,
        message="`# noqa: COR014` names no corslint rule", at=(5, 58),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["*"])  # public status page
        """), Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: E501, COR014, COR104
    """,
        message="`# noqa: COR014` names no corslint rule", at=(5, 58),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: E501, COR104
        """)]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: COR104 public read-only API
    """)]


def unused_noqa_findings(path: str, text: str, used: Dict[int, Set[str]], judged: Set[str],
                         known: Iterable[str], judge_unused: bool = True) -> List[Finding]:
    """COR004 findings for one file.

    `used`: line -> codes whose findings a `# noqa` on that line suppressed; `judged`:
    the codes whose absence means something here (selected, not ignored for the file);
    `known`: every corslint code."""
    from corslint import noqa

    known = set(known)
    suppressions = noqa.scan(text)
    out: List[Finding] = []
    for line, (column, comment) in sorted(suppressions.comments.items()):
        match = noqa.NOQA_DIRECTIVE.search(comment)
        if match is None or match.group("codes") is None:
            continue  # no directive, or a bare `# noqa`: not ours to judge
        if comment.lstrip("#").strip().lower().startswith("corslint"):
            continue  # the file-wide form
        codes = [c for c in re.split(r"[\s,]+", match.group("codes").strip()) if c]
        unknown, unused = [], []
        for code in codes:
            upper = code.upper()
            if not upper.startswith("COR") or upper == UnusedNoqa.code:
                continue
            if upper not in known:
                unknown.append(code)
            elif judge_unused and upper in judged and upper not in used.get(line, set()) \
                    and not suppressions.file_suppresses(upper):
                unused.append(code)
        if not unknown and not unused:
            continue
        parts = []
        if unused:
            listed = ", ".join(unused)
            parts.append(f"`# noqa: {listed}` suppresses nothing: no {listed} finding is reported on this "
                         "statement, and the comment would hide one that comes back; remove it")
        if unknown:
            listed = ", ".join(unknown)
            parts.append(f"`# noqa: {listed}` names no corslint rule, so it suppresses nothing; correct the "
                         "code (`corslint rule --all` lists them) or remove it")
        message = "; ".join(parts) + "."
        start = column + match.start()
        span = Span(path, line, start, line, column + match.end())
        edit = _removal(path, text, line, column, comment, match, set(unknown) | set(unused), codes)
        fix = Fix("Remove the unused `noqa` codes", "safe", (edit,)) if edit is not None else None
        out.append(Finding(UnusedNoqa.code, UnusedNoqa.name, UnusedNoqa.severity, message, span, fix))
    return out


def _removal(path: str, text: str, line: int, column: int, comment: str, match, remove: Set[str],
             codes: List[str]) -> Optional[Edit]:
    """The edit that drops `remove` from the directive, and the comment if nothing is left."""
    lines = text.splitlines()
    if line > len(lines):
        return None
    line_text = lines[line - 1]
    if line_text[column:column + len(comment)] != comment:
        return None  # a comment tokenize placed elsewhere (should not happen): no fix
    kept = [c for c in codes if c not in remove]
    if kept:
        separator = "," if "," in match.group("codes") else " "
        joined = (separator + " " if separator == "," else " ").join(kept)
        codes_start = column + match.start("codes")
        return Edit(path, line, codes_start, line, column + match.end("codes"), joined)
    rest = comment[match.end():].strip()
    if match.start() == 0:
        if rest:
            # `# noqa: COR104 public probe` -> `# public probe`
            return Edit(path, line, column, line, column + len(comment), "# " + rest.lstrip("#").strip())
        start = len(line_text[:column].rstrip())
        return Edit(path, line, start, line, column + len(comment), "")
    # `# comment  # noqa: COR104`: drop the directive and the space before it
    before = comment[:match.start()].rstrip()
    start = column + len(before)
    return Edit(path, line, start, line, column + match.end(), "" if not rest else "  " + rest)

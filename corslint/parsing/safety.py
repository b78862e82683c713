"""What every file must pass before libcst sees it: a size cap and a nesting limit.

libcst's native parser recurses on the C stack: a few thousand nested brackets or unary
operators (``-`` * 200000, ``not `` * 100000) overflow it and the whole process dies
with SIGSEGV, which no ``except`` can catch. Inputs that are merely deep are slow
(quadratic): a 3,000-deep ``a[0][0]...`` chain takes over 30 s. CPython's own parser
rejects the first kind cleanly (``SyntaxError: too many nested parentheses``,
``MemoryError``/``RecursionError``) and parses the rest quickly, so every file goes
through ``ast.parse`` first, and the nesting depth of each top-level statement is
measured (iteratively). A large file is parsed in chunks of whole top-level statements
(``parsing.outline``), so that its whole tree (about 80 MB per MB of source) is never in
memory at once.

Limits, and why:

* ``MAX_NESTING = 300`` (AST depth). Measured on 16,430 real modules (the standard
  library and 195 MB of site-packages): median depth 11, 99.9th percentile 41, and only
  three files above 100, all generated polynomials in sympy (171, 230, 569; libcst
  cannot parse the 569 one at all: RecursionError after 3 s). At depth 300 libcst
  parses a chain in under 0.1 s; the slow zone (seconds) starts near 1,000.
* ``MAX_PARSE_BYTES = 4 MiB``. The largest hand-written modules in that corpus are below
  600 kB (libcst's own ``matchers/__init__.py``, 2.6 s to parse); files above 1 MiB are
  generated data (moto's 4 MB policy list). A 4 MB settings module costs about 30 s and
  1 GB of memory through libcst on the 2-core benchmark machine, within the default
  time budget of one module (``corslint.budget``, 60 s); above that the run would mostly
  wait and swap.

A file above a limit is *refused*: it gets one COR003 finding (``file-not-analysed``)
whose message says how to exclude it, the rest of the run goes on, and the exit code is
what the other files make it (issue 19: one generated file must not fail every
pre-commit run).

When CPython rejects a file with a SyntaxError, the file may still be valid Python of a
newer version than the running one (``match`` on 3.9), which libcst accepts. So libcst
still gets the file, but only after a lexical scan (strings and comments skipped) shows
its brackets, unary-operator runs and trailer chains are shallow enough to be safe.
CPython's message, which is better than libcst's ("'(' was never closed" against
"expected one of !=, %, &, ..."), is used for COR001 where it can be trusted: for
errors found by the tokenizer (the same in every version), where both parsers stop on
the same line, and on Python >= 3.12, whose grammar is the newest libcst knows.
"""
from __future__ import annotations

import contextlib
import gc
import re
import sys
from dataclasses import dataclass
from typing import Optional

from corslint import budget
from corslint.parsing.outline import Outline, read_outline

MAX_NESTING = 300
MAX_PARSE_BYTES = 4 * 1024 * 1024
# The lexical scan, for files CPython rejected: brackets (CPython stops at 200 anyway),
# runs of prefix operators, and per logical line the chain-building tokens (trailers,
# attribute dots, lambda, conditional expressions, **) that make libcst slow.
MAX_LEXICAL_BRACKETS = 200
MAX_LEXICAL_PREFIX_RUN = MAX_NESTING
MAX_LEXICAL_CHAIN = 1000

EXCLUDE_HINT = "exclude it with `extend-exclude` in [tool.corslint] or `--extend-exclude`"


class Refused(Exception):
    """A file corslint will not hand to libcst; the message says why and what to do."""


@dataclass
class CPythonVerdict:
    """CPython's SyntaxError for a file: where, what, and whether to prefer it over libcst's."""

    line: int
    column: int
    message: str
    tokenizer_level: bool


# Tokenizer errors: the same in every Python version, so never about newer syntax.
_TOKENIZER_MESSAGES = re.compile(
    r"was never closed|unterminated|unmatched|does not match|too many nested parentheses|"
    r"unexpected EOF|EOF while|unindent does not match|unexpected indent|expected an indented block|"
    r"inconsistent use of tabs|invalid character|invalid non-printable|invalid decimal literal|"
    r"too many levels of indentation", re.IGNORECASE)


def check_text(text: str, outlines: Optional[list] = None, plan=None) -> Optional[CPythonVerdict]:
    """Refuse what libcst must not parse; else CPython's SyntaxError (None when CPython accepts).

    Raises :class:`Refused` for a file above the size cap, one nested deeper than
    ``MAX_NESTING``, or one CPython cannot parse for its depth (MemoryError, RecursionError).
    ``outlines``, when given, receives CPython's outline of a text it accepts
    (``parsing.outline``: its top-level statements, never its whole tree), and the caller
    checks the depth (``check_depth``) of the statements it parses; ``plan`` (a
    ``parsing.slicing.Plan``) says what the outline records for slicing."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > MAX_PARSE_BYTES else len(text)
    if size > MAX_PARSE_BYTES:
        raise Refused(f"the file is {size / (1024 * 1024):.1f} MB, above corslint's limit of "
                      f"{MAX_PARSE_BYTES // (1024 * 1024)} MB for one module (generated data?), so it was not "
                      f"checked; {EXCLUDE_HINT}")
    try:
        with gc_paused():
            if plan is not None:
                read = read_outline(text, MAX_NESTING, plan.binds, plan.eager, with_reads=True)
            else:
                read = read_outline(text, MAX_NESTING)
    except SyntaxError as exc:
        return _verdict(exc, text)
    except (MemoryError, RecursionError):
        raise Refused(_too_deep("Python's own parser gives up on it")) from None
    except ValueError:  # NUL bytes: decoding refuses them first; let libcst say what it sees
        return None
    budget.check()
    if outlines is not None:
        outlines.append(read)  # for parsing.slicing: the caller checks the depth
        return None
    check_depth(read, read.statements)
    return None


def check_depth(outline: Outline, statements) -> None:
    """Refuse a module of ``statements`` nested deeper than ``MAX_NESTING`` (libcst's
    parser would overflow)."""
    if outline.depth(statements) > MAX_NESTING:
        raise Refused(_too_deep(f"expressions nest more than {MAX_NESTING} deep"))


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection while a parser builds hundreds of thousands of nodes:
    syntax trees hold no cycles, and the collector's passes over them cost a third of
    CPython's parse of a large module. Collection resumes as before afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _too_deep(why: str) -> str:
    return (f"the file is nested too deeply to analyse safely ({why}; real code stays below 100), so it "
            f"was not checked; {EXCLUDE_HINT}")


def _verdict(exc: SyntaxError, text: str) -> CPythonVerdict:
    message = str(exc.msg or "invalid syntax")
    line, column = exc.lineno or 1, max((exc.offset or 1) - 1, 0)
    if "unexpected EOF" in message:
        # Python 3.9 says "unexpected EOF while parsing" at the end of the file; 3.10 and
        # later name the bracket left open where it opens. Say the same on every version.
        unclosed = unclosed_bracket(text)
        if unclosed is not None:
            line, column, bracket = unclosed
            message = f"'{bracket}' was never closed"
    return CPythonVerdict(line, column, message, bool(_TOKENIZER_MESSAGES.search(message)))


def prefer_cpython_message(verdict: CPythonVerdict, libcst_line: int) -> bool:
    """Whether CPython's SyntaxError describes the file better than libcst's."""
    return verdict.tokenizer_level or verdict.line == libcst_line or sys.version_info >= (3, 12)


# ---------------------------------------------------------------- the lexical scan
_TOKEN = re.compile(r"""
    (?P<string>[rRbBuUfFtT]{0,2}(?:\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''
                                 |"(?:\\.|[^"\\\r\n])*"|'(?:\\.|[^'\\\r\n])*'))
  | (?P<comment>\#[^\r\n]*)
  | (?P<continuation>\\\r?\n|\\\r)
  | (?P<name>[^\W\d]\w*)
  | (?P<number>\d[\w.]*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<power>\*\*)
  | (?P<prefix>[-+~])
  | (?P<newline>\r\n|\r|\n)
  | (?P<dot>\.)
  | (?P<other>[^\s])
""", re.VERBOSE)
_PREFIX_WORDS = frozenset(("not", "await"))
_CHAIN_WORDS = frozenset(("lambda", "if"))


def lexically_shallow(text: str) -> bool:
    """Whether libcst can parse ``text`` without deep recursion, judged from its tokens:
    a cheap over-approximation for files CPython could not parse (so no tree to measure)."""
    depth = 0
    prefix_run = 0
    chain = 0
    previous = "newline"  # kind of the previous significant token
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("comment", "continuation"):
            continue
        word = match.group() if kind == "name" else ""
        if kind == "prefix" or word in _PREFIX_WORDS:
            prefix_run += 1
            if prefix_run > MAX_LEXICAL_PREFIX_RUN:
                return False
        else:
            prefix_run = 0
        if kind == "open":
            if previous in ("name", "close", "string"):
                chain += 1  # a call or subscript trailer
            depth += 1
            if depth > MAX_LEXICAL_BRACKETS:
                return False
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "dot" or kind == "power" or word in _CHAIN_WORDS:
            chain += 1
        elif kind == "newline" and depth == 0:
            chain = 0
        if chain > MAX_LEXICAL_CHAIN:
            return False
        if kind != "newline" or depth == 0:
            previous = kind
    return True


def unclosed_bracket(text: str):
    """(line, column, bracket) of the innermost bracket still open at the end, or None."""
    stack = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            stack.append(match.start())
        elif kind == "close" and stack:
            stack.pop()
    if not stack:
        return None
    offset = stack[-1]
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    line = 1 + text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    return line, offset - line_start, text[offset]

"""Give libcst only what a CORS configuration can depend on, for very large modules.

A generated settings module of megabytes (translations, fixtures, lookup tables around a
CORS block) costs libcst several seconds per megabyte and hundreds of megabytes of
memory, while CPython's own parser reads it in a fraction of a second. For a module
above ``SLICE_ABOVE`` characters, CPython's outline of it (``parsing.outline``, read by
the safety check chunk by chunk, never the whole tree at once; :class:`Plan` says what it
records) chooses the top-level statements to keep; the others are blanked out line by line, so
every kept node has exactly the line and column it has in the file, and the text libcst
parses has as many lines as the file.

A top-level statement is dropped only when all it can do is bind names nobody reads: an
assignment to plain names, without parentheses (so no call, no walrus), `lambda` or any
mention of CORS in its text, whose names are not settings a framework reads (anything
with CORS in it, DEBUG, MIDDLEWARE, INSTALLED_APPS, ...), not dunders, and not read by
any kept statement, transitively (names in kept statements, and identifiers in their
strings, for `getattr(module, "NAME")`). The first and the last statement are always
kept (the file's header comments and its end stay as libcst sees them), so are the
comment lines of kept statements. A module is not sliced at all when it star-imports
(the names it assigns then decide what it inherits) or reads its namespace dynamically
(`globals()`, `vars()`, `locals()`, `__dict__`, `exec`, `eval`, `setattr`, `dir()`).

What another module imports from a sliced one is not known here: ``Project.load``
parses a sliced module again in full when another module reads it. The verdict on a
sliced module is the unsliced one (``tests/test_slicing.py`` slices every fixture with
a threshold of 0 and compares all findings and fixes), and fixes are edits at positions
that are the file's own, so they apply to the original text unchanged.
"""
from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from corslint.parsing.outline import Outline, TopLevel

SLICE_ABOVE = 256 * 1024  # characters; tests set it to 0 to slice every module

# Names a framework extractor reads from settings (besides anything with CORS in it).
# tests/test_slicing.py checks that the Django extractor's core settings are all here.
SETTINGS_READ = frozenset({
    "DEBUG", "INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "ROOT_URLCONF", "WSGI_APPLICATION",
    "ASGI_APPLICATION", "ALLOWED_HOSTS", "SECRET_KEY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
})

# A module that reads its namespace dynamically, or star-imports, is not sliced. Each
# pattern starts with a literal (a fast scan); a hit inside a longer name is dismissed.
_DYNAMIC = [re.compile(pattern) for pattern in (
    r"globals\s*\(", r"vars\s*\(", r"locals\s*\(", r"exec\s*\(", r"eval\s*\(", r"setattr\s*\(", r"dir\s*\(",
    r"__dict__", r"import\s+\*")]
_LINE_END = re.compile(r"\r\n|\r|\n")
_MARKED = re.compile(r"[cC][oO][rR][sS]|\(|lambda")


@dataclass
class Slice:
    text: str  # the text libcst parses: the file with dropped statements blanked out
    kept: int  # top-level statements kept
    total: int  # top-level statements in the module
    statements: List[TopLevel]  # CPython's outline of the kept statements (their depth is checked)


class Plan:
    """What the outline of a module to slice records (``parsing.outline``): the names each
    statement only binds, and, measured while its chunk is parsed, the depth and names read
    of every statement that is kept whatever the others do (not an assignment to plain
    names, or on a line that mentions CORS, a parenthesis or ``lambda``). The others are
    measured only if the closure keeps them."""

    def __init__(self, starts: List[int], marked: Set[int]) -> None:
        self.starts = starts  # the offset of each line: 1-based line n starts at starts[n - 1]
        self.marked = marked  # lines that mention CORS, or hold a parenthesis or `lambda`

    @classmethod
    def for_text(cls, text: str) -> Optional["Plan"]:
        """The plan for slicing ``text``, or None when it must not be sliced."""
        if _dynamic(text):
            return None
        starts = _line_starts(text)
        return cls(starts, {bisect.bisect_right(starts, match.start()) for match in _MARKED.finditer(text)})

    @staticmethod
    def binds(statement: ast.stmt) -> Optional[Tuple[str, ...]]:
        return _bound_names(statement)

    def eager(self, position: int, statement: TopLevel) -> bool:
        return position == 0 or statement.binds is None or self._marked(statement.first, statement.last)

    def _marked(self, first: int, last: int) -> bool:
        marked = self.marked
        return first in marked or (last > first and not marked.isdisjoint(range(first + 1, last + 1)))


def slice_module(text: str, outline: Outline, plan: Optional[Plan]) -> Optional[Slice]:
    """The text to parse with the statements nothing CORS-related can depend on blanked
    out, or None when nothing would be dropped (or the module must not be sliced).
    ``outline`` is CPython's outline of ``text`` read with ``plan``."""
    body = outline.statements
    if len(body) < 3 or plan is None:
        return None
    starts = plan.starts
    groups = _line_groups(body)
    droppable: List[bool] = []
    assigns: Dict[str, List[int]] = {}  # name -> droppable groups that assign it
    kept_groups: List[int] = []
    for index, (first, last, statements) in enumerate(groups):
        names = None
        if 0 < index < len(groups) - 1 and not plan._marked(first, last):
            names = _group_names(statements)
        droppable.append(names is not None)
        if names is None:
            kept_groups.append(index)
        else:
            for name in names:
                assigns.setdefault(name, []).append(index)
    if not assigns:
        return None  # nothing could be dropped: no closure to compute
    keep = [not drop for drop in droppable]
    needed: Set[str] = set()
    work = kept_groups
    while work:  # in rounds: the outline measures statements chunk by chunk
        outline.measure([s for index in work for s in groups[index][2]])
        found: List[int] = []
        for index in work:
            for statement in groups[index][2]:
                for name in statement.reads:
                    if name in needed:
                        continue
                    needed.add(name)
                    for other in assigns.get(name, ()):
                        if not keep[other]:
                            keep[other] = True
                            found.append(other)
        work = found
    if all(keep):
        return None
    pieces: List[str] = []
    done = 0  # offset up to which the text is copied or replaced
    run_begin = None  # offset where the current run of dropped groups begins
    previous_end = 0  # last line of the previous group
    run_end = 0  # offset where it ends: after the last line of its last dropped group
    for index, (first, last, _) in enumerate(groups):
        if not keep[index]:
            if run_begin is None:  # the comment lines before a dropped statement go with it
                run_begin = starts[previous_end]
            run_end = starts[last]  # never the end of the text: the last group is kept
        elif run_begin is not None:  # the comments before a kept statement stay
            pieces.append(text[done:run_begin])
            pieces.append(_placeholder(text, run_begin, run_end))
            done, run_begin = run_end, None
        previous_end = last
    pieces.append(text[done:])
    statements = [statement for index, group in enumerate(groups) if keep[index] for statement in group[2]]
    return Slice("".join(pieces), sum(keep), len(groups), statements)


def _line_starts(text: str) -> List[int]:
    starts = [0]
    starts.extend(match.end() for match in _LINE_END.finditer(text))
    return starts


def _dynamic(text: str) -> bool:
    for pattern in _DYNAMIC:
        for match in pattern.finditer(text):
            start = match.start()
            if pattern.pattern.startswith("_") or start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
                return True
    return False


def _placeholder(text: str, begin: int, end: int) -> str:
    """What replaces the lines text[begin:end] (whole lines: dropped statements and the
    comments before them): one string statement spanning exactly as many lines, with the
    same line breaks, so that every later line keeps its number (blank lines would cost
    libcst three nodes each)."""
    breaks = _LINE_END.findall(text, begin, end)
    if len(breaks) == 1:
        return '""' + breaks[0]
    return '"""' + "".join(breaks[:-1]) + '"""' + breaks[-1]


def _line_groups(body: List[TopLevel]):
    """Top-level statements grouped by the lines they occupy (`a = 1; b = 2` is one group);
    a definition's group starts at its first decorator."""
    groups = []
    for statement in body:
        first, last = statement.first, statement.last
        if groups and first <= groups[-1][1]:
            previous = groups[-1]
            groups[-1] = (previous[0], max(previous[1], last), previous[2] + [statement])
        else:
            groups.append((first, last, [statement]))
    return groups


def _group_names(statements: List[TopLevel]) -> Optional[List[str]]:
    """The names a group only binds, or None when it must be kept."""
    names: List[str] = []
    for statement in statements:
        if statement.binds is None:
            return None
        names.extend(statement.binds)
    return names


def _bound_names(statement: ast.stmt) -> Optional[Tuple[str, ...]]:
    """The names a top-level statement only binds, or None when it must be kept."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets = [statement.target]
    else:
        return None
    names: List[str] = []
    for target in targets:
        if not isinstance(target, ast.Name):
            return None
        name = target.id
        if name in SETTINGS_READ or "cors" in name.lower() or name.startswith("__"):
            return None
        names.append(name)
    return tuple(names)

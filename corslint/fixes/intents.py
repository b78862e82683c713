"""What a rule asks a fix to do, in terms of the policy model's spans.

These are plain data (no libcst), so rule modules can import them cheaply. Each intent
names a span taken from a :class:`~corslint.policy.Value` or
:class:`~corslint.policy.Option` and states what must be true there (the literal's
current value, the name being renamed); :mod:`corslint.fixes.materialise` checks that
against the file before producing any edit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, List, Optional, Tuple, Type

from corslint.diagnostics import Edit, Fix
from corslint.policy import Option, Span, Value

SAFE, UNSAFE = "safe", "unsafe"


@dataclass(frozen=True)
class ReplaceLiteral:
    """Rewrite the literal at ``span`` (which must evaluate to ``old``) as ``new``.

    ``new`` is a str, int or a list of str; strings keep the literal's prefix and
    quotes, so `r'...'` stays raw and `'...'` stays single-quoted.
    """

    span: Span
    old: Any
    new: Any
    # The literal must be an element of a list / tuple / set literal (an entry of an
    # origins or methods list, not a name's value that other code may also use).
    element: bool = False


@dataclass(frozen=True)
class RemoveElement:
    """Remove the list / tuple / set element whose value is written at ``span``,
    together with its separator (and its whole line when it stands alone on it)."""

    span: Span


@dataclass(frozen=True)
class MoveElementFirst:
    """Move the list element whose value is written at ``span`` to the front of its list
    (`middleware=[Middleware(CORSMiddleware, ...), ...]`)."""

    span: Span
    # When given, the list must be the one written exactly there (Django's whole
    # MIDDLEWARE literal, not a list concatenated to it).
    container: Optional[Span] = None


@dataclass(frozen=True)
class RenameName:
    """Rename ``old`` to ``new`` where ``span`` starts: a keyword argument
    (`allow_origin=`), an assignment target (`CORS_ORIGIN_WHITELIST = ...`) or a quoted
    key (`"allow_origin": ...`, `app.config["CORS_ORIGIN"]`)."""

    span: Span
    old: str
    new: str
    # The name must occur nowhere else in the file, and be assigned where ``span`` starts
    # (`CORS_ORIGIN_WHITELIST = [...]`): no other line of the file reads or changes it.
    only_occurrence: bool = False


@dataclass(frozen=True)
class MoveStatementAfter:
    """Move the statement containing ``span`` so that it follows the statement containing
    ``anchor``; both must be in the same block, the moved one alone on its lines."""

    span: Span
    anchor: Span


@dataclass(frozen=True)
class AddKeyword:
    """Add ``keyword=<value>`` as the last argument of the call written at ``call``."""

    call: Span
    keyword: str
    value: Any
    raw: bool = False  # write a string value as a raw string (for regexes)


@dataclass(frozen=True)
class ReplaceText:
    """Replace the text at ``span`` by ``content`` verbatim (``expected``, when given,
    must be the current text)."""

    span: Span
    content: str
    expected: Optional[str] = None


@dataclass(frozen=True)
class ReplaceWithEquality:
    """Rewrite the test written at ``span`` (`x.startswith(operand)`, `x.endswith(operand)`,
    `operand in x` or `x in operand`) as `x == operand`; ``operand`` is where the operand
    is written inside the test, and stays as written (a literal or a name)."""

    span: Span
    operand: Span


@dataclass(frozen=True)
class AppendElement:
    """Add the string ``value`` as the last element of the list / tuple literal written at
    ``span``, in the style of its other elements (quotes, one per line or inline)."""

    span: Span
    value: str


@dataclass(frozen=True)
class MoveDecoratorBelow:
    """Move the decorator written at ``span`` to just below the decorator at ``anchor``
    (both of one function, each alone on its lines)."""

    span: Span
    anchor: Span


@dataclass(frozen=True)
class AddVaryOrigin:
    """Add `Vary: Origin` on the line after the statement that writes the header at ``span``,
    in the idiom of the response object written to: werkzeug's `response.vary.add("Origin")`,
    Django's `patch_vary_headers(response, ["Origin"])` (imported when needed), Starlette's
    `response.headers.append(...)`, aiohttp's `response.headers.add(...)`, Tornado's
    `self.add_header(...)`. These all keep a Vary header that is already there. The fix is
    dropped unless the module's framework and the write's form say which idiom applies,
    and when the function writes Vary anywhere else (a later assignment could replace it)."""

    span: Span


def make_fix(message: str, applicability: str, *intents) -> Fix:
    """A fix from intents; the engine turns them into edits (or drops the fix)."""
    return Fix(message, applicability, (), tuple(intents))


# -- conditions rule authors check before offering a fix ----------------------------------
def is_plain_literal(value: Optional[Value]) -> bool:
    """A value written as one literal right where its span points, not a default that only
    applies when an environment variable is unset."""
    return value is not None and value.span is not None and value.literal and not value.conditions


def written_at_option(option: Optional[Option]) -> bool:
    """True when the option's value is the expression written where the option is set
    (`allow_origins="..."`), not a name or call whose literal sits elsewhere."""
    if option is None or option.value.span is None:
        return False
    value_span = getattr(option, "value_span", None)
    return value_span is not None and value_span == option.value.span


def written_at(option: Optional[Option], value: Optional[Value]) -> bool:
    """True when ``value`` is written inside the expression that sets ``option`` (not in
    another statement, such as a named constant, that other code may also read)."""
    if option is None or value is None or value.span is None or value.via is not None:
        return False
    return contains(getattr(option, "value_span", None) or option.span, value.span)


def is_list_entry(value: Optional[Value]) -> bool:
    """A string written as a literal directly in a list (not reached through a name)."""
    return value is not None and value.kind == "str" and value.literal and value.span is not None \
        and value.via is None


def contains(outer: Optional[Span], inner: Optional[Span]) -> bool:
    if outer is None or inner is None or outer.path != inner.path:
        return False
    return (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col) and \
        (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


class NotApplicable(Exception):
    """The intent does not hold in the file as written."""


def realise_fixes(findings: Iterable, realise: Callable[[Any, Any], Iterable[Edit]],
                  failures: Tuple[Type[BaseException], ...] = ()) -> None:
    """Replace each finding's intents by exact edits (``realise(intent, finding)``), or drop
    its fix when one intent cannot be realised or two edits overlap: a fix is applied
    whole or not at all. Python's libcst realiser and the Go/Rust text realiser share it."""
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.intents:
            continue
        try:
            edits = list(fix.edits)
            for intent in fix.intents:
                edits.extend(realise(intent, finding))
            edits = _sorted_unique(edits)
            for before, after in zip(edits, edits[1:]):
                if before.path == after.path and (after.start_line, after.start_col) < (before.end_line,
                                                                                        before.end_col):
                    raise NotApplicable("the fix's edits overlap")
            finding.fix = Fix(fix.message, fix.applicability, tuple(edits))
        except (NotApplicable,) + tuple(failures):
            finding.fix = None


def _sorted_unique(edits: List[Edit]) -> List[Edit]:
    return sorted(set(edits), key=lambda e: (e.path, e.start_line, e.start_col, e.end_line, e.end_col))

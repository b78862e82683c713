"""Where an analysis bound was reached, so the result is "unknown" rather than a verdict.

Every bound in corslint (the value resolver's depth, the readings of a regex, the step
budget of the regex engine) turns what it cuts off into an unknown value, which never
produces a finding. That is safe, but silent: a configuration that needs more than the
bound loses a finding it deserves. Each bound says so here; the engine attaches the
notes to the module being analysed and ``--verbose`` prints them.
"""
from __future__ import annotations

from typing import List

# What a bound of the value resolver means for the result, said after its note.
UNKNOWN_VALUE = "; the value there is unknown, so it produced no finding"

_notes: List[str] = []

# The end of a note that changes no value (a large module parsed as a slice): printed
# without the "the value there is unknown" that every other note ends with.
SAME_VERDICT = "findings and fixes are those of the whole module"


def reached(what: str) -> None:
    """Record that a bound was reached (once per distinct message and module)."""
    if what not in _notes and len(_notes) < 50:
        _notes.append(what)


def take() -> List[str]:
    """The notes since the last call, and forget them."""
    notes = list(_notes)
    _notes.clear()
    return notes

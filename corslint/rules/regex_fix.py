"""Fixes that rewrite an origin regex literal (COR201, COR202)."""
from __future__ import annotations

from typing import Callable, Optional

from corslint.diagnostics import Fix
from corslint.fixes.intents import SAFE, ReplaceLiteral, make_fix, written_at
from corslint.origins.evidence import Evidence
from corslint.origins.matching import regex_accepts
from corslint.policy import CorsPolicy, Value
from corslint.rules.origin_wording import show_pattern


def regex_fix(policy: CorsPolicy, item: Evidence, rewrite: Callable[[str], Optional[str]],
              message: str) -> Optional[Fix]:
    """A safe fix writing ``rewrite(pattern)`` where the pattern is a literal written where the
    option is set (not a shared constant, not an environment default), and only when the
    rewritten pattern no longer accepts the evidence origin, so the fix settles the finding."""
    entry = item.entry
    if entry.kind != "str" or not entry.literal or entry.span is None or entry.conditions \
            or not written_at(item.option, entry):
        return None
    new = rewrite(entry.data)
    if new is None or new == entry.data:
        return None
    semantics = policy.semantics
    if regex_accepts(new, item.origin, semantics.regex_mode, semantics.regex_ignore_case) is not False:
        return None
    element = entry is not item.option.value
    return make_fix(message.format(new=show_pattern(Value("str", new), policy)), SAFE, ReplaceLiteral(entry.span, entry.data, new, element=element))

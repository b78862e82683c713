"""Fixes: from the intents rules attach to exact edits, applied in a re-lint loop.

A rule never sees the CST, so it cannot write exact edits for everything itself. It
attaches a :class:`~corslint.diagnostics.Fix` holding either plain
:class:`~corslint.diagnostics.Edit` objects or small declarative *intents*
(:mod:`corslint.fixes.intents`). After the rules have run, the file analyser calls
:func:`corslint.fixes.materialise.materialise_findings`, which turns intents into exact
edits using the file's own text and CST, and drops a fix whose intent does not hold in
the text (so a fix never guesses). :mod:`corslint.fixes.apply` applies fixes in a re-lint
loop, and :mod:`corslint.fixes.write` writes results atomically.

Writing a fix in a rule (any framework)::

    from corslint.fixes.intents import SAFE, RemoveElement, is_list_entry, make_fix

    fix = None
    if is_list_entry(entry):              # a literal written in the list itself
        fix = make_fix("Remove 'null'", SAFE, RemoveElement(entry.span))
    yield self.finding(span, message, fix=fix)

Intents: ``ReplaceLiteral`` (same quotes and prefix; str, int or a list of str),
``RemoveElement``, ``MoveElementFirst``, ``RenameName`` (keyword, assignment target or
quoted key), ``MoveStatementAfter``, ``AddKeyword``, ``ReplaceText``. Conditions to check
first: ``is_list_entry`` (a literal directly in a list), ``is_plain_literal`` (a literal
that is not an environment default), ``written_at_option`` (the value is the expression
written where the option is set; extractors record that in ``Option.value_span``) and
``written_at`` (the literal sits inside that expression, not in a shared constant).
"""

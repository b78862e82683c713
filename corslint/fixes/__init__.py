"""Stage 6: fixes.

A rule never sees the CST, so it cannot write exact edits for everything itself. It
attaches a :class:`~corslint.diagnostics.Fix` holding either plain
:class:`~corslint.diagnostics.Edit` objects or small declarative *intents*
(:mod:`corslint.fixes.intents`: "remove this list element", "replace this literal by
this value", "rename this option", "move this statement below that one"). After the
rules have run, :func:`corslint.fixes.materialise.materialise_findings` turns intents
into exact edits using the file's own text and CST, and drops a fix whose intent does not
hold in the text (so a fix never guesses). :mod:`corslint.fixes.apply` applies fixes in a
re-lint loop, and :mod:`corslint.fixes.write` writes results atomically.
"""

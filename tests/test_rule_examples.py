"""Each rule's examples are its specification, and they all run here: a valid example
gets no finding of the rule; an invalid one gets it, with the message (its key part)
and at the position the example pins, and the rule's fixes turn the file into the
example's ``fixed`` source (or, with no ``fixed``, the rule offers no fix there).

Then what a user runs, `corslint check --fix [--unsafe-fixes]` with every rule, on
each invalid example: the file becomes exactly ``fixed`` (left as it is by ``--fix``
alone when the fix is unsafe), or no rule offers a fix in it; nothing else changes;
the fixed findings are gone; and fixing the result again changes nothing."""
from __future__ import annotations

import dataclasses
import os
import tempfile

import pytest

from corslint.files.decode import decode_source
from corslint.fixes.apply import applicable, fix_files
from corslint.frameworks import extractors
from corslint.rules import all_rules
from corslint.run.engine import Engine, Input, Options, check_sources


def awaits_extractor(example) -> bool:
    """True when no registered extractor's markers occur in the example (e.g. a Flask-CORS
    example on a branch without the Flask-CORS extractor): it cannot fire here yet."""
    texts = [example.code, *(text for _, text in example.files)]
    data = [t if isinstance(t, bytes) else t.encode("utf-8") for t in texts]
    return not any(marker in d for module in extractors() for marker in module.MARKERS for d in data)


def run_fixes(files, selected, unsafe):
    """What `corslint check --fix [--unsafe-fixes]` does to ``files`` ([(name, text)]) with
    the rules ``selected``: (the first lint's result, the fix loop's outcome, {name: text
    after fixing})."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for name, content in files:
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(content)
            paths[path] = name
        options = Options(selected=set(selected), config_root=tmp, project_roots=[tmp])
        results = []

        def run_engine(current):
            engine = Engine(dataclasses.replace(options, overlay=current))
            results.append(engine.run([Input(a, d, current[a]) for a, d in paths.items()]))
            return results[-1]

        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            outcome = fix_files(run_engine, paths, unsafe=unsafe)
        finally:
            os.chdir(cwd)
    after = dict(files)
    for file_fix in outcome.changed:
        after[paths[file_fix.abspath]] = decode_source(file_fix.fixed).text
    return results[0], outcome, after


def fixed_by(rule, example):
    """The example's file after ``rule``'s fixes alone (unsafe ones too)."""
    files = [(example.filename, example.code), *example.files]
    return run_fixes(files, {rule.code}, unsafe=True)[2][example.filename]


def pinned_finding(rule, example, findings):
    """The finding of ``rule`` in the example's own file that its pins describe."""
    own = [f for f in findings if f.code == rule.code and f.path == (example.reported_in or example.filename)]
    for finding in own:
        at = (finding.span.start_line, finding.span.start_col + 1)
        if (example.at is None or at == tuple(example.at)) and \
                (example.message is None or example.message in finding.message):
            return finding
    return None


CASES = [(rule, kind, index, example)
         for rule in all_rules().values()
         for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
         for index, example in enumerate(examples)]


@pytest.mark.parametrize("rule,kind,index,example", CASES,
                         ids=[f"{r.code}-{k}-{i}" for r, k, i, _ in CASES])
def test_rule_example(rule, kind, index, example):
    files = [(example.filename, example.code), *example.files]
    result = check_sources(files)
    codes = [f.code for f in result.findings]
    if kind == "invalid" and rule.code not in codes and awaits_extractor(example):
        pytest.skip(f"no extractor on this branch reads this example's framework ({rule.code} {index})")
    if kind == "valid":
        assert rule.code not in codes, f"{rule.code} fired on its valid example {index}: " + \
            "; ".join(f.message for f in result.findings if f.code == rule.code)
        return
    assert rule.code in codes, f"{rule.code} did not fire on its invalid example {index}: {codes}"
    assert example.message and example.at, f"{rule.code} invalid example {index} pins no message or position"
    assert pinned_finding(rule, example, result.findings) is not None, (
        f"{rule.code} invalid example {index}: no finding at {example.at} saying {example.message!r}: " +
        "; ".join(f"{f.span.start_line}:{f.span.start_col + 1} {f.message}" for f in result.findings
                  if f.code == rule.code))
    if example.fixed is None:  # no fix may be offered: it would guess
        assert not [f.fix for f in result.findings if f.code == rule.code and f.fix is not None and f.fix.edits], \
            f"{rule.code} invalid example {index} offers a fix it does not pin"
    if not isinstance(example.source, bytes):
        assert fixed_by(rule, example) == (example.fixed_code or example.code), \
            f"{rule.code} invalid example {index}: the fix"


FIX_CASES = [(rule, index, example) for rule in all_rules().values()
             for index, example in enumerate(rule.invalid) if not isinstance(example.source, bytes)]


@pytest.mark.parametrize("rule,index,example", FIX_CASES, ids=[f"{r.code}-invalid-{i}" for r, i, _ in FIX_CASES])
def test_fixing_an_example_with_every_rule(rule, index, example):
    name = f"{rule.code} invalid example {index}"
    files = [(example.filename, example.code), *example.files]
    first, outcome, after = run_fixes(files, all_rules(), unsafe=True)
    if rule.code not in {f.code for f in first.findings} and awaits_extractor(example):
        pytest.skip(f"no extractor on this branch reads this example's framework ({name})")
    assert not outcome.warnings, outcome.warnings  # no fix reverted, the loop converged
    if example.fixed is None:  # no rule may offer a fix: it would guess
        assert not example.unsafe_fix, f"{name}: unsafe_fix without a fixed source"
        assert not [(f.code, f.path) for f in first.findings if f.fix is not None], f"{name} offers a fix"
        return  # (so --fix changes nothing)
    assert after == {**dict(files), example.filename: example.fixed_code}, f"{name}: --fix --unsafe-fixes"
    assert rule.code in {code for file_fix in outcome.changed for code, _ in file_fix.applied}, \
        f"{name}: {rule.code} itself made no fix"
    # --fix alone: the same result, or nothing changed when the fix needs --unsafe-fixes.
    safe_after = run_fixes(files, all_rules(), unsafe=False)[2]
    assert safe_after == (dict(files) if example.unsafe_fix else after), f"{name}: --fix without --unsafe-fixes"
    # The fixed findings are gone.
    fixed = {(f.path, f.code, f.message) for f in first.findings if applicable(f, unsafe=True)}
    remaining = {(f.path, f.code, f.message) for f in outcome.result.findings}
    assert not fixed & remaining, f"{name}: still reported after the fix: {sorted(fixed & remaining)}"
    # Linting the fixed files afresh offers no fix (so a second --fix changes nothing).
    again = run_fixes(list(after.items()), all_rules(), unsafe=True)[0]
    assert not [(f.code, f.path) for f in again.findings if applicable(f, unsafe=True)], \
        f"{name}: the fixed file still offers a fix"


def test_every_rule_has_examples_of_both_kinds():
    for rule in all_rules().values():
        assert rule.invalid and rule.valid, rule.code
        assert rule.summary and rule.name and rule.severity in ("error", "warning", "info"), rule.code


def test_fix_availability_is_derived_from_the_examples():
    for rule in all_rules().values():
        pinned = any(example.fixed is not None for example in rule.invalid)
        assert rule.fix_availability == ("sometimes" if pinned else "none"), rule.code

"""Each rule's examples are its specification, and they all run here: a valid example
gets no finding of the rule; an invalid one gets it, with the message (its key part)
and at the position the example pins, and the rule's fixes turn the file into the
example's ``fixed`` source (or, with no ``fixed``, the rule offers no fix there)."""
from __future__ import annotations

import dataclasses
import os
import tempfile

import pytest

from corslint.frameworks import extractors
from corslint.rules import all_rules
from corslint.run.engine import check_sources


def awaits_extractor(example) -> bool:
    """True when no registered extractor's markers occur in the example (e.g. a Flask-CORS
    example on a branch without the Flask-CORS extractor): it cannot fire here yet."""
    texts = [example.code, *(text for _, text in example.files)]
    data = [t if isinstance(t, bytes) else t.encode("utf-8") for t in texts]
    return not any(marker in d for module in extractors() for marker in module.MARKERS for d in data)


def fixed_by(rule, example):
    """The example's file after ``rule``'s fixes alone (unsafe ones too), or None when the
    rule changed nothing."""
    from corslint.files.decode import decode_source
    from corslint.fixes.apply import fix_files
    from corslint.run.engine import Engine, Input, Options

    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, content in [(example.filename, example.code), *example.files]:
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
            files[path] = name
        options = Options(selected={rule.code}, config_root=tmp, project_roots=[tmp])
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            def run_engine(current):
                engine = Engine(dataclasses.replace(options, overlay=current))
                return engine.run([Input(a, d, current[a]) for a, d in files.items()])

            outcome = fix_files(run_engine, files, unsafe=True)
        finally:
            os.chdir(cwd)
    main = os.path.join(tmp, example.filename)
    for file_fix in outcome.changed:
        if file_fix.abspath == main:
            return decode_source(file_fix.fixed).text
    return None


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
        assert fixed_by(rule, example) == example.fixed_code, f"{rule.code} invalid example {index}: the fix"


def test_every_rule_has_examples_of_both_kinds():
    for rule in all_rules().values():
        assert rule.invalid and rule.valid, rule.code
        assert rule.summary and rule.name and rule.severity in ("error", "warning", "info"), rule.code


def test_fix_availability_is_derived_from_the_examples():
    for rule in all_rules().values():
        pinned = any(example.fixed is not None for example in rule.invalid)
        assert rule.fix_availability == ("sometimes" if pinned else "none"), rule.code

"""Each rule's own valid/invalid examples (the ones its documentation shows) are tests."""
from __future__ import annotations

import pytest

from corslint.run.engine import check_sources
from corslint.frameworks import extractors
from corslint.rules import all_rules


def awaits_extractor(example) -> bool:
    """True when no registered extractor's markers occur in the example (e.g. a Flask-CORS
    example on a branch without the Flask-CORS extractor): it cannot fire here yet."""
    texts = [example.code, *(text for _, text in example.files)]
    data = [t if isinstance(t, bytes) else t.encode("utf-8") for t in texts]
    return not any(marker in d for module in extractors() for marker in module.MARKERS for d in data)

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
    if kind == "invalid":
        assert rule.code in codes, f"{rule.code} did not fire on its invalid example {index}: {codes}"
    else:
        assert rule.code not in codes, f"{rule.code} fired on its valid example {index}: " + \
            "; ".join(f.message for f in result.findings if f.code == rule.code)


def test_every_rule_has_examples_of_both_kinds():
    for rule in all_rules().values():
        assert rule.invalid and rule.valid, rule.code
        assert rule.summary and rule.name and rule.severity in ("error", "warning", "info"), rule.code

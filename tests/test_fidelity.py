"""The fidelity matrix (docs/fidelity.md): corslint's verdicts against the real middleware
and a real headless Chromium. One browser and one server process run the whole matrix
once per session; each case is then judged on its own.

Without Chromium the tests are skipped with the reason, except under CI=true, where
.ci/run installs Debian's chromium and a missing browser is a failure.
"""
from __future__ import annotations

import os

import pytest

from tests.fidelity.cases import ALL_CASES
from tests.fidelity.chromium import find_chromium

pytestmark = pytest.mark.fidelity


@pytest.fixture(scope="module")
def matrix():
    if find_chromium() is None:
        message = ("Chromium not found (/usr/bin/chromium): the fidelity matrix needs Debian's chromium "
                   "(apt-get install chromium), or CORSLINT_CHROMIUM=/path/to/chromium")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and " + message + "; .ci/run installs it")
        pytest.skip(message)
    pytest.importorskip("aiohttp_cors")
    from tests.fidelity.run import run_matrix
    result = run_matrix([case for case in ALL_CASES if case.framework in RUNNABLE])
    result["by_id"] = {run.case.id: run for run in result["runs"]}
    return result


def _importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# Starlette 1.0 needs Python 3.10: on 3.9 its cases are skipped, as the other Starlette tests are.
RUNNABLE = {"flask", "django", "aiohttp", "handwritten"} | ({"starlette"} if _importable("starlette") else set())


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_corslint_and_chromium_agree(matrix, case):
    from tests.fidelity.claims import disagreements
    if case.framework not in RUNNABLE:
        pytest.skip(f"{case.framework} is not installed (Starlette 1.0 needs Python 3.10)")
    run = matrix["by_id"][case.id]
    bad = disagreements(run)
    assert not bad, f"{case.id}: corslint says {[f.code for f in run.findings]}, Chromium shows otherwise:\n" + \
        "\n".join(f"- {c.subject}: {c.claim}\n    seen: {c.seen}" for c in bad)


def test_every_browser_claim_is_shown_on_every_framework(matrix):
    from tests.fidelity.claims import judge_explained
    from tests.fidelity.coverage import required
    shown = set()
    for run in matrix["runs"]:
        checks = judge_explained(run)
        for finding in run.findings:
            if any(c.subject == finding.code and (c.holds is not False or c.explained) for c in checks):
                shown.add((finding.code, run.case.framework))
    missing = sorted(pair for pair in required() - shown if pair[1] in RUNNABLE)
    assert not missing, f"rules with a browser claim that no case shows, per framework: {missing}"


def test_the_matrix_checks_something(matrix):
    # Guards against a harness that silently probes nothing: every case was probed from
    # its whole battery, and trusted origins of clean cases really read the response.
    from tests.fidelity.claims import Outcomes
    for run in matrix["runs"]:
        assert set(run.outcomes) == set(run.battery), run.case.id
    clean = [run for run in matrix["runs"] if run.case.shape == "clean"]
    assert len(clean) == len(RUNNABLE)
    for run in clean:
        assert not run.findings, run.case.id
        assert Outcomes(run).reads_with_cookie("https://app.example.com"), run.case.id
        assert not Outcomes(run).reads("https://evil.example"), run.case.id


def test_explained_disagreements_still_show(matrix):
    # An explanation in docs/fidelity.md must describe what Chromium does today: when a
    # disagreement stops showing, its entry in claims.EXPLAINED has to go.
    from tests.fidelity.claims import EXPLAINED, judge_explained
    seen = set()
    for run in matrix["runs"]:
        for check in judge_explained(run):
            if check.explained:
                seen |= {key for key in EXPLAINED if check.subject == key[0] and check.claim.startswith(key[1])}
    assert seen == set(EXPLAINED)

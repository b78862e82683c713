"""The bounded regex evaluation agrees with `re` and never hangs on pathological patterns."""
from __future__ import annotations

import random
import re
import sys
import time

import pytest

from corslint.origins import regex_engine
from corslint.origins.regex_engine import compile_nfa, decide, decide_many
from tests.helpers import run_cli

ATOMS = ["a", "b", ".", r"\.", "[a-c]", "[^a]", r"\w", r"\d", "x", "-", "(a|b)", "(?:ab|a)", "[A-Z]", r"\b",
         "^", "$", r"\Z", r"\A", "(?i:a)", r"\s", r"\B", "[a-z0-9-]", r"[\w.-]"]
QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{1,3}", "*?", "+?", "{0,2}"]
ZERO_WIDTH = {"^", "$", r"\b", r"\B", r"\Z", r"\A"}


def random_pattern(rng, depth=0):
    parts = []
    for _ in range(rng.randint(1, 5)):
        if depth < 2 and rng.random() < 0.2:
            atom = "(" + random_pattern(rng, depth + 1) + ("|" + random_pattern(rng, depth + 1)
                                                           if rng.random() < 0.5 else "") + ")"
        else:
            atom = rng.choice(ATOMS)
        parts.append(atom + ("" if atom in ZERO_WIDTH else rng.choice(QUANTIFIERS)))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_nfa_agrees_with_re_on_random_patterns(seed):
    rng = random.Random(seed)
    alphabet = "abxAB.-1 \n_"
    compared = 0
    for _ in range(600):
        pattern = random_pattern(rng)
        flags = rng.choice([0, re.I, re.M, re.S])
        program = compile_nfa(pattern, flags)
        if program is None:
            continue
        compiled = re.compile(pattern, flags)
        for _ in range(8):
            subject = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            for mode in ("fullmatch", "match", "search"):
                expected = getattr(compiled, mode)(subject) is not None
                assert program.decide(subject, mode) == expected, (pattern, flags, subject, mode)
                compared += 1
    assert compared > 10000


ORIGIN_CASES = [
    (r"https://.*\.example\.com", "https://app.example.com.evil.net"),
    (r"https://.*\.example\.com", "https://app.example.com"),
    (r"^https://[a-z0-9-]+\.example\.com$", "https://a.example.com\n"),
    (r"(?i)HTTPS://APP\.EXAMPLE\.COM", "https://app.example.com"),
    (r"https://(app|admin).example.com", "https://appxexample.com"),
    (r"https://\w+\.example\.com(:\d{2,5})?", "https://app.example.com:8443"),
    (r"null|https://a\.example\.com", "null"),
]


@pytest.mark.parametrize("pattern,origin", ORIGIN_CASES)
@pytest.mark.parametrize("mode", ["fullmatch", "match", "search"])
@pytest.mark.parametrize("ignore_case", [False, True])
def test_origin_patterns_decided_like_re(pattern, origin, mode, ignore_case):
    assert regex_engine.uses_fast_engine(pattern, ignore_case)
    compiled = re.compile(pattern, re.I if ignore_case else 0)
    assert decide(pattern, origin, mode, ignore_case) == (getattr(compiled, mode)(origin) is not None)


def test_catastrophic_backtracking_is_linear_in_the_nfa():
    subject = "https://" + "a" * 5000 + "!"
    started = time.monotonic()
    assert decide(r"^https://(a+)+$", subject, "match") is False
    assert decide(r"^https://(a|aa|a?)+b", subject, "search") is False
    assert time.monotonic() - started < 2.0


def test_backreferences_use_the_bounded_fallback():
    assert not regex_engine.uses_fast_engine(r"^https://(\w+)\.\1\.com$")
    assert decide(r"^https://(\w+)\.\1\.com$", "https://a.a.com", "match") is True
    assert decide(r"^https://(\w+)\.\1\.com$", "https://a.b.com", "match") is False
    assert decide(r"(?<=x)a", "xa", "search") is True


def test_a_pathological_fallback_pattern_is_cut_off_and_undecided():
    pattern = r"^(a+)+\1b"  # a backreference: not for the NFA; exponential for re
    started = time.monotonic()
    answers = decide_many(pattern, ["a" * 40, "a" * 41, "ab"], "match", seconds=0.3)
    first = time.monotonic() - started
    assert answers[0] is None and answers[1] is None
    started = time.monotonic()
    assert decide(pattern, "a" * 42, "match") is None  # the pattern's budget is spent: no second wait
    assert time.monotonic() - started < 0.1
    assert first < 1.5


def test_invalid_patterns_are_undecided():
    assert decide(r"https://(app", "https://app", "match") is None


def test_a_pathological_regex_costs_a_bounded_fraction_of_a_second_through_the_cli(tmp_path):
    app = tmp_path / "app.py"
    long_label = "a" * 32
    app.write_text(
        "from fastapi import FastAPI\n"
        "from fastapi.middleware.cors import CORSMiddleware\n\n"
        "app = FastAPI()\n"
        "app.add_middleware(\n"
        "    CORSMiddleware,\n"
        f"    allow_origins=['https://{long_label}.example.com'],\n"
        "    allow_origin_regex=r'^https://(a+)+\\1\\.example\\.com$',\n"
        ")\n"
        "other = FastAPI()\n"
        "other.add_middleware(CORSMiddleware, allow_origins=['https://" + long_label + ".example.com'],\n"
        "                     allow_origin_regex=r'^https://(a+)+(a|b)*[c-z]$')\n"
    )
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "app.py").write_text(app.read_text().replace(r"(a+)+\1\.example\.com$", r"[a-z]+\.example\.com$").replace(
        r"(a+)+(a|b)*[c-z]$", r"[a-z]+\.example\.com$"))
    # Sanity: re itself would take far longer than the bound on one of the probes.
    compiled = re.compile(r"^https://(a+)+\1\.example\.com$")
    started = time.monotonic()
    compiled.match("https://" + "a" * 22 + ".example.com.")
    assert time.monotonic() - started > 0.05

    # CPU time of the corslint processes (and the regex process they reap), not wall time:
    # other work on the machine stretches wall time, not the CPU a run spends. Compared with
    # the same project without the pathological patterns, with a generous margin: the
    # bounded engine adds hundredths of a second; `re` on these probes would add minutes.
    baseline_seconds = min(_child_cpu(lambda: run_cli("check", "--no-cache", str(clean))) for _ in range(2))
    results = []
    seconds = _child_cpu(lambda: results.append(run_cli("check", "--no-cache", "--verbose", str(app))))
    (result,) = results
    assert result.returncode == 1, result.stderr.decode()
    assert b"COR203" in result.stdout  # the other pattern is still judged: accepts https://ae
    # The pathological probe really reached the bounded fallback, which gave up in time.
    assert b"could not be evaluated within" in result.stderr, result.stderr
    assert seconds < 2 * baseline_seconds + 1.0, (seconds, baseline_seconds)


def _child_cpu(run) -> float:
    """CPU seconds (user + system) of the child processes `run` starts and waits for."""
    resource = pytest.importorskip("resource", reason="CPU time of child processes is POSIX")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_only_the_bounded_engine_runs_user_patterns():
    """Rules and the origin analysis go through matching.accepts / regex_engine, never `re`
    matching directly, so no code path can hang on a user's pattern."""
    from tests.helpers import ROOT

    # `re.match(<not a literal pattern>, ...)`, or any compiled pattern applied to an origin.
    direct = re.compile(r"\bre\.(match|fullmatch|search)\((?!\s*r?[\"'])|\.(fullmatch|match|search)\(\s*origin")
    offenders = []
    for path in (ROOT / "corslint").rglob("*.py"):
        if path.name == "regex_engine.py":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if direct.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_the_direct_matcher_bound_is_the_longest_subject_within_the_limit():
    """regex_engine.direct_matcher: the length cut-off is exactly where the bound
    `c * (n + 1) ** exponent` passes DIRECT_LIMIT (the engine and RegexIndex share it)."""
    from corslint.origins.regex_engine import DIRECT_LIMIT, backtracking_bound, direct_matcher

    for pattern in [r"^https://([a-z0-9-]+\.)?example\.com$", r".*", r"^https://.*\.example\.com",
                    r"^https://[a-z]{1,30}\.example\.com$", r"x.*y.*z.*w"]:
        for mode, extra in (("match", 1), ("fullmatch", 1), ("search", 2)):
            bound = backtracking_bound(pattern, 0)
            found = direct_matcher(pattern, 0, mode)
            if bound is None:
                assert found is None
                continue
            _compiled, constant, degree = bound
            longest = found[1]
            assert constant * (longest + 1) ** (degree + extra) <= DIRECT_LIMIT, (pattern, mode)
            assert constant * (longest + 2) ** (degree + extra) > DIRECT_LIMIT, (pattern, mode)
    assert direct_matcher(r"(a|b)+x", 0, "match") is None  # no evident bound: the NFA decides


def test_the_regex_index_agrees_with_the_engine_on_every_subject():
    """RegexIndex.first_accepting (trigram index, direct `re` calls within the bound)
    against `decide` for every pattern in order, on short, long and non-ASCII subjects."""
    import random

    from corslint.origins.matching import RegexIndex
    from corslint.origins.regex_engine import decide

    patterns = [r"^https://([a-z0-9-]+\.)?tenant1\.example\.com$", r"^https://app\.example\.com",
                r"https://.*\.partner\.com", r"^https?://localhost:\d+$", r".*\.evil\.net$",
                r"^https://[A-Z]+\.example\.org$", r"(a|aa)+$", r"^http://ÄPP\.example\.com$"]
    # Every pattern with and without IGNORECASE, except that a pattern without a bound
    # under IGNORECASE on a non-ASCII subject goes to the fallback process, whose answer
    # depends on the clock (a 0.25 s budget per pattern): left out so that the
    # comparison is exact.
    specs = [(p, ignore_case) for p in patterns for ignore_case in (False, True)
             if not (ignore_case and p == r"(a|aa)+$")]
    index = RegexIndex(specs)
    rng = random.Random(7)
    pieces = ["https://", "http://", "app.", "tenant1.", "example.com", ".partner.com", "evil.net", ".", "localhost:",
              "8080", "äpp.", "APP.", "a" * 40, "x" * 400, "/", "-"]
    subjects = ["https://app.example.com", "https://x.tenant1.example.com", "http://localhost:3000",
                "https://a.partner.com", "https://a.evil.net", "https://ABC.example.org", "a" * 30 + "b",
                "http://äpp.example.com", "https://" + "a" * 600 + ".partner.com", "https://äpp.example.com"]
    subjects += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    # Long non-ASCII subjects under IGNORECASE go to the fallback process as well: kept short.
    subjects = [subject for subject in subjects if subject.isascii() or len(subject) <= 40]
    for mode in ("match", "fullmatch", "search"):
        for subject in subjects:
            expected, undecided = None, False
            for position, (pattern, ignore_case) in enumerate(specs):
                verdict = decide(pattern, subject, mode, ignore_case)
                if verdict:
                    expected = position
                    break
                undecided = undecided or verdict is None
            position, index_undecided = index.first_accepting(subject, mode)
            assert position == expected, (mode, subject)
            # The index skips a pattern whose required text is missing: its "no" is certain
            # even where the engine would have run out of steps trying it.
            assert undecided or not index_undecided, (mode, subject)

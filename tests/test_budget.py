"""The per-module time budget (corslint.budget) in every front end: the CLI, the Python
API called from a thread that is not the main one, and the language server. Off the main
thread there is no SIGALRM; the cooperative deadline checked in the analysis loops is
what stops a module there."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from corslint import budget
from corslint.budget import BudgetExceeded, module_budget
from tests.helpers import run_cli

FASTAPI_APP = ("from fastapi import FastAPI\n"
               "from fastapi.middleware.cors import CORSMiddleware\n\n"
               "app = FastAPI()\n"
               "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n")

# 5,000 settings that each read a CORS setting (so that none can be sliced away: see
# parsing/slicing.py) take seconds of CPU to parse and evaluate; the small app a few
# milliseconds. A budget of half a second stops the first and never the second.
BUDGET = 0.5


def _project(root):
    (root / "pyproject.toml").write_text(f"[tool.corslint]\nanalysis-time-budget = {BUDGET}\n")
    body = "".join(f'SETTING_{i} = {{"key": "value {i}", "origins": CORS_ALLOWED_ORIGINS}}\n' for i in range(5000))
    (root / "settings.py").write_text('INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOWED_ORIGINS = []\n' + body)
    (root / "app.py").write_text(FASTAPI_APP)
    return root


def _in_thread(function):
    """Run `function` on a new thread; its result, or the exception it raised."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: B036 - BudgetExceeded is what some tests expect
            outcome["raised"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the budget did not stop the analysis"
    return outcome


def _assert_over_budget(message: str) -> None:
    assert f"{BUDGET:g} s budget" in message and "while " in message and "analysis-time-budget" in message, message


# -- end to end ---------------------------------------------------------------------------

def test_over_budget_through_the_cli(tmp_path):
    root = _project(tmp_path)
    result = run_cli("check", "--no-cache", "--output-format", "concise", ".", cwd=root)
    assert result.returncode == 1, result.stderr  # app.py's COR101; COR003 does not count
    out = result.stdout.decode()
    (line,) = [line for line in out.splitlines() if line.startswith("settings.py")]
    assert "COR003" in line
    _assert_over_budget(line)
    assert "app.py:5:" in out and "COR101" in out


def test_over_budget_through_the_api_on_a_thread_that_is_not_the_main_one(tmp_path):
    from corslint import api

    root = _project(tmp_path)
    settings = api.settings_for(str(root))
    started = time.monotonic()
    outcome = _in_thread(lambda: api.check_paths([str(root)], settings=settings))
    assert "raised" not in outcome, outcome.get("raised")
    by_file = {}
    for finding in outcome["value"].findings:
        by_file.setdefault(finding.path.rsplit("/", 1)[-1], []).append(finding)
    (stopped,) = by_file["settings.py"]
    assert stopped.code == "COR003"
    _assert_over_budget(stopped.message)
    assert [f.code for f in by_file["app.py"]] == ["COR101"]
    assert not outcome["value"].errors
    # Stopped at the budget, not after the whole analysis (which takes many seconds).
    assert time.monotonic() - started < 60


def test_the_api_on_a_thread_keeps_the_settings_limit_of_the_project(tmp_path):
    # check_source from a thread, a Go-free Python module, a budget so small that every
    # analysis exceeds it at its first step: one COR003, no error, nothing else.
    from corslint import api

    (tmp_path / "pyproject.toml").write_text("[tool.corslint]\nanalysis-time-budget = 0.000001\n")
    settings = api.settings_for(str(tmp_path))
    outcome = _in_thread(lambda: api.check_source(FASTAPI_APP, str(tmp_path / "app.py"), settings=settings))
    result = outcome["value"]
    assert [f.code for f in result.findings] == ["COR003"] and not result.errors
    assert "1e-06 s budget (while analysing)" in result.findings[0].message


def test_over_budget_through_the_language_server(tmp_path):
    pytest.importorskip("pygls", reason="the language server is the `lsp` extra")
    from tests.lsp_client import LspClient, uri

    root = _project(tmp_path)
    client = LspClient(cwd=root)
    try:
        client.initialize(root)
        client.open(root / "settings.py")
        published = {}  # one run publishes for every file it concerns, in any order
        wanted = {uri(root / "settings.py"): "settings.py", uri(root / "app.py"): "app.py"}

        def record(message):
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] in wanted:
                published[wanted[message["params"]["uri"]]] = message["params"]["diagnostics"]
            return len(published) == len(wanted)

        client.wait_for(record, timeout=120)
        (diagnostic,) = published["settings.py"]
        assert diagnostic["code"] == "COR003"
        _assert_over_budget(diagnostic["message"])
        assert [d["code"] for d in published["app.py"]] == ["COR101"]
    finally:
        client.close()


# -- the mechanism ------------------------------------------------------------------------

def test_no_budget_means_no_check():
    budget.check()  # outside module_budget: never raises
    with module_budget(None):
        budget.check()
    with module_budget(0):
        budget.check()


def test_the_deadline_is_the_threads_own():
    # A budget running out on one thread does not stop another thread's analysis.
    with module_budget(3600):
        outcome = _in_thread(lambda: _spin_until_stopped(0.05))
        assert isinstance(outcome.get("raised"), BudgetExceeded)
        budget.check()  # this thread's hour is not over
    assert outcome["raised"].stage == "spinning"


def _spin_until_stopped(seconds: float) -> None:
    with module_budget(seconds):
        budget.stage("spinning")
        while True:
            budget.check()


def test_a_long_regex_search_stops_inside_its_loop_off_the_main_thread():
    # One call over 2,000,000 subjects takes many seconds; the check per subject stops it.
    from corslint.origins.regex_engine import decide_many

    subjects = [f"https://host{i}.example.com" for i in range(2_000_000)]

    def search():
        with module_budget(0.2):
            budget.stage("searching")
            return decide_many(r"https://[a-z0-9]+\.example\.com", subjects, "fullmatch")

    started = time.process_time()
    outcome = _in_thread(search)
    assert isinstance(outcome.get("raised"), BudgetExceeded), "ran to the end"
    assert outcome["raised"].stage == "searching"
    assert time.process_time() - started < 30


def test_the_worlds_of_a_module_stop_at_the_deadline_off_the_main_thread():
    # Sixteen worlds, each slow: exploring stops between worlds once the budget is spent.
    from corslint.values.possibilities import MAX_WORLDS, explore

    class Resolver:  # the part of values.resolver.Resolver that explore drives
        exploring = False
        runs = 0

        def enter_world(self, fixed):
            self.fixed = fixed

        def branches_met(self, *_in_functions):
            return [(key, (0, 1)) for key in range(4) if key not in self.fixed]

        def leave_worlds(self):
            pass

    resolver = Resolver()

    def build():
        resolver.runs += 1
        time.sleep(0.1)
        return []

    def run():
        with module_budget(0.25):
            return explore(resolver, build)

    outcome = _in_thread(run)
    assert isinstance(outcome.get("raised"), BudgetExceeded)
    assert resolver.runs < MAX_WORLDS


def test_the_resolver_checks_the_deadline_off_the_main_thread():
    import libcst as cst

    from corslint.parsing.parse import SourceFile, parse_source
    from corslint.parsing.project import Project
    from corslint.values.resolver import Resolver

    module = parse_source(SourceFile("m.py", None, "ORIGINS = ['https://a.example']\n", "utf-8", False, "\n"))
    resolver = Resolver(Project([]))
    value = module.tree.body[0].body[0].value
    assert isinstance(value, cst.List)

    def resolve_forever():
        with module_budget(0.1):
            while True:
                resolver.resolve(module, value, module.scopes.module_scope)

    assert isinstance(_in_thread(resolve_forever).get("raised"), BudgetExceeded)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers on this platform")
def test_on_the_main_thread_a_loop_without_checks_is_stopped_by_the_backstop():
    started = time.monotonic()
    with pytest.raises(BudgetExceeded) as raised:
        with module_budget(0.1):
            budget.stage("looping without checks")
            while time.monotonic() - started < 30:
                pass
    assert raised.value.stage == "looping without checks"
    assert time.monotonic() - started < 10
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # put back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers on this platform")
def test_a_host_programs_alarm_is_left_alone():
    # An embedding program that uses SIGALRM itself keeps its handler and its timer.
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with module_budget(0.05):
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
            time.sleep(0.1)
            with pytest.raises(BudgetExceeded):
                budget.check()  # the cooperative deadline still holds
        deadline = time.monotonic() + 10
        while not fired and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

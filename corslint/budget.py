"""A time budget for one module's analysis, so that no input can hang a run.

Everything corslint does on a module is linear or bounded by design (regexes by
``origins.regex_engine``, values by the resolver's limits); the budget is the guarantee
behind those bounds, in every front end: the CLI and its worker processes, the Python
API called from any thread, the flake8 plugin and the language server.

The budget is a deadline kept per thread. The analysis loops that can grow with the
input call :func:`check` (value resolution, each world of a module's branches, each
attacker probe and regex candidate, each statement of a Django settings module) and
:func:`stage` between steps (parsing, each extractor, each rule); once the deadline has
passed, they raise ``BudgetExceeded``, the analyser reports one COR003 finding naming
the module and the stage it was in, and the run goes on with the next module. Being
cooperative, it stops the analysis at a point where nothing is half-done.

A loop without a check would escape a cooperative deadline. As a backstop, where the
platform has ``signal.setitimer``, the analysis runs on the main thread and nothing else
uses SIGALRM (no handler installed, no timer running), an interval timer raises
``BudgetExceeded`` wherever the analysis is once the budget has run out twice over
(``BACKSTOP_FACTOR``). Off the main thread only the cooperative checks hold.

``BudgetExceeded`` derives from ``BaseException``, so that the ``except Exception``
guards around extractors and rules (which turn a bug into an error line) do not swallow it.
"""
from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Iterator, Optional

# Seconds one module may take; generous: a module that takes this long is pathological
# (the largest real configurations take well under a second). `analysis-time-budget`
# in [tool.corslint] changes it.
DEFAULT_SECONDS = 60.0

# The main thread's SIGALRM backstop fires this many budgets after the start, for a loop
# that the cooperative checks do not reach.
BACKSTOP_FACTOR = 2.0


class BudgetExceeded(BaseException):
    def __init__(self, seconds: float, stage: str):
        super().__init__(f"{seconds:g} s budget exceeded while {stage}")
        self.seconds = seconds
        self.stage = stage


class _ThreadBudget(threading.local):
    """This thread's deadline (time.monotonic()), its budget and the current stage."""

    deadline: Optional[float] = None
    seconds: float = 0.0
    stage: str = "analysing"


_state = _ThreadBudget()


def check() -> None:
    """Raise BudgetExceeded when this thread's module budget has run out (cheap: a
    clock read; call it in every loop whose length the input decides)."""
    deadline = _state.deadline
    if deadline is not None and time.monotonic() >= deadline:
        raise BudgetExceeded(_state.seconds, _state.stage)


def stage(what: str) -> None:
    """Say what the analysis is doing now (named in the finding if the budget runs out).
    If the budget ran out during the previous stage, stop here, naming that stage."""
    check()
    _state.stage = what


def current_stage() -> str:
    return _state.stage


def remaining() -> Optional[float]:
    """Seconds left in this thread's budget (None: no budget), for waits that must not
    outlast it."""
    deadline = _state.deadline
    return None if deadline is None else max(deadline - time.monotonic(), 0.0)


@contextlib.contextmanager
def module_budget(seconds: Optional[float]) -> Iterator[None]:
    """Run the body under a budget of `seconds` (None or 0: no budget)."""
    if not seconds or seconds <= 0:
        yield
        return
    saved = (_state.deadline, _state.seconds, _state.stage)
    deadline = time.monotonic() + float(seconds)
    if saved[0] is not None and saved[0] < deadline:  # nested: the outer budget still binds
        deadline = saved[0]
    _state.deadline, _state.seconds, _state.stage = deadline, float(seconds), "analysing"
    try:
        with _backstop(float(seconds) * BACKSTOP_FACTOR):
            yield
    finally:
        _state.deadline, _state.seconds, _state.stage = saved


@contextlib.contextmanager
def _backstop(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds`, on the main thread when SIGALRM is nobody else's."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    try:
        usable = usable and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None) \
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    except (OSError, ValueError):
        usable = False
    if not usable:
        yield
        return
    armed = [True]
    budget = _state.seconds

    def expired(_signum, _frame):
        if armed[0]:  # once, and never after the body has ended
            armed[0] = False
            raise BudgetExceeded(budget, _state.stage)

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except ValueError:  # not the main thread of the main interpreter
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

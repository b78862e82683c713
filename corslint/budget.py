"""A time budget for one module's analysis, so that no input can hang a run.

Everything corslint does on a module is linear or bounded by design (regexes by
``origins.regex_engine``, values by the resolver's limits); the budget is the guarantee
behind those bounds. Where the platform has ``signal.setitimer`` and the analysis runs
on the main thread (the CLI, and each worker process), an interval timer raises
``BudgetExceeded`` in the analysis when the budget runs out; the engine reports one
COR003 finding naming the module and the stage it was in, and goes on with the next
module. Elsewhere (Windows, a thread of an editor) there is no budget.

``BudgetExceeded`` derives from ``BaseException``, so that the ``except Exception``
guards around extractors and rules (which turn a bug into an error line) do not swallow it.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator, List, Optional

# Seconds one module may take; generous: a module that takes this long is pathological
# (the largest real configurations take well under a second). `analysis-time-budget`
# in [tool.corslint] changes it.
DEFAULT_SECONDS = 60.0


class BudgetExceeded(BaseException):
    def __init__(self, seconds: float, stage: str):
        super().__init__(f"{seconds:g} s budget exceeded while {stage}")
        self.seconds = seconds
        self.stage = stage


_stage: List[str] = ["analysing"]


def stage(what: str) -> None:
    """Say what the analysis is doing now (named in the finding if the budget runs out)."""
    _stage[0] = what


def current_stage() -> str:
    return _stage[0]


@contextlib.contextmanager
def module_budget(seconds: Optional[float]) -> Iterator[None]:
    """Run the body under a budget of `seconds` (None or 0: no budget)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    stage("analysing")

    def expired(_signum, _frame):
        raise BudgetExceeded(float(seconds), _stage[0])

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except ValueError:  # not the main thread of the main interpreter
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Snapshot assertions: the exact text users see is kept in tests/snapshots/ and reviewed.

Run with CORSLINT_UPDATE_SNAPSHOTS=1 to write the current output as the new expectation
(then read the diff before committing it).
"""
from __future__ import annotations

import difflib
import os

from tests.helpers import ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE_VARIABLE = "CORSLINT_UPDATE_SNAPSHOTS"


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get(UPDATE_VARIABLE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"no snapshot {path.name}: run with {UPDATE_VARIABLE}=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"snapshots/{name}", "actual"))
        raise AssertionError(f"output differs from snapshots/{name} "
                             f"(run with {UPDATE_VARIABLE}=1 to accept it):\n{diff}")

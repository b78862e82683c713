"""What a run takes (its :class:`Options` and :class:`Input` files) and gives (a
:class:`RunResult`): plain data shared by the engine, the analyser and the workers."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, List, Optional, Set

if TYPE_CHECKING:  # pragma: no cover
    from corslint.diagnostics import Finding


@dataclass
class Input:
    """A file to check: its path, or its text when it came from stdin."""

    abspath: Optional[str]
    display: str
    data: Optional[bytes] = None  # given for stdin; read from disk otherwise


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # one line each; they make the exit code 2
    files_checked: int = 0
    files_parsed: int = 0
    policies: int = 0
    sources: Dict[str, str] = field(default_factory=dict)  # display path -> text (files with findings)
    # Where an analysis bound was reached and a value became unknown (corslint.limits);
    # printed with --verbose.
    notes: List[str] = field(default_factory=list)
    # One line each for stderr that does not change the exit code (Go files without tree-sitter).
    notices: List[str] = field(default_factory=list)


# The fact kind under which the analyser records those notes (cached and sent back by the
# workers like every other fact).
LIMIT_NOTES = "limit-reached"
# The fact kind that marks a module whose analysis the time budget stopped: its outcome
# depends on the machine's load, so it is not cached (a size or depth refusal is).
ANALYSIS_STOPPED = "analysis-stopped"


@dataclass
class Options:
    selected: Set[str]
    per_file_ignores: Dict[str, Set[str]] = field(default_factory=dict)  # glob -> codes
    config_root: str = field(default_factory=os.getcwd)
    project_roots: List[str] = field(default_factory=list)
    # The result cache's folder (see corslint.run.cache), or None for no cache.
    cache_dir: Optional[str] = None
    # Worker processes for the per-file pass: None picks by the work (corslint.run.workers).
    jobs: Optional[int] = None
    # abspath -> content to use instead of the file on disk (the fix loop's work in progress).
    overlay: Dict[str, bytes] = field(default_factory=dict)
    # Seconds one module's analysis may take (corslint.budget); None: no budget.
    time_budget: Optional[float] = 60.0

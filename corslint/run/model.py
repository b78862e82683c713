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
    # One line each for stderr that does not change the exit code (Go files without tree-sitter).
    notices: List[str] = field(default_factory=list)


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

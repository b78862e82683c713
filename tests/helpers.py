"""Shared test helpers: run the real engine or the real CLI."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
EXPECT = re.compile(r"(?:#|//)\s*expect:\s*(COR\d{3}(?:\s*,\s*COR\d{3})*)")


def fixture_projects() -> List[Path]:
    return sorted(p for p in TESTDATA.iterdir() if p.is_dir())


def expected_findings(project: Path) -> Set[Tuple[str, int, str]]:
    """(relative file, line, code) for every `# expect:` comment in a fixture project
    (`// expect:` in Go and Rust files)."""
    found = set()
    paths = [*project.rglob("*.py"), *project.rglob("*.go"), *project.rglob("*.rs")]
    for path in sorted(paths):
        if path.name.endswith((".fixed.py", ".fixed.go", ".fixed.rs")):
            continue
        data = path.read_bytes()
        for number, raw in enumerate(data.splitlines(), 1):
            line = raw.decode("utf-8", "replace")
            match = EXPECT.search(line)
            if match:
                for code in re.split(r"\s*,\s*", match.group(1)):
                    found.add((path.relative_to(project).as_posix(), number, code))
    return found


def run_cli(*args: str, cwd=None, stdin: bytes = b"", env=None) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment.pop("GITHUB_ACTIONS", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "corslint", *args], cwd=cwd, input=stdin,
                          capture_output=True, env=environment, timeout=120)

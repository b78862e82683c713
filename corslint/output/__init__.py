"""The last stage: output formats. Each module renders a sorted list of findings one way."""
from __future__ import annotations

import importlib
import os
import sys
from typing import Callable, Dict, Optional

# --output-format value -> module with `render(findings, context) -> str`
FORMATS: Dict[str, str] = {
    "concise": "corslint.output.concise",
    "full": "corslint.output.full",
    "json": "corslint.output.json_format",
    "json-lines": "corslint.output.json_lines",
    "sarif": "corslint.output.sarif",
    "github": "corslint.output.github",
    "gitlab": "corslint.output.gitlab",
    "junit": "corslint.output.junit",
    "pylint": "corslint.output.pylint",
}


def renderer(name: str) -> Callable:
    return importlib.import_module(FORMATS[name]).render


def default_format(configured: Optional[str] = None, stream=None, environ=None) -> str:
    """The format when --output-format is not given: the configured one, else `github`
    inside GitHub Actions, else `full` on a terminal and `concise` when piped."""
    environ = os.environ if environ is None else environ
    if configured:
        return configured
    if environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    stream = sys.stdout if stream is None else stream
    try:
        return "full" if stream.isatty() else "concise"
    except (AttributeError, ValueError):
        return "concise"

"""Stage 7: output formats. Each module renders a sorted list of findings one way."""
from __future__ import annotations

import importlib
from typing import Callable, Dict

# --output-format value -> module with `render(findings, context) -> str`
FORMATS: Dict[str, str] = {
    "concise": "corslint.output.concise",
    "json": "corslint.output.json_format",
    "json-lines": "corslint.output.json_lines",
}


def renderer(name: str) -> Callable:
    return importlib.import_module(FORMATS[name]).render

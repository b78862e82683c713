"""The flake8 plugin: `flake8 --select COR` reports corslint's findings, so every editor
that runs flake8 (VS Code's flake8 extension, ALE, flycheck) shows them.

Registered as the `COR` entry point of the `flake8.extension` group. flake8 hands over
the file's lines (also when it reads stdin with `--stdin-display-name`), and expects
0-based columns, to which it adds 1 before printing.
"""
from __future__ import annotations

import io
import tokenize
from typing import Iterator, List, Tuple

from corslint import __version__


class Plugin:
    name = "corslint"
    version = __version__

    def __init__(self, tree, lines: List[str], filename: str) -> None:
        # `tree` makes this an AST plugin (run once per file); corslint parses with libcst.
        self.lines = lines
        self.filename = filename

    def run(self) -> Iterator[Tuple[int, int, str, type]]:
        from corslint.api import check_source
        from corslint.files.prefilter import may_configure_cors

        source = _encoded("".join(self.lines))
        if not may_configure_cors(source):  # most files: a byte search and nothing else
            return
        result = check_source(source, self.filename)
        for finding in result.findings:
            if finding.path != self.filename:
                continue  # a cross-file finding about another module is reported there
            yield finding.span.start_line, finding.span.start_col, f"{finding.code} {finding.message}", type(self)


def _encoded(text: str) -> bytes:
    """The bytes of the file as flake8 decoded it, so a PEP 263 coding cookie stays true."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(text.encode("utf-8")).readline)
        return text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        return text.encode("utf-8")

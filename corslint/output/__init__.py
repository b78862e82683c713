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


# How each format needs names and messages escaped (see corslint.escape). A file name
# may hold undecodable bytes (lone surrogates in Python) and control characters:
# "terminal" formats get every control character written as \xNN (the terminal never
# receives a raw ESC, and JUnit's XML stays well-formed); "json" formats escape control
# characters themselves and need only the undecodable bytes written out; SARIF puts the
# name's bytes into its URIs percent-encoded (output/sarif.py) and needs only its
# messages cleaned.
_ESCAPING = {"concise": "terminal", "full": "terminal", "pylint": "terminal", "github": "terminal",
             "junit": "terminal", "json": "json", "json-lines": "json", "gitlab": "json", "sarif": "messages"}


def renderer(name: str) -> Callable:
    render = importlib.import_module(FORMATS[name]).render
    escaping = _ESCAPING.get(name, "terminal")

    def render_escaped(findings, context=None) -> str:
        from corslint import escape

        if escaping == "terminal":
            findings, context = _cleaned(findings, context, escape.one_line, escape.one_line)
            return escape.visible(render(findings, context))
        if escaping == "json":
            findings, context = _cleaned(findings, context, escape.undecodable, escape.undecodable)
        else:
            findings, context = _cleaned(findings, context, None, escape.undecodable)
        return render(findings, context)

    return render_escaped


def _cleaned(findings, context, clean_path, clean_text):
    """Copies of the findings (and of the context's sources) with paths and messages
    passed through the format's escaping; the findings themselves are left alone."""
    import copy
    import dataclasses

    def path(text: str) -> str:
        return clean_path(text) if clean_path is not None else text

    def needs_cleaning(finding) -> bool:
        texts = [finding.message, finding.span.path, *(r.path for r in finding.related)]
        if finding.fix is not None:
            texts += [finding.fix.message, *(e.path for e in finding.fix.edits)]
        return any(path(t) != t or clean_text(t) != t for t in texts)

    out = []
    for finding in findings:
        if not needs_cleaning(finding):
            out.append(finding)
            continue
        span = dataclasses.replace(finding.span.plain() if hasattr(finding.span, "plain") else finding.span,
                                   path=path(finding.span.path))
        fix = finding.fix
        if fix is not None and clean_path is not None:
            fix = dataclasses.replace(fix, message=clean_text(fix.message),
                                      edits=tuple(dataclasses.replace(e, path=path(e.path)) for e in fix.edits))
        related = [dataclasses.replace(r.plain(), path=path(r.path)) for r in finding.related]
        out.append(dataclasses.replace(finding, span=span, message=clean_text(finding.message), fix=fix,
                                       related=related))
    sources = getattr(context, "sources", None)
    if sources and clean_path is not None:
        context = copy.copy(context)
        context.sources = {path(key): text for key, text in sources.items()}
    return out, context


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

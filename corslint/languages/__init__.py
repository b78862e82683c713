"""Languages beside Python: Go and Rust services, judged by the same rules.

A Go or Rust file is read, prefiltered and parsed with tree-sitter here, and each
library's configuration becomes the same :class:`~corslint.policy.CorsPolicy` that the
Python extractors produce, with that library's :class:`~corslint.policy.Semantics`.
From then on nothing knows the language: the rules, the findings, the output formats,
``// noqa`` suppression (``noqa.py``) and literal fixes are shared.

The pipeline for one file (``analyse``)::

    bytes -> prefilter (the same CORS markers) -> tree-sitter parse (COR001 on errors)
          -> extractors of the language (go/: rs/cors, go-chi/cors, net/http;
             rust/: tower-http, actix-cors) -> CorsPolicy[] -> rules -> findings

tree-sitter and the grammars are an optional extra (the ``go`` and ``rust`` extras):
this package imports them only when a Go or Rust file survives the prefilter, so a
Python-only tree never pays for them, and a tree with such files but without the extra
gets one notice, not an error per file.

Hook points elsewhere (each marked ``languages hook``): ``files/discover.py`` (the
suffixes), ``engine.py`` (routing these files here), ``noqa.py`` (``//`` comments),
``fixes/apply.py`` (the syntax check of a fixed file) and ``cli.py`` (the notice).
"""
from __future__ import annotations

import os
from typing import Dict, List, Optional

# File suffix -> language. Discovery walks these beside the Python suffixes.
SUFFIXES: Dict[str, str] = {".go": "go", ".rs": "rust"}
# The grammar module each language needs (besides tree_sitter itself).
GRAMMARS: Dict[str, str] = {"go": "tree_sitter_go", "rust": "tree_sitter_rust"}
# The extra's own packages, which install the support whatever corslint was installed from.
EXTRA_PACKAGES = "tree-sitter tree-sitter-go tree-sitter-rust"


_ASK = object()


def install_hint(direct_url=_ASK) -> str:
    """How to add Go and Rust support to this installation of corslint: the extra, named
    the way corslint itself was installed (from an index, a checkout, an editable
    checkout, a Git URL), as pip records it in ``direct_url.json`` (PEP 610). Where that
    cannot be told, the extra's packages themselves, which work in every case."""
    if direct_url is _ASK:
        direct_url = _installed_from()
    if direct_url is None:
        return f'pip install "corslint[go,rust]" (or pip install {EXTRA_PACKAGES})'
    url = direct_url.get("url", "") if isinstance(direct_url, dict) else ""
    if isinstance(direct_url, dict) and isinstance(direct_url.get("dir_info"), dict) and url.startswith("file://"):
        from urllib.parse import urlparse
        from urllib.request import url2pathname

        folder = url2pathname(urlparse(url).path)
        editable = "-e " if direct_url["dir_info"].get("editable") else ""
        return f'pip install {editable}"{folder}[go,rust]" (the checkout corslint was installed from)'
    if isinstance(direct_url, dict) and isinstance(direct_url.get("vcs_info"), dict) and url:
        vcs = direct_url["vcs_info"].get("vcs", "git")
        return f'pip install "corslint[go,rust] @ {vcs}+{url}"'
    return f"pip install {EXTRA_PACKAGES}"


def _installed_from() -> Optional[dict]:
    """corslint's ``direct_url.json``: None when it came from a package index, {} when
    that cannot be told (a source tree never installed, an unreadable record)."""
    import json
    from importlib import metadata

    try:
        text = metadata.distribution("corslint").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return {}  # running from a source tree that was never installed: say the packages
    if not text:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def language_for(path: Optional[str]) -> Optional[str]:
    """The language a path is written in, when it is one of ours and not Python."""
    if not path:
        return None
    return SUFFIXES.get(os.path.splitext(path)[1].lower())


def missing_support(language: str) -> Optional[str]:
    """The module that cannot be imported for ``language``, or None when it is installed."""
    from importlib.util import find_spec

    for module in ("tree_sitter", GRAMMARS[language]):
        try:
            if find_spec(module) is None:
                return module
        except (ImportError, ValueError):
            return module
    return None


def notice_for_missing(files_by_language: Dict[str, List[str]]) -> List[str]:
    """One line per language whose files were skipped because its parser is not installed."""
    lines = []
    for language, paths in sorted(files_by_language.items()):
        name = {"go": "Go", "rust": "Rust"}[language]
        example = paths[0]
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        lines.append(f"{len(paths)} {name} file(s) with CORS code ({example}{more}) were not checked: "
                     f"Go and Rust support needs tree-sitter ({install_hint()})")
    return lines

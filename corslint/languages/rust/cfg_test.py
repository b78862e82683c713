"""Rust test code written inside a service's own files: items under `#[cfg(test)]` (the
usual `mod tests { ... }`, or `#[cfg(test)] mod tests;` whose file is then all test code)
and functions marked as tests (`#[test]`, `#[tokio::test]`, `#[actix_web::test]`...).

Python and Go keep their tests in files of their own (`tests/`, `test_*.py`, `_test.go`),
which a user includes or leaves out with `extend-exclude` and `per-file-ignores`, as
corslint's configuration does for any file. Rust keeps unit tests beside the code they
test, where no path glob can reach them, and cargo compiles them only for `cargo test`
(`cargo build` and a plain `cargo clippy` never see them). So corslint leaves this code
out of a Rust file's analysis; a crate's test targets (`tests/`, `benches/`) are test
files like Python's and Go's, and are checked like them. docs/rust-tower-http.md and
docs/rust-actix-cors.md say so for users.
"""
from __future__ import annotations

import os
import re
from typing import List, Tuple

from corslint.languages.source import ForeignSource

# The folders of a crate whose files are cargo test targets (test files, not inline tests).
TEST_TARGET_FOLDERS = ("tests", "benches")
# `#[cfg(test)]`, `#[cfg(all(test, feature = "x"))]`; never `#[cfg(not(test))]`.
_CFG_TEST = re.compile(r"^cfg\((?:test|all\((?:[^()]*,)?\s*test\s*(?:,[^()]*)?\))\)$")
# The last segment of a test attribute's path: `test`, `tokio::test`, `rstest`, `sqlx::test`.
_TEST_ATTRIBUTE = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*::)*(?:test|rstest)(?:\(.*\))?$", re.S)


def in_test_target(path: str) -> bool:
    """Whether a Rust file belongs to a cargo test target (`tests/`, `benches/`)."""
    parts = path.replace(os.sep, "/").split("/")[:-1]
    return any(part in TEST_TARGET_FOLDERS for part in parts)


def test_code_lines(source: ForeignSource) -> List[Tuple[int, int]]:
    """The 1-based line ranges of a Rust file's inline test code (empty when it has none,
    or when the file is a test target, which is checked as a test file)."""
    if b"test" not in source.data or in_test_target(source.abspath or source.path):
        return []
    for node in source.root.named_children:
        if node.type == "inner_attribute_item" and _CFG_TEST.match(_attribute_text(source, node)):
            return [(1, source.root.end_point[0] + 1)]  # `#![cfg(test)]`: the whole file
    ranges: List[Tuple[int, int]] = []
    # Items sit in the file, in modules and in impl/trait bodies; function bodies, where
    # almost all of a file's nodes are, hold no test items worth the walk.
    bodies = [source.root]
    while bodies:
        for node in bodies.pop().named_children:
            if node.type in ("mod_item", "impl_item", "trait_item"):
                body = node.child_by_field_name("body")
                if body is not None:
                    bodies.append(body)
            if node.type != "attribute_item" or not _marks_test(_attribute_text(source, node)):
                continue
            item = node.next_named_sibling
            while item is not None and item.type in ("attribute_item", "line_comment", "block_comment"):
                item = item.next_named_sibling
            if item is not None:
                ranges.append((node.start_point[0] + 1, item.end_point[0] + 1))
    return ranges


def _attribute_text(source: ForeignSource, node) -> str:
    """`cfg(test)` for `#[cfg(test)]` (or `#![cfg(test)]`), spaces squeezed."""
    text = source.text_of(node).strip()
    text = text[2:] if text.startswith("#!") else text[1:]
    return re.sub(r"\s+", " ", text.strip()[1:-1]).strip()


def _marks_test(attribute: str) -> bool:
    return bool(_CFG_TEST.match(attribute) or _TEST_ATTRIBUTE.match(attribute))

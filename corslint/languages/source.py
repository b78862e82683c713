"""A Go or Rust file parsed with tree-sitter: its nodes, their text and their spans.

tree-sitter reports (row, byte column) points; corslint's spans use 0-based code-point
columns (libcst's convention), so columns are converted per line, and only for lines
that are not plain ASCII.
"""
from __future__ import annotations

from typing import Dict, Iterator, List, Optional

from corslint.policy import Span

_PARSERS: Dict[str, object] = {}


def parser_for(language: str):
    parser = _PARSERS.get(language)
    if parser is None:
        import tree_sitter

        if language == "go":
            import tree_sitter_go as grammar
        else:
            import tree_sitter_rust as grammar
        parser = _PARSERS[language] = tree_sitter.Parser(tree_sitter.Language(grammar.language()))
    return parser


class ForeignSource:
    """One parsed file. ``path`` is the display path findings carry."""

    def __init__(self, path: str, abspath: Optional[str], text: str, data: bytes, language: str):
        self.path = path
        self.abspath = abspath
        self.text = text
        self.data = data
        self.language = language
        self.tree = parser_for(language).parse(data)
        self.root = self.tree.root_node
        self._line_starts: Optional[List[int]] = None

    # -- text and positions -------------------------------------------------------
    def text_of(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def _column(self, row: int, byte_col: int) -> int:
        if self._line_starts is None:
            starts = [0]
            at = self.data.find(b"\n")
            while at != -1:
                starts.append(at + 1)
                at = self.data.find(b"\n", at + 1)
            self._line_starts = starts
        if row >= len(self._line_starts):
            return byte_col
        start = self._line_starts[row]
        prefix = self.data[start:start + byte_col]
        return byte_col if prefix.isascii() else len(prefix.decode("utf-8", "replace"))

    def span(self, node, end_node=None) -> Span:
        end = end_node if end_node is not None else node
        (r1, c1), (r2, c2) = node.start_point, end.end_point
        return Span(self.path, r1 + 1, self._column(r1, c1), r2 + 1, self._column(r2, c2))

    # -- syntax errors --------------------------------------------------------------
    def first_error(self):
        """The first ERROR or MISSING node, or None when the file parsed cleanly."""
        if not self.root.has_error:
            return None
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_error or node.is_missing:
                return node
            if node.has_error:
                stack.extend(reversed(node.children))
        return self.root


_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", "'": "'", '"': '"', "a": "\a",
                   "b": "\b", "f": "\f", "v": "\v"}


def unescape(inner: str) -> Optional[str]:
    """The body of a double-quoted Go or Rust literal with its escapes decoded (`\\n`,
    `\\"`, `\\x41`, `\\u00e9`, Rust's `\\u{e9}`); None for one not decoded for certain
    (a `\\x` byte above 0x7f, an octal byte)."""
    if "\\" not in inner:
        return inner
    import re

    out, at = [], 0
    for match in re.finditer(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", inner, re.S):
        out.append(inner[at:match.start()])
        at = match.end()
        code = match.group(1)
        if code in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[code])
        elif code[0] == "x" and int(code[1:], 16) < 0x80:
            out.append(chr(int(code[1:], 16)))
        elif code[0] in "uU" and len(code) > 1:
            number = int(code[1:].strip("{}"), 16)
            if number > 0x10FFFF:
                return None
            out.append(chr(number))
        else:
            return None
    out.append(inner[at:])
    return "".join(out)


def check_syntax(path: str, text: str) -> None:
    """Raise SyntaxError when a Go or Rust text (a fixed file) does not parse."""
    from corslint.languages import language_for

    source = ForeignSource(path, path, text, text.encode("utf-8"), language_for(path))
    error = source.first_error()
    if error is not None:
        raise SyntaxError(f"line {error.start_point[0] + 1} no longer parses")


def walk(node) -> Iterator:
    """Every named node below ``node`` (itself included), in source order, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))


def child(node, field: str):
    return node.child_by_field_name(field)


def enclosing(node, types) -> Optional[object]:
    current = node.parent
    while current is not None:
        if current.type in types:
            return current
        current = current.parent
    return None


def only_definition(node, name: str, scope_types, bindings_of, top_level: Dict[str, list]):
    """What ``name`` is bound to as seen from ``node``: the nearest enclosing scope (of
    ``scope_types``: a function, a closure) that binds it decides, else the top level
    (``bindings_of(scope)`` and ``top_level`` map a name to its bindings). None when that
    scope binds it more than once (which value reaches ``node`` is not known) or nothing
    does. Go and Rust values are looked up alike."""
    scope = node.parent
    while scope is not None:
        if scope.type in scope_types:
            found = bindings_of(scope).get(name)
            if found is not None:
                return found[0] if len(found) == 1 else None
        scope = scope.parent
    found = top_level.get(name)
    return found[0] if found is not None and len(found) == 1 else None


_FUNCTION_NODES = ("function_declaration", "method_declaration", "function_item")


def forwards_preset(source: "ForeignSource", call, preset: str) -> bool:
    """Whether a library preset (`cors.AllowAll()`, `CorsLayer::permissive()`) is called
    inside a function of the same name, as a wrapper library passes it on
    (`func AllowAll() *Cors { return New(cors.AllowAll()) }` in rs/cors's gin wrapper,
    `pub fn permissive(inner: S) -> Self` in tower-http itself): the choice of the preset
    is made where that function is called, not here."""
    function = enclosing(call, _FUNCTION_NODES)
    name = child(function, "name") if function is not None else None
    if name is None:
        return False
    return source.text_of(name).replace("_", "").lower() == preset.replace("_", "").lower()

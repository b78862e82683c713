"""The custom response headers a module sets (``X-Total-Count``, ``Link``…), for COR503.

COR503 (missing-expose-header) compares the headers an application sets in its views
with the expose list of its CORS policy. Those headers are set in modules that have
nothing to do with CORS otherwise (routers, views, middlewares), often many of them, so
this collector reads a module with CPython's own parser (``ast``, written in C, about
thirty times faster than libcst) and never needs libcst: a project whose views set
headers pays an ``ast.parse`` per view module, not a libcst parse and visit.

It recognises the write forms of :mod:`corslint.frameworks.handwritten.headers`, with
the same judgement of names and receivers (:mod:`corslint.frameworks.header_names`):

* ``X[name] = v`` and ``X.set/add/setdefault/append(name, v)`` where ``X`` is named for
  a response (``response.headers``, ``resp``), Tornado's ``set_header``/``add_header``;
* dict keys and ``(name, value)`` pairs inside a header context: a response's
  ``headers=`` argument, an ASGI message's ``"headers"``, ``response_headers = {...}``,
  ``response.headers.update({...})``;
* a FastAPI route's ``responses={200: {"headers": {...}}}``.

A header name is a string literal, or a name (or attribute) bound exactly once in the
module to a string literal. Names imported from other modules are not followed: a
module is kept aside for this pass only when it holds a quoted header name anyway
(``corslint.files.prefilter.may_set_response_headers``).
"""
from __future__ import annotations

import ast
import re
import warnings
from typing import Dict, FrozenSet, List, Optional, Tuple

from corslint.files.prefilter import quoted_header_names
from corslint.frameworks.header_names import (BULK_UPDATES, HEADER_WORD, RESPONSE_CALLEE, SETTERS,
                                              is_custom_response_header, looks_like_headers, names_a_response)
from corslint.policy import Span
from corslint.project import ResponseHeader

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try) + (
    (ast.TryStar,) if hasattr(ast, "TryStar") else ()) + ((ast.Match,) if hasattr(ast, "Match") else ())
_TRUSTED_SETTERS = ("set_header", "add_header")
_LEAVE = object()  # marks, on the walk's stack, the end of a node's children


def collect(text: str, path: str) -> Optional[List[ResponseHeader]]:
    """The custom response headers set in one module's source; None when CPython cannot
    parse it (its syntax error is not COR503's to report)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" and friends
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return None
    return _Collector(tree, text, path).run()


class _Collector:
    def __init__(self, tree: ast.Module, text: str, path: str):
        self.tree = tree
        self.text = text
        self.path = path
        self.headers: List[ResponseHeader] = []
        self._constants: Optional[Dict[str, object]] = None
        self._lines: Optional[List[str]] = None

    def run(self) -> List[ResponseHeader]:
        # Only statements on a line with a quoted header name, or with a name bound to one,
        # can write a header this collector recognises: the others are not walked.
        marked = _quoted_name_lines(self.text)
        watched = set()
        for statement, _key, _decorators in _statements(self.tree.body, self.path):
            if _on_lines(statement, marked) and isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                watched.update(t.id for t in targets if isinstance(t, ast.Name))
        if watched:
            marked = marked | _word_lines(self.text, watched)
        for statement, key, decorators in _statements(self.tree.body, self.path):
            for decorator in decorators or ():
                if _on_lines(decorator, marked):
                    self._route_responses(decorator, key)
            if decorators is None and _on_lines(statement, marked):
                self._statement(statement, key)
        return self.headers

    @property
    def constants(self) -> Dict[str, object]:
        if self._constants is None:
            self._constants = _single_string_bindings(self.tree)
        return self._constants

    def _route_responses(self, decorator, key: str) -> None:
        """FastAPI's ``responses={200: {"headers": {"X-Total-Count": {...}}}}``: the headers
        a route documents are the ones it sets, for browser code to read."""
        if not isinstance(decorator, ast.Call):
            return
        for keyword in decorator.keywords:
            if keyword.arg != "responses" or not isinstance(keyword.value, ast.Dict):
                continue
            for status in keyword.value.values:
                if not isinstance(status, ast.Dict):
                    continue
                for entry_key, entry in zip(status.keys, status.values):
                    if entry_key is not None and self._name(entry_key) == "headers" and isinstance(entry, ast.Dict):
                        for header_key, header_value in zip(entry.keys, entry.values):
                            name = self._name(header_key) if header_key is not None else None
                            if name and is_custom_response_header(name):
                                self._record(name, header_key, header_value, key, "documented")

    # -- one simple statement: the write forms, with header contexts ----------------
    def _statement(self, statement, key: str) -> None:
        context = 0  # how many enclosing nodes certainly hold response headers
        calls: List[str] = []  # callee names of the enclosing calls, innermost last
        stack = [(statement, False)]
        while stack:
            node, entered = stack.pop()
            if node is _LEAVE:
                if entered:
                    context -= 1
                continue
            if isinstance(node, ast.Call) and entered == "call":
                calls.pop()
                continue
            if isinstance(node, (ast.Lambda,) + _SCOPES):
                continue
            children = None
            opens = False
            if isinstance(node, ast.Assign):
                opens = any(_names_response_headers(self._text(t)) for t in node.targets)
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and not isinstance(target.slice, (ast.Tuple, ast.Slice)):
                        self._write(self._name(target.slice), node, key, receiver=self._text(target.value),
                                    trusted=False)
            elif isinstance(node, ast.Call):
                callee = _callee(node.func)
                receiver = self._text(node.func.value) if isinstance(node.func, ast.Attribute) else ""
                opens = callee in BULK_UPDATES and "resp" in receiver.lower() and looks_like_headers(receiver)
                positional = [a for a in node.args if not isinstance(a, ast.Starred)]
                if isinstance(node.func, ast.Attribute) and node.func.attr in SETTERS and len(positional) >= 2:
                    self._write(self._name(positional[0]), node, key, receiver=receiver,
                                trusted=node.func.attr in _TRUSTED_SETTERS, mode=SETTERS[node.func.attr])
                calls.append(callee)
                stack.append((node, "call"))  # pops the callee after the children
                children = list(node.args) + [_KeywordArg(k, callee) for k in node.keywords] + [node.func]
            elif isinstance(node, _KeywordArg):
                opens = node.opens
                children = [node.keyword.value]
            elif isinstance(node, ast.Dict):
                children = []
                for dict_key, value in zip(node.keys, node.values):
                    children.append(_Entry(dict_key, value))
            elif isinstance(node, _Entry):
                name = self._key_name(node.key, context) if node.key is not None else None
                self._write(name, node, key, receiver="", trusted=context > 0)
                opens = name is not None and name.lower() == "headers"  # an ASGI message's "headers"
                children = [c for c in (node.key, node.value) if c is not None]
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):
                # `x["a", "b"]`: CPython's parser makes the indices a tuple, libcst does not.
                children = [node.value, *node.slice.elts]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                self._write(self._key_name(node.elts[0], context), node, key, receiver="", trusted=context > 0)
            if opens:
                context += 1
            stack.append((_LEAVE, opens))
            if children is None:
                children = list(ast.iter_child_nodes(node))
            for child in reversed(children):
                stack.append((child, False))

    def _key_name(self, node, context: int) -> Optional[str]:
        """A dict key's or pair's header name: literals always, names only inside a header
        context (elsewhere a dict or tuple of data is far more common than one of headers)."""
        if isinstance(node, ast.Constant):
            return self._name(node)
        if isinstance(node, (ast.Name, ast.Attribute)) and context > 0:
            return self._name(node)
        return None

    def _write(self, name, node, key: str, receiver: str, trusted: bool, mode: str = "set") -> None:
        if name is None or not is_custom_response_header(name):
            return
        # Positive evidence of a response is needed: a trusted form (Tornado's set_header, a
        # response's headers= argument...) or a receiver named for a response.
        if trusted or names_a_response(receiver):
            self._record(name, node, None, key, mode)

    def _record(self, name: str, node, end_node, key: str, how: str) -> None:
        if isinstance(node, _Entry):
            start, end = node.key, node.value
        else:
            start, end = node, end_node or node
        self.headers.append(ResponseHeader(name, Span(self.path, start.lineno, self._column(start.lineno, start.col_offset),
                                                      end.end_lineno, self._column(end.end_lineno, end.end_col_offset)),
                                           key, how))

    # -- names and text ------------------------------------------------------------
    def _name(self, node) -> Optional[str]:
        """A header name written as a literal, a concatenation of literals, or a name bound
        once to one."""
        if isinstance(node, ast.Constant):
            value = node.value
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._name(node.left), self._name(node.right)
            return left + right if left is not None and right is not None else None
        elif isinstance(node, ast.Name):
            value = self.constants.get(node.id)
        elif isinstance(node, ast.Attribute):
            value = self.constants.get(node.attr)
        else:
            return None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return value if isinstance(value, str) else None

    def _text(self, node) -> str:
        if isinstance(node, ast.Name):
            return node.id
        try:
            return ast.unparse(node)
        except (RecursionError, ValueError):
            return ""

    def _column(self, line: int, byte_column: int) -> int:
        """CPython counts columns in UTF-8 bytes, corslint (like libcst) in characters."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        if text.isascii():
            return byte_column
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace"))


class _KeywordArg:
    """A call's keyword argument: a header context when it is `headers=` of a response."""

    def __init__(self, keyword: ast.keyword, callee: str):
        self.keyword = keyword
        self.opens = keyword.arg is not None and HEADER_WORD.search(keyword.arg) is not None and \
            RESPONSE_CALLEE.search(callee) is not None


class _Entry:
    """One ``key: value`` of a dict literal (``key`` is None for ``**mapping``)."""

    def __init__(self, key, value):
        self.key = key
        self.value = value


def _names_response_headers(target_text: str) -> bool:
    """`response_headers = {...}` / `resp.headers = {...}`: named for a response's headers. A
    plain `headers = {...}` is as often an outgoing request's, so it is not enough."""
    return HEADER_WORD.search(target_text) is not None and "resp" in target_text.lower()


def _callee(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _single_string_bindings(tree: ast.Module) -> Dict[str, object]:
    """Names (and attribute names of classes) bound exactly once in the module, to a string
    literal: `TOTAL_COUNT = "X-Total-Count"`."""
    bindings: Dict[str, int] = {}
    values: Dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bindings[node.id] = bindings.get(node.id, 0) + 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bindings[node.name] = bindings.get(node.name, 0) + 1
        elif isinstance(node, ast.arg):
            bindings[node.arg] = bindings.get(node.arg, 0) + 1
        elif isinstance(node, ast.alias):
            bound = node.asname or node.name.split(".")[0]
            bindings[bound] = bindings.get(bound, 0) + 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, (str, bytes)):
            values[node.targets[0].id] = node.value.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, (str, bytes)):
            values[node.target.id] = node.value.value
    return {name: value for name, value in values.items() if bindings.get(name) == 1}


def _statements(body, path: str, names: Tuple[str, ...] = (), key: Optional[str] = None):
    """(statement, function key, decorators) for every simple statement and every function
    (whose decorators are given; None for a simple statement), at any depth."""
    key = key or f"{path}:<module>"
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = names + (statement.name,)
            function_key = f"{path}:{'.'.join(inner)}"
            yield statement, function_key, statement.decorator_list
            yield from _statements(statement.body, path, inner, function_key)
        elif isinstance(statement, ast.ClassDef):
            yield from _statements(statement.body, path, names + (statement.name,), key)
        elif isinstance(statement, _COMPOUND):
            for field in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(statement, field, ()) or (), path, names, key)
            for handler in getattr(statement, "handlers", ()) or ():
                yield from _statements(handler.body, path, names, key)
            for case in getattr(statement, "cases", ()) or ():
                yield from _statements(case.body, path, names, key)
        else:
            yield statement, key, None


def _quoted_name_lines(text: str) -> FrozenSet[int]:
    """The line numbers holding a quoted custom header name (the prefilter's search)."""
    lowered = text.lower().encode("utf-8", "surrogatepass")
    lines = set()
    line, counted = 1, 0
    for at in sorted(quoted_header_names(lowered)):
        line += lowered.count(b"\n", counted, at)
        counted = at
        lines.add(line)
    return frozenset(lines)


def _word_lines(text: str, words) -> FrozenSet[int]:
    """The line numbers where one of these names occurs as a word."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")
    lines = set()
    line, counted = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.add(line)
    return frozenset(lines)


def _on_lines(node, lines) -> bool:
    """Whether a node spans one of these lines."""
    start, end = node.lineno, getattr(node, "end_lineno", None) or node.lineno
    if end - start < 8:
        return any(line in lines for line in range(start, end + 1))
    return any(start <= line <= end for line in lines)

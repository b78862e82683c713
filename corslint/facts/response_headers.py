"""The custom response headers a module sets (``X-Total-Count``, ``Link``…), for COR503.

COR503 (missing-expose-header) compares the headers an application sets in its views
with the expose list of its CORS policy. Those headers are set in modules that have
nothing to do with CORS otherwise (routers, views, middlewares), often many of them, so
this collector reads a module with CPython's own parser (``ast``, written in C, about
thirty times faster than libcst) and never needs libcst: a project whose views set
headers pays an ``ast.parse`` per view module, not a libcst parse and visit.

It recognises the write forms of :mod:`corslint.frameworks.handwritten.headers`, with
the same judgement of names and receivers (:mod:`corslint.header_names`):

* ``X[name] = v`` and ``X.set/add/setdefault/append(name, v)`` where ``X`` is named for
  a response (``response.headers``, ``resp``), Tornado's ``set_header``/``add_header`` on a handler,
  ``self.send_header`` in an http.server request handler;
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
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple

from corslint.files.prefilter import quoted_header_names
from corslint.header_names import (BULK_UPDATES, HEADER_WORD, RESPONSE_CALLEE, SETTERS,
                                              http_server_handlers, is_custom_response_header, looks_like_headers,
                                              names_a_response)
from corslint.policy import Span
from corslint.facts import ResponseHeader

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try) + (
    (ast.TryStar,) if hasattr(ast, "TryStar") else ()) + ((ast.Match,) if hasattr(ast, "Match") else ())
_TRUSTED_SETTERS = ("set_header", "add_header")
_LEAVE = object()  # marks, on the walk's stack, the end of a node's children
_OTHER = ("other",)  # a binding whose value is not a string literal (a loop target, a parameter...)
Imported = Callable[[str, int, str], Optional[str]]


def _http_server_handler_classes(tree: ast.Module) -> set:
    """(line, column) of every class based on a request handler of http.server or
    xmlrpc.server (:func:`corslint.header_names.http_server_handlers`, as the libcst reader
    judges)."""
    imports, classes = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level:
            imports.extend((node.module, alias.name, alias.asname) for alias in node.names)
        elif isinstance(node, ast.Import):
            imports.extend((alias.name, None, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ClassDef):
            classes.append(node)
    handlers = http_server_handlers(imports, [(node.name, [_dotted(base) for base in node.bases]) for node in classes])
    return {(classes[index].lineno, classes[index].col_offset) for index in handlers}


def collect(text: str, path: str, imported: Optional[Imported] = None) -> Optional[List[ResponseHeader]]:
    """The custom response headers set in one module's source; None when CPython cannot
    parse it (its syntax error is not COR503's to report). ``imported(module, level,
    name)`` gives the string another module binds to a name (a constant imported by name,
    or read as `module.NAME`), or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" and friends
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return None
    return _Collector(tree, text, path, imported).run()


class _Collector:
    def __init__(self, tree: ast.Module, text: str, path: str, imported: Optional[Imported] = None):
        self.tree = tree
        self.imported = imported
        self._scopes: Tuple[Tuple[str, str], ...] = ()  # of the statement being walked
        self._comprehension_names: List[set] = []  # variables of the comprehensions we are in
        # Lines as CPython counts them: "\r\n", "\r" and "\n" each end one.
        self.text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        self.path = path
        self.headers: List[ResponseHeader] = []
        self._constants: Optional[Dict[str, object]] = None
        self._lines: Optional[List[str]] = None
        # Where the classes that may be Tornado handlers start (see _handler), once needed.
        self._handler_classes: Optional[set] = None
        self._http_server_classes: Optional[set] = None  # (line, column) of http.server handlers

    def run(self) -> List[ResponseHeader]:
        # Only statements on a line with a quoted header name, or with a name bound to one,
        # can write a header this collector recognises: the others are not walked.
        marked = _quoted_name_lines(self.text)
        watched, attributes = set(), set()
        for statement, _key, _decorators, _scopes in _statements(self.tree.body, self.path):
            if _on_lines(statement, marked) and isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                watched.update(t.id for t in targets if isinstance(t, ast.Name))
            elif self.imported is not None and isinstance(statement, (ast.Import, ast.ImportFrom)):
                # Constants from other modules: `from .names import TOTAL`, `names.TOTAL`.
                for alias in statement.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    if isinstance(statement, ast.ImportFrom) and _constant_like(alias.name):
                        watched.add(bound)
                    elif alias.name != "*":
                        attributes.add(bound)
        if watched or attributes:
            marked = marked | _word_lines(self.text, watched, attributes)
        for statement, key, decorators, scopes in _statements(self.tree.body, self.path):
            self._scopes = scopes
            for decorator in decorators or ():
                if _on_lines(decorator, marked):
                    self._route_responses(decorator, key)
            if decorators is None and _on_lines(statement, marked):
                self._statement(statement, key)
        return self.headers

    @property
    def bindings(self) -> Dict[str, Dict[str, list]]:
        if self._constants is None:
            self._constants = scope_bindings(self.tree)
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
            if entered == "comprehension":
                self._comprehension_names.pop()
                continue
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                # Its variables hide the same names outside it, in all of it.
                self._comprehension_names.append({target.id for generator in node.generators
                                                  for target in ast.walk(generator.target)
                                                  if isinstance(target, ast.Name)})
                stack.append((node, "comprehension"))
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
                                trusted=node.func.attr in _TRUSTED_SETTERS and self._handler(receiver),
                                mode=SETTERS[node.func.attr])
                elif isinstance(node.func, ast.Attribute) and node.func.attr == "send_header" \
                        and len(positional) >= 2 and receiver == "self" and self._http_server_handler():
                    self._write(self._name(positional[0]), node, key, receiver=receiver, trusted=True, mode="add")
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

    def _handler(self, receiver: str) -> bool:
        """Whether ``set_header``/``add_header`` is called on what may be a Tornado
        ``RequestHandler``: ``self`` in a class named or based on a handler (or in a module
        that imports tornado), or a value named for a handler. The same method names
        belong to mail (``MIMEBase.add_header``), outgoing requests
        (``urllib.request.Request.add_header``) and wsgiref's ``Headers``, whose headers
        no browser reads; a response named as such (``resp.set_header``: Falcon, Bottle)
        counts by its name."""
        words = [w for w in re.split(r"[.\[\]()]", receiver) if w]
        if not words:
            return False
        if words[-1] not in ("self", "cls"):
            return "handler" in words[-1].lower()
        classes = [key for kind, key in self._scopes if kind == "class"]
        if len(words) > 1 or not classes:
            return False
        if self._handler_classes is None:
            imports_tornado = any(
                (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "tornado" for a in node.names))
                or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tornado")
                for node in ast.walk(self.tree))
            self._handler_classes = {
                (node.lineno, node.col_offset) for node in ast.walk(self.tree) if isinstance(node, ast.ClassDef)
                and (imports_tornado or any("handler" in self._text(part).lower()
                                            for part in [ast.Name(node.name)] + node.bases))}
        line, _, column = classes[-1].rpartition("@")[2].partition(":")
        return (int(line), int(column)) in self._handler_classes

    def _http_server_handler(self) -> bool:
        """Whether the statement is in a class based on one of http.server's request
        handlers (directly, by an alias or dotted name, or through another such class of
        the module), whose ``send_header`` writes a response header."""
        classes = [key for kind, key in self._scopes if kind == "class"]
        if not classes:
            return False
        if self._http_server_classes is None:
            self._http_server_classes = _http_server_handler_classes(self.tree)
        line, _, column = classes[-1].rpartition("@")[2].partition(":")
        return (int(line), int(column)) in self._http_server_classes

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
        """A header name written as a literal, a concatenation of literals, or a name (or
        attribute) bound once to one, here or in an imported module."""
        if isinstance(node, ast.Constant):
            value = node.value
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._name(node.left), self._name(node.right)
            return left + right if left is not None and right is not None else None
        elif isinstance(node, ast.Name):
            value = self._value(self._binding(node.id))
        elif isinstance(node, ast.Attribute):
            value = self._attribute(node)
        else:
            return None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return value if isinstance(value, str) else None

    def _binding(self, name: str, scopes=None):
        """How ``name`` is bound as seen from the statement being walked: the only binding
        in the nearest scope that binds it (class scopes count only for their own body),
        ``_OTHER`` when that scope binds it more than once, None when nothing does."""
        scopes = self._scopes if scopes is None else scopes
        if any(name in shadowed for shadowed in self._comprehension_names):
            return _OTHER  # a comprehension's own variable
        for depth, (kind, key) in enumerate(reversed(scopes)):
            if kind == "class" and depth > 0:
                continue
            names = self.bindings.get(key, {})
            found = names.get(name)
            if found == [("global",)]:
                break  # `global name`: the module's
            if found:
                return found[0] if len(found) == 1 and "*" not in names else _OTHER
        names = self.bindings.get("", {})
        found = names.get(name)
        if found:
            return found[0] if len(found) == 1 and "*" not in names else _OTHER
        return None

    def _value(self, binding):
        if isinstance(binding, (str, bytes)):
            return binding
        if binding and binding[0] == "from" and self.imported is not None:
            _kind, module, level, name = binding
            return self.imported(module, level, name)
        return None

    def _attribute(self, node: ast.Attribute):
        """`Names.TOTAL` (a class of this module), `self.TOTAL` (the enclosing class),
        `names.TOTAL` / `pkg.names.TOTAL` (an imported module)."""
        base = node.value
        if isinstance(base, ast.Name) and base.id in ("self", "cls"):
            classes = [key for kind, key in self._scopes if kind == "class"]
            found = self.bindings.get(classes[-1], {}).get(node.attr) if classes else None
            return self._value(found[0]) if found and len(found) == 1 else None
        dotted = _dotted(base)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        binding = self._binding(head)
        if binding and binding[0] == "class" and not rest:
            found = self.bindings.get(binding[1], {}).get(node.attr)
            return self._value(found[0]) if found and len(found) == 1 else None
        if self.imported is None or not binding:
            return None
        if binding[0] == "module":  # import pkg.names [as n]: n.TOTAL or pkg.names.TOTAL
            return self.imported(binding[1] + (f".{rest}" if rest else ""), 0, node.attr)
        if binding[0] == "from":  # from pkg import names: names.TOTAL
            _kind, module, level, name = binding
            return self.imported(".".join(p for p in (module, name, rest) if p), level, node.attr)
        return None

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


def _statements(body, path: str, names: Tuple[str, ...] = (), key: Optional[str] = None, scopes=()):
    """(statement, function key, decorators, scopes) for every simple statement and every
    function (whose decorators are given; None for a simple statement), at any depth.
    ``scopes`` are the enclosing ("function" | "class", scope key) pairs, outermost first."""
    key = key or f"{path}:<module>"
    for statement in body:
        parent = scopes[-1][1] if scopes else ""
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = names + (statement.name,)
            function_key = f"{path}:{'.'.join(inner)}"
            yield statement, function_key, statement.decorator_list, scopes
            yield from _statements(statement.body, path, inner, function_key,
                                   scopes + (("function", _scope_key(parent, statement)),))
        elif isinstance(statement, ast.ClassDef):
            inner = names + (statement.name,)
            yield from _statements(statement.body, path, inner, key,
                                   scopes + (("class", _scope_key(parent, statement)),))
        elif isinstance(statement, _COMPOUND):
            for block in _blocks(statement):
                yield from _statements(block, path, names, key, scopes)
        else:
            yield statement, key, None, scopes


def scope_bindings(tree: ast.Module) -> Dict[str, Dict[str, list]]:
    """Per scope (see :func:`_scope_key`; "" for the module): name -> its bindings, each a
    string literal, ("from", module, level, name), ("module", dotted), ("class", scope key),
    ("global",) (the name is the module's, in that function) or _OTHER."""
    scopes: Dict[str, Dict[str, list]] = {}
    declared_global: Dict[str, set] = {}

    def bind(scope: str, name: str, how) -> None:
        if name in declared_global.get(scope, ()):
            scope = ""  # `global NAME` in this function: assignments bind the module's name
        scopes.setdefault(scope, {}).setdefault(name, []).append(how)

    def bind_targets(scope: str, target) -> None:
        for node in ast.walk(target):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                bind(scope, node.id, _OTHER)
            elif node.__class__.__name__ in ("MatchAs", "MatchStar") and getattr(node, "name", None):
                bind(scope, node.name, _OTHER)  # match captures
            elif node.__class__.__name__ == "MatchMapping" and getattr(node, "rest", None):
                bind(scope, node.rest, _OTHER)

    def walk(body, scope: str, function: bool) -> None:
        for statement in body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bind(scope, statement.name, _OTHER)
                inner = _scope_key(scope, statement)
                declared_global[inner] = {name for node in _own_statements(statement.body)
                                          if isinstance(node, ast.Global) for name in node.names}
                for name in declared_global[inner]:
                    scopes.setdefault(inner, {}).setdefault(name, []).append(("global",))
                arguments = statement.args
                for argument in [*getattr(arguments, "posonlyargs", []), *arguments.args, *arguments.kwonlyargs,
                                 arguments.vararg, arguments.kwarg]:
                    if argument is not None:
                        bind(inner, argument.arg, _OTHER)
                walk(statement.body, inner, True)
            elif isinstance(statement, ast.ClassDef):
                inner = _scope_key(scope, statement)
                bind(scope, statement.name, ("class", inner))
                walk(statement.body, inner, False)
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                value = statement.value
                literal = value.value if isinstance(value, ast.Constant) and isinstance(value.value, (str, bytes)) \
                    else _OTHER
                for target in targets:
                    if isinstance(target, ast.Name):
                        if value is not None:
                            bind(scope, target.id, literal if len(targets) == 1 else _OTHER)
                        elif function:
                            bind(scope, target.id, _OTHER)  # `name: str` makes it local, unassigned
                    else:
                        bind_targets(scope, target)
            elif isinstance(statement, (ast.AugAssign, ast.Delete)):
                for target in (statement.targets if isinstance(statement, ast.Delete) else [statement.target]):
                    bind_targets(scope, target)
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.asname:
                        bind(scope, alias.asname, ("module", alias.name))
                    else:
                        bind(scope, alias.name.split(".")[0], ("module", alias.name.split(".")[0]))
            elif isinstance(statement, ast.ImportFrom):
                for alias in statement.names:
                    if alias.name != "*":
                        bind(scope, alias.asname or alias.name,
                             ("from", statement.module or "", statement.level or 0, alias.name))
                    else:  # names it brings in are not known here: any name may be rebound
                        scopes.setdefault(scope, {}).setdefault("*", []).append(_OTHER)
            elif isinstance(statement, ast.Nonlocal):
                for name in statement.names:
                    bind(scope, name, _OTHER)
            elif isinstance(statement, _COMPOUND):
                if isinstance(statement, (ast.For, ast.AsyncFor)):
                    bind_targets(scope, statement.target)
                for item in getattr(statement, "items", ()) or ():
                    if item.optional_vars is not None:
                        bind_targets(scope, item.optional_vars)
                for handler in getattr(statement, "handlers", ()) or ():
                    if handler.name:
                        bind(scope, handler.name, _OTHER)
                for case in getattr(statement, "cases", ()) or ():
                    bind_targets(scope, case.pattern)
                for block in _blocks(statement):
                    walk(block, scope, function)
            # Walrus targets bind in the enclosing function.
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for node in _own_expressions(statement):
                    if isinstance(node, ast.NamedExpr):
                        bind(scope, node.target.id, _OTHER)

    walk(tree.body, "", False)
    return scopes


def _scope_key(parent: str, node) -> str:
    """A function's or class's scope: its qualified name and where it starts, since two
    functions may share a name (`@app.get` and `@app.post` handlers, property accessors)."""
    return f"{parent}/{node.name}@{node.lineno}:{node.col_offset}"


def _blocks(statement):
    """The statement lists of a compound statement: its body, else and finally blocks, and
    each except handler's and match case's body (the order every walk here uses)."""
    for field in ("body", "orelse", "finalbody"):
        yield getattr(statement, field, ()) or ()
    for clause in (*(getattr(statement, "handlers", ()) or ()), *(getattr(statement, "cases", ()) or ())):
        yield clause.body


def _own_statements(body):
    """The statements of a function body, nested blocks included, nested scopes not."""
    for statement in body:
        yield statement
        if isinstance(statement, _COMPOUND):
            for block in _blocks(statement):
                yield from _own_statements(block)


def _own_expressions(statement):
    """The expression nodes of a statement, not of the statements nested in it."""
    for field, value in ast.iter_fields(statement):
        if field in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, ast.AST):
                yield from ast.walk(item)


def _dotted(node) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _constant_like(name: str) -> bool:
    """TOTAL_COUNT_HEADER, not a class or a function: what a header-name constant is called."""
    return name.upper() == name and any(c.isalpha() for c in name)


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


def _word_lines(text: str, words, attribute_bases=()) -> FrozenSet[int]:
    """The line numbers where one of these names occurs as a word, or an attribute of one
    of ``attribute_bases`` is read (`names.TOTAL`)."""
    alternatives = [re.escape(w) + r"\b" for w in sorted(words)]
    # `names.` anywhere on the line: more lines than `names.TOTAL` needs, in linear time.
    alternatives += [re.escape(b) + r"\." for b in sorted(attribute_bases)]
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")")
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


class ImportedConstants:
    """The string constants other modules bind to names, for the response-header collector:
    `from .names import TOTAL` and `names.TOTAL` are followed (re-exports too, a few steps
    deep) with CPython's parser, like the collector itself; what each read depends on is
    recorded for the cache (path -> content hash, or None for a path looked for and absent)."""

    MAX_STEPS = 4

    def __init__(self, roots: List[str], overlay: Dict[str, bytes]):
        self.roots = roots
        self.overlay = overlay
        self._modules: Dict[str, tuple] = {}  # path -> (content hash, module-level bindings)

    def reader(self, importer: str, deps: Dict[str, Optional[str]]):
        return lambda module, level, name: self.value(importer, module, level, name, deps, 0)

    def value(self, importer: str, module: str, level: int, name: str, deps, steps: int):
        from corslint.files.imports import find_module_path

        path = find_module_path(module, level, importer, self.roots, lambda p, _data: deps.setdefault(p, None))
        if path is None or steps >= self.MAX_STEPS:
            return None
        digest, bindings = self._read(path)
        deps[path] = digest
        found = bindings.get(name) if bindings is not None else None
        if not found or len(found) != 1:
            return None
        binding = found[0]
        if isinstance(binding, (str, bytes)):
            return binding
        if binding[0] == "from":
            _kind, source, source_level, source_name = binding
            return self.value(path, source, source_level, source_name, deps, steps + 1)
        return None

    def _read(self, path: str):
        if path not in self._modules:
            from corslint.files.decode import DecodeError, decode_source
            from corslint.files.hashing import content_hash
            from corslint.files.imports import read_module_bytes

            try:
                data = read_module_bytes(path, self.overlay)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    bindings = scope_bindings(ast.parse(decode_source(data).text)).get("", {})
                self._modules[path] = (content_hash(data), bindings)
            except (OSError, DecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
                self._modules[path] = (None, None)
        return self._modules[path]

"""The package's layers, written down and checked: no import cycle, no upward import,
and no module reaching into another module's private names.

Every import counts, also one inside a function (a lazy import is still a dependency).
A module may import modules of its own layer and of the layers listed before it. A new
module must be placed in a layer here; the layers are drawn in docs/architecture.md.
"""
from __future__ import annotations

import ast
import os
from typing import Dict, List, Set, Tuple

import corslint

PACKAGE_DIR = os.path.dirname(os.path.abspath(corslint.__file__))

# Lowest first. A prefix names a module and everything below it; the longest prefix wins.
LAYERS: List[Tuple[str, Tuple[str, ...]]] = [
    ("model", ("corslint", "corslint.policy", "corslint.diagnostics", "corslint.header_names", "corslint.noqa",
               "corslint.config_search", "corslint.config", "corslint.limits", "corslint.budget", "corslint.escape",
               # Which files are Go or Rust, and which libraries each rule covers: plain data.
               "corslint.languages", "corslint.languages.coverage")),
    ("files", ("corslint.files",)),
    ("origins", ("corslint.origins",)),
    ("parsing", ("corslint.parsing", "corslint.languages.source")),
    ("facts", ("corslint.facts",)),
    ("values", ("corslint.values",)),
    ("frameworks", ("corslint.frameworks",)),
    ("fixes", ("corslint.fixes",)),
    # Go and Rust extractors (tree-sitter), their response headers and literal fixes.
    ("languages", ("corslint.languages.go", "corslint.languages.rust", "corslint.languages.fixes",
                   "corslint.languages.response_headers", "corslint.languages.values")),
    ("rules", ("corslint.rules",)),
    ("output", ("corslint.output",)),
    # The run machinery, bottom-up: plain data and start-up first, the engine last.
    ("run: data", ("corslint.run", "corslint.run.model", "corslint.run.fastpath", "corslint.run.gate")),
    ("run: cache", ("corslint.run.cache",)),
    ("run: one file", ("corslint.run.analyser", "corslint.run.collectors", "corslint.languages.analyse")),
    ("run: workers", ("corslint.run.workers",)),
    ("run: engine", ("corslint.run.engine",)),
    ("front ends", ("corslint.settings", "corslint.baseline", "corslint.api", "corslint.cli", "corslint.flake8",
                    "corslint.lsp", "corslint.__main__")),
]


def _modules() -> Dict[str, str]:
    found = {}
    for directory, subdirs, files in os.walk(PACKAGE_DIR):
        subdirs[:] = [d for d in subdirs if d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                dotted = "corslint." + os.path.relpath(path, PACKAGE_DIR)[:-3].replace(os.sep, ".")
                found[dotted[:-len(".__init__")] if dotted.endswith(".__init__") else dotted] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> int:
    best, best_length = None, -1
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact = prefix in ("corslint", "corslint.run")  # the packages themselves, not what they hold
            if (module == prefix or (not exact and module.startswith(prefix + "."))) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    assert best is not None, f"{module} is in no layer: place it in LAYERS (tests/test_layers.py)"
    return best


def _imports(module: str, path: str):
    """(imported module, names taken from it, line) for every import of corslint modules."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "corslint":
                    yield alias.name, (), node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "corslint":
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, (), node.lineno
                else:
                    yield source, (alias.name,), node.lineno


def _graph() -> Dict[str, Set[str]]:
    return {module: {target for target, _names, _line in _imports(module, path)
                     if target in MODULES and target != module}
            for module, path in MODULES.items()}


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


def test_no_upward_import():
    upward = []
    for module, path in MODULES.items():
        own = layer_of(module)
        for target, _names, line in _imports(module, path):
            if target in MODULES and layer_of(target) > own:
                upward.append(f"{os.path.relpath(path, PACKAGE_DIR)}:{line}: {module} ({LAYERS[own][0]}) imports "
                              f"{target} ({LAYERS[layer_of(target)][0]})")
    assert upward == []


def test_no_import_cycle():
    graph = _graph()
    cycles = []
    state: Dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, trail: List[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_uses_another_modules_private_names():
    """`from x import _name`, and `x._name` where x is an imported corslint module."""
    found = []
    for module, path in MODULES.items():
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        aliases = {}
        for target, names, line in _imports(module, path):
            for name in names:
                if name.startswith("_") and not name.startswith("__"):
                    found.append(f"{module}:{line}: from {target} import {name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("corslint"):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("corslint.") and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                    and node.attr.startswith("_") and not node.attr.startswith("__"):
                found.append(f"{module}:{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    assert found == []


def test_the_layers_catch_an_upward_import():
    """The check itself: a rule importing the engine would be reported."""
    assert layer_of("corslint.rules.cor101_wildcard_with_credentials") < layer_of("corslint.run.engine")
    assert layer_of("corslint.parsing.parse") < layer_of("corslint.values.resolver")
    assert layer_of("corslint.run.analyser") < layer_of("corslint.run.workers") < layer_of("corslint.run.engine")


def test_every_extractor_satisfies_the_protocol():
    import importlib
    import inspect

    from corslint.frameworks import EXTRACTOR_MODULES, Extractor

    expected = {name: list(inspect.signature(getattr(Extractor, name)).parameters)[1:] for name in ("wants", "extract")}
    for name in EXTRACTOR_MODULES:
        module = importlib.import_module(name)
        assert isinstance(module.MARKERS, tuple) and module.MARKERS and \
            all(isinstance(m, bytes) for m in module.MARKERS), name
        for function, parameters in expected.items():
            assert list(inspect.signature(getattr(module, function)).parameters) == parameters, (name, function)
        assert module.wants(module.MARKERS[0]) is True, name

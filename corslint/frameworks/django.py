"""django-cors-headers (4.9.0): ``CORS_*`` settings, ``MIDDLEWARE`` and ``INSTALLED_APPS``.

A settings module is evaluated statement by statement, the way Django executes it:
``from .base import *`` (or ``from project.settings.base import *``) inside the project
first brings in everything the imported module ends up with, later assignments
override, and ``+=`` / ``.append`` / ``.extend`` / ``.insert`` / ``.remove`` change the
value inherited so far. So ``production.py`` is judged with what it inherits, and every
option remembers the module that set it (``Option.inherited_from``). A branch whose
condition is not known statically makes the names it assigns unknown, except that an
evidently production branch (``if not DEBUG:``, ``if ENVIRONMENT == "production":``)
is also judged on its own, as the production configuration.

Semantics, from ``corsheaders/conf.py``, ``middleware.py`` and ``checks.py``: the new
setting names win over the old aliases (``getattr(settings, NEW, getattr(settings,
OLD, default))``); literal origins match when ``urlsplit`` gives the same scheme and
netloc (so a path is ignored, and an entry without a scheme has the empty scheme and
netloc of ``null``); regexes use ``re.match``; a string where a sequence is expected is
iterated per character; ``"*"`` is never special in ``CORS_ALLOWED_ORIGINS``;
``CORS_ALLOW_ALL_ORIGINS`` with ``CORS_ALLOW_CREDENTIALS`` echoes every origin.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Tuple

import libcst as cst

from corslint import budget
from corslint.frameworks.common import ScopedVisitor
from corslint.frameworks.django_project import (DJANGO_ONLY_SETTINGS, imports_other_framework,
                                                read_as_attributes, reads_own_cors_names, shows_corsheaders)
from corslint.policy import (SEQUENCE_KINDS, CorsPolicy, DeprecatedOption, MiddlewareEntry, Option, Placement,
                             Semantics, Span, Value, env_string_name)
from corslint.parsing.scopes import dotted_name
from corslint.parsing.walk import nodes_of, walk_statements
from corslint.values.branches import (DEVELOPMENT_NAME, PRODUCTION_NAME, arms_for_test, branch_direction,
                                      match_arms, test_code, try_arms)
from corslint.values.possibilities import explore
from corslint.values.resolver import too_large

MARKERS = (b"CORS_", b"corsheaders", b"import *")


def wants(data: bytes) -> bool:
    """Whether this module may hold Django CORS settings: the markers, with star imports
    recognised by the prefilter's own test (any spacing), never by a literal."""
    from corslint.files.prefilter import may_inherit_settings

    return b"CORS_" in data or b"corsheaders" in data or may_inherit_settings(data)

SEMANTICS = Semantics(
    framework="django",
    display="django-cors-headers",
    version_note="django-cors-headers 4.9",
    regex_mode="match",
    regex_ignore_case=False,
    origins_case_sensitive=True,
    string_as_sequence="characters",
    wildcard_credentials="reflect",
    wildcard_headers="literal",
    methods_case_sensitive=True,
    star_origin_means_any=False,
    unknown_option_effect="ignored",
    origin_compare="scheme-netloc",
    schemeless_origin_matches_null=True,
    regex_setting="CORS_ALLOWED_ORIGIN_REGEXES",
)

# conf.py: the settings read, with their defaults.
DEFAULT_HEADERS = ("accept", "authorization", "content-type", "user-agent", "x-csrftoken", "x-requested-with")
DEFAULT_METHODS = ("DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT")
CURRENT_SETTINGS = {
    "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_ALL_ORIGINS", "CORS_URLS_REGEX",
    "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS", "CORS_PREFLIGHT_MAX_AGE",
    "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_PRIVATE_NETWORK",
}
# Old name -> new name (renamed in 3.5.0; the new name wins when both are set).
ALIASES = {
    "CORS_ORIGIN_WHITELIST": "CORS_ALLOWED_ORIGINS",
    "CORS_ORIGIN_REGEX_WHITELIST": "CORS_ALLOWED_ORIGIN_REGEXES",
    "CORS_ORIGIN_ALLOW_ALL": "CORS_ALLOW_ALL_ORIGINS",
}
REMOVED = {
    "CORS_MODEL": "removed in 3.0.0 (system check corsheaders.E012 fails while it is set)",
    "CORS_REPLACE_HTTPS_REFERER": "removed in 4.0.0 together with CorsPostCsrfMiddleware "
                                  "(system check corsheaders.E013 fails while it is set)",
}
KNOWN_SETTINGS = CURRENT_SETTINGS | set(ALIASES) | set(REMOVED)

CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
REMOVED_MIDDLEWARE = {"corsheaders.middleware.CorsPostCsrfMiddleware"}
# Middleware that answers requests itself (redirects, 403s, static files, cached or 304
# responses): above CorsMiddleware, those responses carry no CORS headers.
RESPONDING_MIDDLEWARE = {
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
}
# Middleware that never answers a request itself.
PASS_THROUGH_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.cache.UpdateCacheMiddleware",
    CORS_MIDDLEWARE,
}
# Settings only a Django project assigns: a module whose chain assigns none of them and
# never mentions Django is some other framework's config (FastAPI's `CORS_ORIGINS`).
DJANGO_SETTINGS = {"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION"}

MAX_CHAIN = 12
# Evidence in code (not comments) that a module belongs to a Django project: it imports
# django or names the corsheaders package. Besides this, assigning a core setting
# (DJANGO_SETTINGS) anywhere in the chain counts. A module that only mentions "django"
# in a comment, or is merely called settings.py, is not enough: FastAPI projects have
# settings.py files too, and NetBox's configuration.py uses CORS_* names of its own.
_DJANGO_IN_CODE = re.compile(r"^[ \t]*(?:from|import)[ \t]+django\b|[\"']corsheaders[.\"']", re.MULTILINE)


@dataclass
class Setting:
    """A name's value at some point of a settings module, and where it was last set."""

    value: Value
    span: Span  # the statement that last set or changed it
    module_path: str  # display path of the module that statement is in


@dataclass
class _Run:
    """What evaluating one module (with its chain) found out."""

    state: Dict[str, Setting] = field(default_factory=dict)
    # The branch taken in this world that evidently selects production: (test code, span).
    taken_branch: Optional[Tuple[str, Span]] = None
    mentions_django: bool = False


class _Evaluator:
    """Executes a settings module's top-level statements on static values."""

    def __init__(self, resolver, decides: Optional[Dict[int, bool]] = None):
        self.resolver = resolver
        self.project = resolver.project
        self._stack: List[str] = []
        # Conditions of the arms being run: what is set there holds only under them.
        self._active: Tuple[str, ...] = ()
        self._relevant: Dict[int, set] = {}
        # Whether a branch (by id) sets a CORS-relevant name: the same in every world, so
        # `extract` shares it between the worlds it explores.
        self._decides = {} if decides is None else decides

    def run(self, module) -> _Run:
        run = _Run()
        self._module(module, run)
        return run

    def _module(self, module, run: _Run) -> None:
        key = module.source.abspath or module.path
        if key in self._stack or len(self._stack) > MAX_CHAIN:
            return
        self._stack.append(key)
        try:
            if _DJANGO_IN_CODE.search(module.source.text):
                run.mentions_django = True
            self._block(module, module.tree.body, run)
        finally:
            self._stack.pop()

    # -- statements ------------------------------------------------------------------
    def _block(self, module, statements, run: _Run) -> None:
        for statement in statements:
            budget.check()  # a settings module of many thousand statements, once per world
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._small(module, small, statement, run)
            elif isinstance(statement, cst.If):
                self._if(module, statement, run)
            elif isinstance(statement, cst.Try):
                # The body (with its else block) or a handler runs; `finally` always does.
                arms = try_arms(module, statement)
                if not self._fork(module, statement, arms, run):
                    self._uncertain(module, [arm.body for arm in arms], run)
                if statement.finalbody is not None:
                    self._block(module, statement.finalbody.body.body, run)
            elif isinstance(statement, cst.With):
                self._block(module, statement.body.body, run)
            elif isinstance(statement, (cst.For, cst.While)):
                self._uncertain(module, [statement.body.body], run)
            elif hasattr(cst, "Match") and isinstance(statement, cst.Match):
                arms = match_arms(module, statement)
                if not self._fork(module, statement, arms, run):
                    self._uncertain(module, [arm.body for arm in arms], run)
            elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                run.state.pop(statement.name.value, None)

    def _if(self, module, node: cst.If, run: _Run) -> None:
        test = self._resolve(module, node.test, run)
        arms = arms_for_test(module, node, test)
        if len(arms) == 1:
            # Decided, perhaps only under an environment default ("when CORS_ORIGINS is
            # unset or empty"): what the arm sets holds under that condition.
            self._conditioned(module, arms[0].body, arms[0].condition, run)
            return
        taken = self._fork(module, node, arms, run)
        if taken is None:
            self._uncertain(module, [arm.body for arm in arms], run)
            return
        code = test_code(module, node.test)
        direction = branch_direction(code)
        if direction is not None and not arms[taken].development:
            body_taken = arms[taken].body is node.body.body
            written = f"if {code}:" if body_taken else f"else: (of if {code}:)"
            run.taken_branch = run.taken_branch or (written, module.span(node))

    def _fork(self, module, node, arms, run: _Run) -> Optional[int]:
        """Run the arm this world takes, if the branch decides a CORS-relevant name; the
        index taken, or None when the branch is left to `_uncertain`."""
        if not self._decides_relevant(module, node):
            return None
        index = self.resolver.choose(node, arms)
        if index is None:
            return None
        self._conditioned(module, arms[index].body, arms[index].condition, run)
        return index

    def _conditioned(self, module, body, conditions, run: _Run) -> None:
        for name, setting in list(run.state.items()):
            env = env_string_name(setting.value)
            if env is not None and f"when {env} is unset or empty" in conditions:
                # Here the variable is unset or empty: the setting is None or "", not a string.
                run.state[name] = replace(setting, value=Value.unknown(setting.value.span))
        saved = self._active
        self._active = saved + tuple(c for c in conditions if c not in saved)
        try:
            self._block(module, body, run)
        finally:
            self._active = saved

    def _decides_relevant(self, module, node) -> bool:
        decides = self._decides.get(id(node))
        if decides is None:
            names = self._relevant.get(id(module))
            if names is None:
                names = self._relevant[id(module)] = _relevant_names(module)
            found = _AssignedNames()
            node.visit(found)
            decides = self._decides[id(node)] = bool(found.names & names)
        return decides

    def _uncertain(self, module, bodies, run: _Run) -> None:
        """Blocks that may or may not run: every name they change becomes unknown."""
        before = dict(run.state)
        changed = set()
        for body in bodies:
            branch = _Run(state=dict(before), mentions_django=run.mentions_django)
            self._block(module, body, branch)
            run.taken_branch = run.taken_branch or branch.taken_branch
            run.mentions_django = run.mentions_django or branch.mentions_django
            for name, setting in branch.state.items():
                if before.get(name) is not setting:
                    changed.add((name, setting.span, setting.module_path))
            changed.update((name, None, None) for name in before if name not in branch.state)
        for name, span, path in changed:
            previous = before.get(name)
            run.state[name] = Setting(Value.unknown(span, f"{name} is set conditionally"),
                                      span or (previous.span if previous else module.span(module.tree)),
                                      path or module.path)

    def _small(self, module, small, statement, run: _Run) -> None:
        span = module.span(statement)
        state = run.state
        if isinstance(small, cst.Assign):
            value = self._resolve(module, small.value, run)
            for target in small.targets:
                self._assign(module, target.target, value, span, run)
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            self._assign(module, small.target, self._resolve(module, small.value, run), span, run)
        elif isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name):
            name = small.target.value
            previous = state.get(name)
            extra = self._resolve(module, small.value, run)
            value = Value.unknown(span)
            if previous is not None and isinstance(small.operator, cst.AddAssign):
                value = _concatenate(previous.value, extra.with_conditions(self._active))
            state[name] = Setting(value, span, module.path)
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            self._mutation(module, small.value, span, run)
        elif isinstance(small, cst.ImportFrom):
            if isinstance(small.names, cst.ImportStar):
                dotted = (dotted_name(small.module) or "") if small.module is not None else ""
                target = self.project.find_module(dotted or "", len(small.relative), module)
                if target is not None:
                    self._module(target, run)
            else:
                for alias in small.names:
                    local = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(local, cst.Name):
                        state.pop(local.value, None)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                local = alias.asname.name if alias.asname is not None else alias.name
                while isinstance(local, cst.Attribute):
                    local = local.value
                if isinstance(local, cst.Name):
                    state.pop(local.value, None)
        elif isinstance(small, cst.Del):
            if isinstance(small.target, cst.Name):
                state.pop(small.target.value, None)

    def _assign(self, module, target, value: Value, span: Span, run: _Run) -> None:
        if isinstance(target, cst.Name):
            if value.is_known:
                value = value.with_conditions(self._active)
            run.state[target.value] = Setting(value, span, module.path)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._assign(module, element.value, Value.unknown(span), span, run)
        elif isinstance(target, cst.StarredElement):
            self._assign(module, target.value, Value.unknown(span), span, run)

    def _mutation(self, module, call: cst.Call, span: Span, run: _Run) -> None:
        func = call.func
        if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
            return
        name, method = func.value.value, func.attr.value
        previous = run.state.get(name)
        if previous is None or method not in ("append", "extend", "insert", "remove", "add", "update", "pop",
                                             "clear", "discard"):
            return
        value = previous.value
        args = [self._resolve(module, a.value, run).with_conditions(self._active) for a in call.args]
        result = Value.unknown(span)
        if value.kind in SEQUENCE_KINDS and not any(a.star for a in call.args):
            items = value.items()
            value = replace(value, conditions=())
            if method in ("append", "add") and len(args) == 1:
                result = replace(value, data=items + args)
            elif method == "extend" and len(args) == 1 and args[0].kind in SEQUENCE_KINDS:
                result = replace(value, data=items + args[0].items(), complete=value.complete and args[0].complete)
            elif method == "insert" and len(args) == 2 and args[0].kind == "int":
                items = list(items)
                items.insert(args[0].data, args[1])
                result = replace(value, data=items)
            elif method == "remove" and len(args) == 1 and args[0].kind == "str":
                result = replace(value, data=[i for i in items if not (i.kind == "str" and i.data == args[0].data)])
        run.state[name] = Setting(result, span, module.path)

    def _resolve(self, module, node, run: _Run) -> Value:
        # A view of the settings so far, not a copy: copying them for every statement made
        # a settings module of n assignments cost n * n.
        with self.resolver.names_bound(_SettingValues(run.state)):
            return self.resolver.resolve(module, node, module.scopes.module_scope)


class _SettingValues:
    """``{name: setting.value}`` over the extractor's state, read where the resolver looks
    (``in`` and ``[]``) without copying it."""

    __slots__ = ("state",)

    def __init__(self, state):
        self.state = state

    def __contains__(self, name) -> bool:
        return name in self.state

    def __getitem__(self, name) -> Value:
        return self.state[name].value


class _AssignedNames(cst.CSTVisitor):
    """Names a statement assigns or changes (not inside functions or classes)."""

    def __init__(self):
        super().__init__()
        self.names: set = set()

    def visit_FunctionDef(self, node) -> bool:
        return False

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name):
            self.names.add(node.func.value.value)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                local = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(local, cst.Name):
                    self.names.add(local.value)

    def _target(self, target) -> None:
        if isinstance(target, cst.Name):
            self.names.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)


def _line_assignments(tree: cst.Module) -> List[Tuple[set, set]]:
    """(names a statement line assigns, names its values read) for every line outside
    functions and classes that assigns a name."""
    assignments: List[Tuple[set, set]] = []
    for line in walk_statements(tree.body, into_scopes=False, lines=True):
        if not isinstance(line, cst.SimpleStatementLine):
            continue  # compound statements, and one-line suites (`if X: A = 1`), are not read here
        found = _AssignedNames()
        line.visit(found)
        if found.names:
            values = [small.value for small in line.body if getattr(small, "value", None) is not None]
            assignments.append((found.names, {name.value for value in values for name in nodes_of(value, cst.Name)}))
    return assignments


def _relevant_names(module) -> set:
    """Names whose value decides a CORS setting in this module: the settings django-cors-headers
    reads, MIDDLEWARE, INSTALLED_APPS and DEBUG, and (transitively) the names their values
    are computed from. A branch that sets none of them is not worth a world of its own."""
    assignments = _line_assignments(module.tree)
    relevant = {"MIDDLEWARE", "INSTALLED_APPS", "DEBUG"}
    relevant.update(n for names, _ in assignments for n in names if n.startswith("CORS_"))
    changed = True
    while changed:
        changed = False
        for names, used in assignments:
            if names & relevant and not used <= relevant:
                relevant |= used
                changed = True
    return relevant


def _concatenate(previous: Value, extra: Value) -> Value:
    if too_large(previous, extra):
        return Value.unknown(previous.span, "too large")
    if previous.kind in SEQUENCE_KINDS and extra.kind in SEQUENCE_KINDS:
        # items() hands each side's conditions down to its own elements only.
        return replace(previous, data=previous.items() + extra.items(), conditions=(),
                       complete=previous.complete and extra.complete)
    if previous.kind == extra.kind == "str":
        return Value("str", previous.data + extra.data, previous.span, previous.conditions + extra.conditions)
    return Value.unknown(previous.span)


# -- the module's own statements --------------------------------------------------------
class _OwnFacts:
    """What a module itself writes at module level (not what it inherits).

    Found by a walk over statements only (module level and the blocks of `if`, `try`,
    `with`, loops and `match`, not functions or classes): a statement cannot sit inside
    an expression, so visiting the expressions (a 10,000-origin list) found nothing more
    and cost as much as the parse."""

    def __init__(self):
        self.cors_spans: List[Span] = []
        self.cors_names: List[cst.CSTNode] = []
        self.star_imports: List[cst.CSTNode] = []
        self.settings_assigned = False

    def walk(self, statements) -> "_OwnFacts":
        for statement in walk_statements(statements, into_scopes=False):
            visit = self._SMALL.get(type(statement))
            if visit is not None:
                visit(self, statement)
        return self

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target(target.target, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target, node)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target, node)

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                and isinstance(call.func.value, cst.Name):
            self._target(call.func.value, node)

    def _target(self, target, node) -> None:
        if isinstance(target, cst.Name) and target.value.isupper():
            self.settings_assigned = True
            if target.value.startswith("CORS_") or target.value in ("MIDDLEWARE", "INSTALLED_APPS"):
                self.cors_names.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            self.star_imports.append(node)

    _SMALL = {cst.Assign: visit_Assign, cst.AnnAssign: visit_AnnAssign, cst.AugAssign: visit_AugAssign,
              cst.Expr: visit_Expr, cst.ImportFrom: visit_ImportFrom}


# -- policies ------------------------------------------------------------------------------
def extract(module, resolver) -> List[CorsPolicy]:
    # What the module writes, and which branches decide a CORS setting, do not depend on
    # the world; only the values do. So those walks are shared by the worlds (netbox's
    # 900-line settings.py was walked again in each of its 16 worlds).
    own = _OwnFacts().walk(module.tree.body)
    decides: Dict[int, bool] = {}
    return explore(resolver, lambda: _extract(module, resolver, own, decides))


def _extract(module, resolver, own: "_OwnFacts", decides: Dict[int, bool]) -> List[CorsPolicy]:
    text = module.source.text
    # Run-time writes go to django.conf.settings, which a module can only name after
    # importing django: without that word the scoped walk (once per world) is skipped, and
    # a large module that merely calls setattr (litellm's 23,000-line proxy_server.py) is
    # not walked sixteen times.
    writes_settings = "django" in text and ("settings.CORS_" in text or "setattr(" in text)
    runtime = _runtime_settings(module, resolver) if writes_settings else []
    if not own.cors_names and not own.star_imports and "corsheaders" not in text:
        return runtime
    own_cors = any(_cors_related(n) for n in own.cors_names) or "corsheaders" in text
    if not own_cors and not own.cors_names and not runtime \
            and not _star_imports_may_bring_cors(module, own, resolver.project):
        # It assigns no CORS setting, MIDDLEWARE or INSTALLED_APPS itself, so only
        # star-imported names could make it CORS settings, and no module it star-imports
        # (transitively) names a CORS setting or corsheaders: evaluating every statement
        # to find that out cost litellm's __init__.py over a minute.
        return []
    run = _Evaluator(resolver, decides).run(module)
    if not _is_cors_settings(run) and not _split_cors_settings(module, own, resolver.project):
        return runtime
    if not own_cors and not (own.star_imports and own.settings_assigned):
        return []
    anchor = own.cors_names[0] if own.cors_names else (own.star_imports[0] if own.star_imports else module.tree)
    span = module.span(anchor)
    evidence = _production_evidence(module, run)
    if evidence is None and run.taken_branch is not None and not _is_development(module):
        test, branch_span = run.taken_branch
        evidence = f"the branch `{test}` ({branch_span.describe()}) is the production configuration"
    return [_policy(module, run, span, evidence)] + runtime




def _star_imports_may_bring_cors(module, own: "_OwnFacts", project, limit: int = 50) -> bool:
    """Whether a module star-imported by ``module``, directly or through further star
    imports, mentions a CORS setting or corsheaders (a text test: it may say yes wrongly,
    never no). Unreadable modules and long chains count as yes."""
    if module.source.abspath is None or project is None:
        return bool(own.star_imports)
    imports = []
    for node in own.star_imports:
        dotted = dotted_name(node.module) if node.module is not None else ""
        if dotted is None:
            return True
        imports.append((module.source.abspath, dotted, len(node.relative)))
    return project.star_closure_provides(imports, lambda data: b"CORS_" in data or b"corsheaders" in data,
                                         limit=limit, unreadable_provides=True)


class _RuntimeWrites(ScopedVisitor):
    """`settings.CORS_ALLOWED_ORIGIN_REGEXES = [...]` on `django.conf.settings`, or
    `setattr(settings, "CORS_...", ...)`, in library or app code run at start-up."""

    def __init__(self, module, resolver):
        super().__init__(module, resolver)
        self.writes: List[Tuple[str, Value, Span]] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            target = target.target
            if isinstance(target, cst.Attribute) and target.attr.value in KNOWN_SETTINGS \
                    and self.qualify(target.value) == "django.conf.settings":
                self.writes.append((target.attr.value, self.resolve(node.value), self.span(node)))

    def visit_Call(self, node: cst.Call) -> None:
        if self.qualify(node.func) == "setattr" and len(node.args) == 3 \
                and self.qualify(node.args[0].value) == "django.conf.settings":
            name = self.resolve(node.args[1].value)
            if name.kind == "str" and name.data in KNOWN_SETTINGS:
                self.writes.append((name.data, self.resolve(node.args[2].value), self.span(node)))


def _runtime_settings(module, resolver) -> List[CorsPolicy]:
    """One policy per module that writes django-cors-headers settings at run time. The
    settings module's own values are not known here, so every option it does not write
    is unknown (never a default)."""
    visitor = _RuntimeWrites(module, resolver)
    module.tree.visit(visitor)
    if not visitor.writes:
        return []
    run = _Run()
    for name in KNOWN_SETTINGS:
        run.state[name] = Setting(Value.unknown(), module.span(module.tree), module.path)
    for name, value, span in visitor.writes:
        run.state[name] = Setting(value, span, module.path)
    policy = _policy(module, run, visitor.writes[0][2], None)
    policy.unknown_options = []
    policy.deprecated_options = [d for d in policy.deprecated_options if d.option.value.is_known]
    policy.label = "Django settings changed at run time"
    return [policy]


def _cors_related(node) -> bool:
    """An assignment of a CORS_* name, or of MIDDLEWARE / INSTALLED_APPS mentioning corsheaders."""
    code = cst.Module([]).code_for_node(node)
    return "CORS_" in code or "corsheaders" in code


def _is_cors_settings(run: _Run) -> bool:
    state = run.state
    django = run.mentions_django or any(name in state for name in DJANGO_SETTINGS)
    if not django:
        return False
    if any(name.startswith("CORS_") for name in state):
        return True
    return any(_contains(state.get(name), prefix)
               for name, prefix in (("MIDDLEWARE", "corsheaders."), ("INSTALLED_APPS", "corsheaders")))


def _settings_of_library(run: _Run) -> bool:
    """Whether the module is django-cors-headers' settings, not a module that merely has
    CORS_* constants of its own (a project's own middleware) or mentions the package in a
    string: corsheaders is installed or in MIDDLEWARE, or a setting the library reads is
    assigned."""
    state = run.state
    if _contains(state.get("INSTALLED_APPS"), "corsheaders") or _contains(state.get("MIDDLEWARE"), "corsheaders."):
        return True
    return any(name in KNOWN_SETTINGS or name in ALIASES for name in state)


def _split_cors_settings(module, own: "_OwnFacts", project) -> bool:
    """A module with no Django in it that is django-cors-headers settings all the same
    (``settings/cors.py``): see ``frameworks.django_project``."""
    names = {_assigned_name(n) for n in own.cors_names} & KNOWN_SETTINGS
    if not names or imports_other_framework(module.source.text) or reads_own_cors_names(module):
        return False
    shown = shows_corsheaders(module, project)
    if shown is False or (shown is None and not names & DJANGO_ONLY_SETTINGS):
        return False
    return not read_as_attributes(module, project)


def _assigned_name(node) -> Optional[str]:
    if isinstance(node, cst.Assign):
        target = node.targets[0].target
    elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
        target = node.target
    elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call) and isinstance(node.value.func, cst.Attribute):
        target = node.value.func.value
    else:
        return None
    return target.value if isinstance(target, cst.Name) else None


def _contains(setting: Optional[Setting], prefix: str) -> bool:
    if setting is None:
        return False
    return any(item.data == prefix or item.data.startswith(prefix if prefix.endswith(".") else prefix + ".")
               for item in setting.value.strings())


def _is_development(module) -> bool:
    """Named for development: the module (`settings/dev.py`) or the folder it sits in
    (`development/nautobot_config.py`, a project's development environment)."""
    if DEVELOPMENT_NAME.search(_settings_name(module)):
        return True
    path = module.source.abspath or module.path
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return bool(DEVELOPMENT_NAME.fullmatch(folder))


def _settings_name(module) -> str:
    path = module.source.abspath or module.path
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem == "__init__":
        stem = os.path.basename(os.path.dirname(path))
    return stem


def _production_evidence(module, run: _Run) -> Optional[str]:
    name = _settings_name(module)
    if DEVELOPMENT_NAME.search(name):
        return None
    if PRODUCTION_NAME.search(name):
        return f"{module.path} is named as production settings"
    debug = run.state.get("DEBUG")
    if debug is not None and debug.value.kind == "bool" and debug.value.data is False \
            and not debug.value.conditions:
        where = "" if debug.module_path == module.path else f" (inherited from {debug.module_path})"
        return f"{module.path} sets DEBUG = False{where}"
    return None


def _option(run: _Run, name: str, judged: str, default) -> Optional[Option]:
    setting = run.state.get(name)
    if setting is None:
        return None if default is None else Option(name, default(), None, implicit=True)
    inherited = setting.module_path if setting.module_path != judged else None
    return Option(name, setting.value, setting.span, inherited_from=inherited)


def _policy(module, run: _Run, span: Span, production: Optional[str]) -> CorsPolicy:
    judged = module.path
    options: Dict[str, Optional[Option]] = {}
    deprecated: List[DeprecatedOption] = []
    for old, new in ALIASES.items():
        current = _option(run, new, judged, None)
        previous = _option(run, old, judged, None)
        if previous is not None:
            deprecated.append(DeprecatedOption(previous, new, "renamed in django-cors-headers 3.5.0",
                                               shadowed_by=current))
        options[new] = current if current is not None else previous
    for name, note in REMOVED.items():
        removed = _option(run, name, judged, None)
        if removed is not None:
            deprecated.append(DeprecatedOption(removed, None, note))

    def setting(name, default):
        return _option(run, name, judged, default)

    allow_all = options["CORS_ALLOW_ALL_ORIGINS"] or Option("CORS_ALLOW_ALL_ORIGINS", Value("bool", False),
                                                            None, implicit=True)
    origins = options["CORS_ALLOWED_ORIGINS"] or Option("CORS_ALLOWED_ORIGINS", Value("tuple", []), None,
                                                        implicit=True)
    regexes = options["CORS_ALLOWED_ORIGIN_REGEXES"]
    placement, removed_middleware = _placement(run, judged)
    for entry in removed_middleware:
        deprecated.append(DeprecatedOption(Option(entry.data, entry, entry.span), None,
                                           "removed in 4.0.0: importing it fails, so Django does not start"))
    policy = CorsPolicy(
        semantics=SEMANTICS,
        span=span,
        label="Django settings",
        origins=origins,
        origin_regexes=[regexes] if regexes is not None else [],
        allow_all_origins=allow_all,
        credentials=setting("CORS_ALLOW_CREDENTIALS", lambda: Value("bool", False)),
        methods=setting("CORS_ALLOW_METHODS", lambda: Value("tuple", [Value("str", m) for m in DEFAULT_METHODS])),
        headers=setting("CORS_ALLOW_HEADERS", lambda: Value("tuple", [Value("str", h) for h in DEFAULT_HEADERS])),
        expose_headers=setting("CORS_EXPOSE_HEADERS", lambda: Value("tuple", [])),
        max_age=setting("CORS_PREFLIGHT_MAX_AGE", lambda: Value("int", 86400)),
        private_network=setting("CORS_ALLOW_PRIVATE_NETWORK", lambda: Value("bool", False)),
        placement=placement,
        judged_in=judged,
        known_options=sorted(KNOWN_SETTINGS),
        renamed_options=dict(ALIASES),
        urls_regex=run.state["CORS_URLS_REGEX"].value if "CORS_URLS_REGEX" in run.state else None,
        settings_of_library=_settings_of_library(run),
        production_evidence=production,
        deprecated_options=deprecated,
    )
    unknown = [n for n in run.state if n.startswith("CORS_") and n not in KNOWN_SETTINGS]
    for name in sorted(unknown, key=lambda n: (run.state[n].span.path, run.state[n].span.start_line)):
        policy.unknown_options.append(_option(run, name, judged, None))
    return policy


def _placement(run: _Run, judged: str) -> Tuple[Placement, List[Value]]:
    placement = Placement(style="settings")
    middleware = run.state.get("MIDDLEWARE")
    apps = run.state.get("INSTALLED_APPS")
    configured = any(name.startswith("CORS_") for name in run.state) or _contains(apps, "corsheaders")
    removed: List[Value] = []
    if apps is not None and _fully_known(apps.value):
        placement.app_not_installed = configured and not _contains(apps, "corsheaders")
        if placement.app_not_installed:
            placement.installed_apps_span = apps.span
    if middleware is None or middleware.value.kind not in SEQUENCE_KINDS:
        return placement, removed
    items = middleware.value.items()
    removed = [item for item in items if item.kind == "str" and item.data in REMOVED_MIDDLEWARE]
    index = next((i for i, item in enumerate(items) if item.kind == "str" and item.data == CORS_MIDDLEWARE), None)
    if index is None:
        placement.missing = configured and _fully_known(middleware.value)
        placement.middleware_span = middleware.span
        return placement, removed
    placement.middleware_span = items[index].span or middleware.span
    whole = middleware.value.span
    if whole is not None and middleware.value.via is None and middleware.value.complete \
            and _within(middleware.span, whole) and _within(whole, items[index].span):
        placement.middleware_list_span = whole
    if placement.middleware_span is not None and middleware.span.path != placement.middleware_span.path:
        # A later module changed the inherited list (`MIDDLEWARE.insert(0, ...)`): point there.
        placement.middleware_span = middleware.span
    for item in items[:index]:
        name = item.data if item.kind == "str" else "…"
        if item.kind != "str":
            produces = None
        elif item.data in RESPONDING_MIDDLEWARE:
            produces = True
        elif item.data in PASS_THROUGH_MIDDLEWARE:
            produces = False
        else:
            produces = None
        placement.outer.append(MiddlewareEntry(name, item.span, produces))
    return placement, removed


def _within(outer: Optional[Span], inner: Optional[Span]) -> bool:
    return outer is not None and inner is not None and outer.path == inner.path and \
        (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col) and \
        (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _fully_known(value: Value) -> bool:
    return value.kind in SEQUENCE_KINDS and value.complete and all(i.kind == "str" for i in value.items())

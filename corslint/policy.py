"""The policy model: what every framework extractor produces and every rule reads.

Rules never see a CST. An extractor turns one framework's way of writing CORS
configuration into a :class:`CorsPolicy` whose options hold resolved
:class:`Value` objects and the :class:`Semantics` of the framework that will
interpret them. That is what lets ``wildcard-with-credentials`` be written once
for Starlette, Flask-CORS, django-cors-headers, aiohttp-cors and hand-written
headers alike.

Everything here is plain data (no CST nodes), so policies and findings can be
cached and sent between processes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterator, List, Optional, Tuple


@dataclass(frozen=True, eq=False)
class Span:
    """A source range. Lines are 1-based, columns 0-based code points (libcst's convention).

    Equal spans are equal whatever their class: a span the parser has not placed yet
    (``corslint.parsing.parse.DeferredSpan``) equals the plain one it becomes."""

    path: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int

    def describe(self) -> str:
        return f"{self.path}:{self.start_line}"

    def key(self) -> tuple:
        return (self.path, self.start_line, self.start_col, self.end_line, self.end_col)

    def plain(self) -> "Span":
        """This span as a plain Span (for the cache and the worker processes)."""
        return self if type(self) is Span else Span(*self.key())

    def __eq__(self, other) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return self is other or self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


# Value kinds. Scalars carry a Python value in ``data``; sequences carry a list of
# Values; a dict carries a list of (key Value, value Value) pairs; "pattern" is a
# compiled regex (``re.compile(...)``) whose ``data`` is the pattern Value.
SCALAR_KINDS = ("str", "int", "float", "bool", "none", "bytes")
SEQUENCE_KINDS = ("list", "tuple", "set")


@dataclass
class Value:
    """A statically resolved value, or the admission that it is unknown.

    ``span`` points at the text that wrote the value (a literal, possibly in another
    module), which is where a finding about the value points and where a fix edits.
    ``conditions`` say when the value holds, for instance ``("when ORIGINS is unset",)``
    for an environment-variable default; a finding that rests on one says so.
    ``literal`` is true when ``span`` covers exactly a literal that a fix may rewrite.
    """

    kind: str
    data: Any = None
    span: Optional[Span] = None
    conditions: Tuple[str, ...] = ()
    literal: bool = False
    # Where a name or attribute was followed to reach this value, for messages:
    # e.g. "ORIGINS (config.py:3)".
    via: Optional[str] = None
    # For a sequence: true when every element is known (no *splat of an unknown).
    complete: bool = True
    # For a value written as a dict entry (`"allow_origins": [...]` in a **kwargs dict):
    # the whole entry, which is where the option is set.
    entry_span: Optional[Span] = None
    # For an object (instance, class, module): attributes set after it was made, which
    # take precedence over its definition (`settings.origins = [...]`, `self.origins = ...`
    # in `__init__`); an attribute changed in a way that is not followed maps to an
    # unknown Value ("*" for every attribute). Filled by values.resolver.
    attributes: Tuple[Tuple[str, "Value"], ...] = ()

    @staticmethod
    def unknown(span: Optional[Span] = None, reason: str = "") -> "Value":
        return Value("unknown", reason, span)

    @property
    def is_known(self) -> bool:
        return self.kind != "unknown"

    @property
    def is_sequence(self) -> bool:
        return self.kind in SEQUENCE_KINDS

    def truth(self) -> Optional[bool]:
        """Python truthiness where it is known, else None."""
        if self.kind in ("bool", "int", "float", "str", "none", "bytes"):
            return bool(self.data)
        if self.kind in SEQUENCE_KINDS or self.kind == "dict":
            if self.data or not self.complete:
                return True if self.data else None
            return False
        if self.kind == "pattern":
            return True
        return None

    def items(self) -> List["Value"]:
        """Elements of a sequence (known or not), each carrying the sequence's conditions."""
        if self.kind not in SEQUENCE_KINDS:
            return []
        return [item.with_conditions(self.conditions) for item in self.data]

    def strings(self) -> Iterator["Value"]:
        """The known string elements of a sequence."""
        for item in self.items():
            if item.kind == "str":
                yield item

    def with_conditions(self, extra: Tuple[str, ...]) -> "Value":
        if not extra:
            return self
        merged = self.conditions + tuple(c for c in extra if c not in self.conditions)
        return replace(self, conditions=merged)

    def all_conditions(self) -> Tuple[str, ...]:
        """Conditions of this value and of every element it holds."""
        found = list(self.conditions)
        for item in self.items():
            for c in item.all_conditions():
                if c not in found:
                    found.append(c)
        return tuple(found)

    def python(self) -> Any:
        """The plain Python value, or raise ValueError when any part is unknown."""
        if self.kind in SCALAR_KINDS:
            return self.data
        if self.kind in SEQUENCE_KINDS:
            if not self.complete:
                raise ValueError("incomplete sequence")
            return [item.python() for item in self.data]
        raise ValueError(f"not a plain value: {self.kind}")


@dataclass
class Option:
    """One configuration option of a policy, as the user wrote it (or its default).

    ``name`` is the framework's own spelling (``allow_origins``, ``CORS_ALLOWED_ORIGINS``,
    ``origins``) so that messages speak the user's language. ``span`` is where the
    option is set (the keyword argument or the assignment); ``value.span`` is where its
    value is written, which may be elsewhere. ``implicit`` marks a framework default.
    ``inherited_from`` names the settings module a Django value came from.
    """

    name: str
    value: Value
    span: Optional[Span] = None
    implicit: bool = False
    inherited_from: Optional[str] = None
    # The expression written as the option's value where it is set (the keyword's value,
    # the assignment's right-hand side), so a fix can tell whether ``value`` is that
    # expression itself or something reached through a name or a call.
    value_span: Optional[Span] = None

    def label(self) -> str:
        return self.name if not self.implicit else f"{self.name} (default)"


@dataclass(frozen=True)
class Semantics:
    """How a framework interprets its configuration; rules consult this, not the framework name."""

    framework: str  # "starlette", "flask-cors", "django", "aiohttp-cors", "handwritten"
    display: str  # "Starlette CORSMiddleware"
    version_note: str = ""  # "Starlette >= 1.0"
    # How an origin regex is applied: "fullmatch", "match" (start-anchored) or "search".
    regex_mode: str = "fullmatch"
    regex_ignore_case: bool = False
    # Literal origins compared case-sensitively (Starlette, Django) or with casefold (Flask-CORS).
    origins_case_sensitive: bool = True
    # What a plain string where a list of origins is expected does:
    # "substring" (Starlette: `origin in "..."`), "characters" (Django: iterated per
    # character), "single" (Flask-CORS: wrapped in a list).
    string_as_sequence: str = "single"
    # Whether "*" together with credentials echoes the request origin ("reflect"), is
    # sent literally and rejected by browsers ("literal"), or is refused by the library
    # itself when the service starts ("refused": tower-http panics, actix-cors fails to
    # build its middleware; ``wildcard_credentials_refusal`` says how).
    wildcard_credentials: str = "reflect"
    wildcard_credentials_refusal: str = ""
    # Whether "*" in allowed headers echoes the requested headers ("reflect") or is sent
    # literally ("literal", which browsers treat as literal for credentialed requests).
    wildcard_headers: str = "reflect"
    methods_case_sensitive: bool = True
    # Whether a "*" origin entry means "any origin" (false for django-cors-headers,
    # which has CORS_ALLOW_ALL_ORIGINS instead and compares "*" literally).
    star_origin_means_any: bool = True
    # What an unknown option does: "type-error" (Starlette raises TypeError at start-up),
    # "ignored-permissive" (Flask-CORS logs it and falls back to echo-all defaults),
    # "ignored" (django-cors-headers never reads an unknown CORS_* setting).
    unknown_option_effect: str = "type-error"
    # How a literal origin entry is compared with the request's Origin: "exact" string
    # equality, or "scheme-netloc" (django-cors-headers: `urlsplit` scheme and netloc
    # equal, so a path or trailing slash is ignored at run time).
    origin_compare: str = "exact"
    # django-cors-headers: an entry without a scheme (`"example.com"`, `"*"`) splits to an
    # empty scheme and netloc, exactly like `"null"`, so it lets `Origin: null` in.
    schemeless_origin_matches_null: bool = False
    # The keyword argument of the declaring call that takes one origin regex string
    # (Starlette: "allow_origin_regex"); empty when the framework has none. Fixes use it.
    regex_keyword: str = ""
    # Characters that make an entry of the origins list a regular expression (Flask-CORS's
    # `probably_regex`: such an entry is compiled and applied with `regex_mode`); empty when
    # origin entries are always compared literally.
    origin_regex_hints: str = ""
    # Whether an origins entry holding one `*` is a wildcard pattern matched by prefix and
    # suffix (rs/cors, go-chi/cors: `https://*.example.com`); the `*` may stand for anything,
    # dots included.
    origin_globs: bool = False
    # The language the configuration is written in ("python", "go", "rust"), for wording.
    language: str = "python"
    # How messages write an option with its value: "keyword" (`allow_origins=['*']`),
    # "field" (a Go struct field: `AllowedOrigins: []string{"*"}`) or "call" (an option
    # function or builder method: `AllowedOrigins([]string{"*"})`, `max_age(600)`).
    setting_form: str = "keyword"
    # How the library takes a max-age, for messages: "{}" (seconds), or a Rust Duration.
    max_age_form: str = "{}"
    # The headers are written by hand: their values are shown as the response sends them
    # (`Access-Control-Allow-Origin: *`), not as the code's literals.
    headers_by_hand: bool = False


@dataclass
class MiddlewareEntry:
    """One middleware in an application's stack, outermost first."""

    name: str  # dotted name as written/resolved, e.g. "app.auth.AuthMiddleware"
    span: Optional[Span]
    # Whether it may answer a request itself (auth, redirects, errors) instead of only
    # passing it through. None when unknown (a user-defined middleware).
    produces_responses: Optional[bool] = None
    # Whether its own code hands OPTIONS requests on untouched (`if scope["method"] ==
    # "OPTIONS": await self.app(...)`): then it never rejects a preflight.
    hands_on_preflights: bool = False


@dataclass
class Placement:
    """Where the CORS layer sits among the application's other middleware.

    ``outer`` lists the middleware that see a request before CORS does (and whose
    responses therefore carry no CORS headers). ``wraps_app`` is true when CORS wraps
    the whole application (``app = CORSMiddleware(app=app, ...)``), outside even
    Starlette's ServerErrorMiddleware.
    """

    style: str  # "add_middleware", "middleware-list", "wrap", "settings"
    outer: List[MiddlewareEntry] = field(default_factory=list)
    wraps_app: bool = False
    # Django: CorsMiddleware missing from MIDDLEWARE although configured or installed.
    missing: bool = False
    # Django: "corsheaders" absent from INSTALLED_APPS.
    app_not_installed: bool = False
    middleware_span: Optional[Span] = None  # the MIDDLEWARE setting, or the CORS entry
    installed_apps_span: Optional[Span] = None  # Django: the INSTALLED_APPS setting
    # Django: the MIDDLEWARE list literal holding the CORS entry, when that literal is the
    # whole setting (one assignment, nothing added or inserted later), so moving the entry
    # to the front of the literal puts it at the top of MIDDLEWARE. For fixes.
    middleware_list_span: Optional[Span] = None
    # Exception handlers (500 / Exception) that run outside the CORS layer.
    error_handlers: List[Span] = field(default_factory=list)
    # A CORS view decorator: route decorators applied before it (written below it), which
    # register the undecorated view, so CORS never applies to that route.
    route_registered_first: List[Span] = field(default_factory=list)
    # Request hooks that answer with 401/403 before CORS can answer a preflight, without
    # letting OPTIONS through (Flask `before_request` functions).
    preflight_blockers: List[MiddlewareEntry] = field(default_factory=list)


@dataclass
class DeprecatedOption:
    """A setting the library renamed or removed, as the user wrote it.

    ``replacement`` is the current name (None when the setting was removed outright);
    ``shadowed_by`` is the current-name option when both are set, so the old one is ignored.
    """

    option: Option
    replacement: Optional[str]
    note: str  # "renamed in 3.5.0", "removed in 4.0.0 (check corsheaders.E013)"
    shadowed_by: Optional[Option] = None


@dataclass
class OriginCheck:
    """A test of the request Origin found on the way to an `Access-Control-Allow-Origin` write.

    ``kind`` is "exact" (``in`` a set/list/tuple of origins, ``==``), "regex"
    (``re.fullmatch``/``re.match``, or an anchored ``re.search``), or one of the substring
    tests that let look-alike origins in: "startswith", "endswith", "in-string", "search".
    ``operand`` is the value compared with (the allow-list, the prefix, the pattern).
    ``evidence`` is an origin the check accepts that the owner did not mean to trust.
    """

    kind: str
    span: Span
    text: str  # the check as written, shortened: origin.startswith("https://app.example.com")
    operand: Optional[Value] = None
    evidence: str = ""
    # Where the operand is written inside the check (a literal or a name), for fixes.
    operand_span: Optional[Span] = None


@dataclass
class OriginWrite:
    """One place a hand-written `Access-Control-Allow-Origin` is written, and from what.

    ``source``: "literal" (``value`` holds it), "request-origin" (the request's Origin,
    echoed), or "unknown". ``checked`` tells whether an exact allow-list check of the
    Origin dominates the write; ``weak_checks`` are the substring tests on the way.
    ``read`` is how the Origin was read (``request.headers.get("Origin")``).
    ``dynamic`` is true when the value depends on the request (an echo, or a literal chosen
    by a test of the Origin), which is what needs `Vary: Origin`.
    """

    span: Span
    source: str
    value: Optional[Value] = None
    checked: bool = False
    weak_checks: List[OriginCheck] = field(default_factory=list)
    read: str = ""
    dynamic: bool = False
    # Written by `.add()`/`add_header`/`append`, which adds a second value to one already there.
    appended: bool = False
    # What holds where the write happens, besides tests of the Origin (see
    # frameworks/handwritten/flow.Guard.context): "authenticated", "preflight", "switch:NAME".
    context: Tuple[str, ...] = ()
    # The `if` branches taken to reach the write (see flow.Guard.branches).
    branches: Tuple[Tuple[int, bool], ...] = ()


@dataclass
class HeaderWrites:
    """What hand-written CORS code writes, for the rules that only make sense there.

    ``applies_to`` is "app" when the code runs for every response (an ``after_request``
    hook, a middleware, Tornado's ``set_default_headers``) and "function" when it is one
    view's own headers; ``function`` names that function (``module.path:qualname``).
    """

    origin_writes: List[OriginWrite] = field(default_factory=list)
    origin_checks: List[OriginCheck] = field(default_factory=list)
    vary_origin: bool = False
    credentials_written: Optional[Value] = None  # the raw value, before browser interpretation
    credentials_span: Optional[Span] = None
    # The `if` branches taken to reach the credentials write, or None when not known.
    credentials_branches: Optional[Tuple[Tuple[int, bool], ...]] = None
    # The opt-in switches (`if settings.ALLOW_CREDENTIALS:`) the credentials write sits under.
    credentials_switches: Tuple[str, ...] = ()
    applies_to: str = "function"
    function: str = ""


@dataclass
class CorsPolicy:
    """One CORS configuration: a middleware instance, a Flask-CORS call, a settings module…

    Options absent from the source hold the framework default with ``implicit=True``;
    when a ``**kwargs`` of unknown content could have set them, they hold an unknown
    value instead, so no rule concludes anything from a default that may not apply.
    """

    semantics: Semantics
    span: Span  # the declaration: the call, decorator, or settings module
    label: str  # how messages name it: "CORSMiddleware", "CORS(app)", "settings"
    origins: Optional[Option] = None
    origin_regexes: List[Option] = field(default_factory=list)
    allow_all_origins: Optional[Option] = None
    credentials: Optional[Option] = None
    methods: Optional[Option] = None
    headers: Optional[Option] = None
    expose_headers: Optional[Option] = None
    max_age: Optional[Option] = None
    private_network: Optional[Option] = None
    unknown_options: List[Option] = field(default_factory=list)
    placement: Optional[Placement] = None
    # The module the policy is judged in (Django: the settings module being checked).
    judged_in: Optional[str] = None
    # The options the library documents (for COR303's "did you mean"), options it renamed
    # (old name -> new name), and how it treats an unknown option, where that differs per
    # option from ``semantics.unknown_option_effect`` (name -> effect).
    known_options: List[str] = field(default_factory=list)
    renamed_options: Dict[str, str] = field(default_factory=dict)
    unknown_option_effects: Dict[str, str] = field(default_factory=dict)
    # Flask-CORS: its ``send_wildcard`` option (set as well for the Go libraries that always
    # send `*` when every origin is allowed: rs/cors, go-chi/cors, gorilla/handlers), and the
    # ``resources`` value (or the one resource's pattern) the policy covers.
    send_wildcard: Optional[Option] = None
    resources: Optional[Value] = None
    # django-cors-headers only: ``CORS_URLS_REGEX`` (the paths the policy covers; None when
    # unset, which means every path), and whether the module is the library's settings at
    # all (corsheaders installed or in MIDDLEWARE, or a setting the library reads assigned),
    # rather than a module with ``CORS_*`` constants of the project's own.
    urls_regex: Optional[Value] = None
    # Flask-CORS only: what `CORS(x)` was given, "app" or "blueprint" when x is known to be
    # constructed as one (a blueprint's policy covers that blueprint's routes only).
    flask_target: Optional[str] = None
    settings_of_library: Optional[bool] = None
    # Why this policy is evidently a production configuration ("settings/production.py is
    # named for production", "DEBUG = False"), or None when nothing says so.
    production_evidence: Optional[str] = None
    deprecated_options: List[DeprecatedOption] = field(default_factory=list)
    # The folder of the application the policy belongs to (the import root of its module):
    # cross-file rules apply it only to modules below that folder, so that two apps in one
    # repository are judged separately. None when unknown (stdin), meaning everywhere.
    app_root: Optional[str] = None
    # Hand-written headers only: where and from what Access-Control-Allow-Origin is written.
    written: Optional[HeaderWrites] = None

    @property
    def framework(self) -> str:
        return self.semantics.framework

    def credentials_enabled(self) -> Optional[bool]:
        if self.credentials is None:
            return False
        return self.credentials.value.truth()

    def options(self) -> Iterator[Option]:
        for opt in (self.origins, self.allow_all_origins, self.credentials, self.methods,
                    self.headers, self.expose_headers, self.max_age, self.private_network):
            if opt is not None:
                yield opt
        yield from self.origin_regexes


def on_by_code_branch(value: "Value") -> bool:
    """A switch that holds only on a branch of the code (the condition "when `val in ('y', 'yes')`", a
    helper such as `is_truthy(os.getenv("X", "False"))` taken apart), not on the value the
    code gives by default or for an unset variable: the operator's opt-in, which corslint
    cannot evaluate, so no finding rests on it."""
    return any(c.startswith(("when `", "unless `")) for c in value.conditions)


def branches_exclusive(first: Tuple[Tuple[int, bool], ...], second: Tuple[Tuple[int, bool], ...]) -> bool:
    """Whether two paths through a function took different branches of one `if`, so the
    writes at their ends never happen for the same response."""
    sides = dict(first)
    return any(node in sides and sides[node] != side for node, side in second)


def env_string_name(value: Value) -> Optional[str]:
    """For an environment read known to return a string (``os.getenv("X")`` with no
    default): the variable's name. The value is unknown but its type is not."""
    data = value.data
    if value.kind == "unknown" and isinstance(data, tuple) and len(data) == 2 and data[0] == "env":
        return data[1]
    return None


def template_marker(parts, how: str) -> tuple:
    """The reason an unknown string built from a template carries: ("template", how, parts)."""
    merged: List[Optional[str]] = []
    for part in parts:
        if part is not None and merged and merged[-1] is not None:
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return ("template", how, tuple(merged))


def string_template(value: Value) -> Optional[Tuple[str, Tuple[Optional[str], ...]]]:
    """For a string built by an f-string, `%` or `str.format` with some parts unknown
    (`f"https://{tenant}.example.com"`): how it was built ("f-string", "%" or "format") and its parts,
    known text or None for each unknown part. The value itself stays unknown."""
    data = value.data
    if value.kind == "unknown" and isinstance(data, tuple) and len(data) == 3 and data[0] == "template":
        return data[1], data[2]
    return None


def conditions_suffix(*values: Optional[Value]) -> str:
    """A message tail such as " (when ORIGINS is unset)" for findings that rest on defaults."""
    found: List[str] = []
    for value in values:
        if value is None:
            continue
        for c in value.all_conditions():
            if c not in found:
                found.append(c)
    return f" ({'; '.join(found)})" if found else ""


def python_repr(value: Any) -> str:
    """Render a value the way the user would write it in Python."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(python_repr(v) for v in value) + "]"
    return repr(value)


_WS = re.compile(r"\s+")


def short(text: str, limit: int = 60) -> str:
    text = _WS.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"

import os
import re
from typing import List, Optional

from corslint.fixes.intents import UNSAFE, AddKeyword, AppendElement, make_fix, written_at_option
from corslint.languages import language_for
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import written


def _exposed(policy, header: str) -> Optional[bool]:
    """Whether the policy lets browser code read `header`; None when that is not known."""
    option = policy.expose_headers
    if option is None:
        return None
    value = option.value
    if value.kind == "none":
        return False  # None (Flask-CORS's default) sends no Access-Control-Expose-Headers
    if value.kind in ("list", "tuple", "set"):
        if not value.complete or any(not item.is_known for item in value.items()):
            return None
        names = [item.data.strip().lower() for item in value.items() if item.kind == "str"]
    else:
        return None  # a string where a list belongs (COR301), or unknown
    if header in names:
        return True
    if "*" in names:
        # `*` exposes everything, except on credentialed requests, where it is a literal name.
        credentials = policy.credentials_enabled()
        return None if credentials is None else not credentials
    return False


def _fix(policies, header: str):
    """Append the header to the policy's literal expose list, or add the keyword."""
    policy = policies[0]
    option = policy.expose_headers
    message = f"Add {written(header, policy, option)} to {option.name}"
    if not option.implicit:
        value = option.value
        if value.kind in ("list", "tuple") and value.span is not None and value.via is None \
                and written_at_option(option) and not value.all_conditions():
            return make_fix(message, UNSAFE, AppendElement(value.span, header))
        return None
    if option.name.isidentifier() and option.name.islower():  # a keyword of the declaring call
        return make_fix(message, UNSAFE, AddKeyword(policy.span, option.name, [header]))
    return None


class _Applications:
    """The policies by the application (import root) they belong to, so that finding
    those of a header's module costs a walk up its folders, not a pass over every policy
    (a repository can hold hundreds of applications)."""

    def __init__(self, policies):
        self.order = {id(policy): index for index, policy in enumerate(policies)}
        self.everywhere = [p for p in policies if not p.app_root]
        self.by_root: dict = {}
        for policy in policies:
            if policy.app_root:
                self.by_root.setdefault(os.path.join(os.path.abspath(policy.app_root), ""), []).append(policy)

    def covering(self, header) -> list:
        """The policies of the applications the header's module lies in, in input order."""
        found = list(self.everywhere)
        folder = os.path.dirname(os.path.abspath(header.span.path))
        while True:
            found.extend(self.by_root.get(os.path.join(folder, ""), ()))
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        return sorted(found, key=lambda policy: self.order[id(policy)])


def _applies(policy, header) -> bool:
    """Given a policy of the header's application: whether it covers the header (a Go or
    Rust service's policy covers only headers set in its own language, and the reverse)."""
    if policy.semantics.language != (language_for(header.span.path) or "python"):
        return False
    written = policy.written
    if written is None:
        return True  # a library policy covers the application
    return written.applies_to == "app" or written.function == header.function


# Folders and files whose code never serves a real response: tests, mocks, fixtures,
# examples, in every language (Go's `_test.go` files and `testdata/`, a Rust crate's
# `tests/` and `benches/`; Rust unit tests inside a service file are left out before this,
# see languages/rust/cfg_test.py). A header set there is no evidence, and a policy declared
# there (a test settings module) is not the one the application runs with.
_NOT_SERVED = re.compile(
    r"(?:^|/)(?:tests?|testing|test_utils|testdata|mocks?|fixtures|conftest\.py|examples?|benches|docs)(?:/|$)"
    r"|(?:^|/)test_[^/]*\.py$|_tests?\.py$|_test\.go$|(?:^|/)settings_for_test[^/]*\.py$")

# Patterns that cover every path (django-cors-headers' default CORS_URLS_REGEX is r"^.*$",
# Flask-CORS's default resource r"/*").
_EVERY_PATH = {"^.*$", ".*", "^.*", "/*", r"/.*", "^/.*$", "^/.*", "*", ".+", "^.+$"}


def _never_served(path: str) -> bool:
    return bool(_NOT_SERVED.search(path.replace(os.sep, "/")))


def _covers_every_path(policy) -> bool:
    """Whether the policy applies to every route, so any header the application sets is
    served under it. A narrower or unknown scope (`CORS_URLS_REGEX = r"^/api/.*$"`,
    Flask-CORS `resources={r"/api/*": ...}`) cannot be matched with the module setting the
    header without knowing the routes, so it is not evidence."""
    if policy.placement is not None and policy.placement.style == "decorator":
        return False  # `@cross_origin` covers the one view it decorates
    if policy.framework == "flask-cors" and policy.flask_target != "app":
        return False  # a blueprint's CORS (or an unknown target's) covers its own routes only
    scopes = [policy.urls_regex, policy.resources]
    for scope in scopes:
        if scope is None:
            continue
        if scope.kind == "str":
            if scope.data.strip() not in _EVERY_PATH:
                return False
        elif scope.kind == "dict":
            keys = [key for key, _ in scope.data]
            if not keys or any(key.kind != "str" or key.data.strip() not in _EVERY_PATH for key in keys):
                return False
        else:
            return False
    return True


class MissingExposeHeader(Rule):
    """
    ## What it does
    Reports a custom response header that the application sets (`X-Total-Count`,
    `X-Request-ID`, `Link`, `Content-Disposition`, `Retry-After`…), in any module and in
    any form (`response.headers[...]`, `Response(headers=...)`, Tornado `set_header`, a
    FastAPI route's `responses=`), when the project's CORS policy does not list it in its
    expose headers (`expose_headers`, `CORS_EXPOSE_HEADERS`,
    `Access-Control-Expose-Headers`). It is reported once per header, where it is set.

    Only a header served under the policy counts: one set in the application the policy
    belongs to, where the policy covers every route (a `CORS_URLS_REGEX` or Flask-CORS
    `resources` narrower than every path, or a hand-written header block of one view,
    covers only some routes, and corslint does not map routes to modules). Tests, mocks,
    fixtures and examples are never evidence, and a policy declared in a test settings
    module is not the application's.

    ## Why it is off by default
    On the ecosystem check (docs/ecosystem.md: 25 real projects) this rule gave 47 of 96
    findings, and a reviewer would have thanked the tool for almost none: the headers
    were `Content-Disposition` of downloads the browser handles itself, `Retry-After` and
    rate-limit headers, request ids and timing or debug headers (`X-API-Time`,
    `X-Page-Generated`), read by the same-origin frontend or by no script at all, and some
    came from test settings and test files. Whether a cross-origin script reads a header
    is a fact about the frontend, which the backend's code does not show; the headers such
    a script plausibly reads (pagination such as `X-Total-Count`, `Link` or
    `Content-Range` on a public API, `Content-Disposition` for a `fetch()` download)
    cannot be told apart from the others statically. So the rule runs only when selected
    (`--extend-select COR503`): use it on an API that is meant to be read from other
    origins.

    ## Why is this bad?
    Cross-origin JavaScript can read only the CORS-safelisted response headers
    (`Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`, `Expires`,
    `Last-Modified`, `Pragma`) unless the response exposes others. For any other header
    `response.headers.get("X-Total-Count")` returns `null` in the browser although the
    server sent it, which is hard to debug because the network panel shows the header.

    ## Fix safety
    Adding the header to the expose list makes it readable by every allowed origin, which
    may not be wanted for every header, so the fix is unsafe. It is offered where one CORS
    policy covers the header and its expose list is a list literal written where the
    option is set (the header is appended to it), or is not set at all in a call that
    takes it as a keyword (`expose_headers=[...]` is added).

    ## References
    - [Fetch standard: CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
    - [MDN: Access-Control-Expose-Headers](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Expose-Headers)
    - [Starlette: CORSMiddleware expose_headers](https://www.starlette.io/middleware/#corsmiddleware)
    """

    code = "COR503"
    ecosystem = ('Ecosystem check: 47 of 96 findings before this change, almost none worth a reviewer\'s time (see "Why it is off by default"); off by default since. Selected, it keeps its warning severity.')
    name = "missing-expose-header"
    severity = "warning"
    summary = "A custom response header is set but the CORS policy never exposes it"
    frameworks = "S F D A H"
    default_enabled = False
    # The project facts check_project reads beyond the policies (see corslint.run.collectors).
    needs_facts = frozenset({"response-header"})

    invalid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            from routers import items

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
            app.include_router(items.router)
        """, filename="main.py", files=(("routers/__init__.py", ""), ("routers/items.py", '''\
from fastapi import APIRouter, Response

router = APIRouter()


@router.get("/items")
def list_items(response: Response) -> list:
    response.headers["X-Total-Count"] = "0"
    return []
'''),),
        message="'X-Total-Count' is set here but CORSMiddleware", at=(8, 5), reported_in='routers/items.py',
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            from routers import items

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], expose_headers=["X-Total-Count"])
            app.include_router(items.router)
        """, unsafe_fix=True),
        # Fix case: expose-list-gains-the-header-on-its-own-line.
        Example("""
            from fastapi import FastAPI, Response
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                expose_headers=[
                    'X-Request-ID'  # tracing
                ],
            )


            @app.get("/items")
            def items(response: Response) -> list:
                response.headers["X-Total-Count"] = "0"
                return []
        """, filename='main.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="'X-Total-Count' is set here but CORSMiddleware", at=(16, 5),
                fixed="""
            from fastapi import FastAPI, Response
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                expose_headers=[
                    'X-Request-ID',  # tracing
                    'X-Total-Count',
                ],
            )


            @app.get("/items")
            def items(response: Response) -> list:
                response.headers["X-Total-Count"] = "0"
                return []
        """, unsafe_fix=True),
    ]
    valid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            from routers import items

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                               expose_headers=["X-Total-Count"])
            app.include_router(items.router)
        """, filename="main.py", files=(("routers/__init__.py", ""), ("routers/items.py", '''\
from fastapi import APIRouter, Response

router = APIRouter()


@router.get("/items")
def list_items(response: Response) -> list:
    response.headers["X-Total-Count"] = "0"
    return []
'''),)),
    ]

    def check_project(self, facts):
        policies = [p for p in facts.policies if p.expose_headers is not None
                    and not _never_served(p.span.path) and _covers_every_path(p)]
        if not policies:
            return
        headers = sorted(facts.facts.get("response-header", []),
                         key=lambda h: (h.span.path, h.span.start_line, h.span.start_col))
        seen = set()
        applications = _Applications(policies)
        for header in headers:
            if _never_served(header.span.path):
                continue
            applicable = [p for p in applications.covering(header) if _applies(p, header)]
            if not applicable:
                continue
            # Once per header and application (two apps in one repository are separate).
            name = header.name.strip().lower()
            key = (name, tuple(sorted({p.app_root or "" for p in applicable})))
            if key in seen:
                continue
            verdicts: List[Optional[bool]] = [_exposed(p, name) for p in applicable]
            if any(v is not False for v in verdicts):
                seen.add(key)  # exposed by some policy, or not knowable: say nothing
                continue
            seen.add(key)
            fix = _fix(applicable, header.name) if len(applicable) == 1 else None
            # The policy declared beside the header first: the likeliest one to serve it.
            nearest = sorted(applicable, key=lambda p: p.span.path != header.span.path)
            yield self.finding(header.span, _message(header.name, nearest), fix=fix,
                               related=[policy.span for policy in nearest])


def _where(policy) -> str:
    """The policy and where its expose list is written (a Django settings module may set it
    hundreds of lines below its first CORS-related name), or where the policy is when the
    list is not set."""
    option = policy.expose_headers
    where = (option.span if not option.implicit and option.span is not None else policy.span).describe()
    target = f"{option.name}" if not option.implicit else f"{option.name} (not set)"
    return f"{policy.label} ({where}) does not list it in {target}"


def _message(name: str, applicable) -> str:
    """Every policy the header is served under is named: the one the application really
    runs with cannot be told from the code, and each of them hides the header."""
    consequence = (f"so JavaScript on other origins cannot read it (`headers.get({name!r})` returns null)")
    # The name as the code that sets it writes it (the policies are in that file's language).
    said = written(name, applicable[0])
    if len(applicable) == 1:
        policy = applicable[0]
        return (f"{said} is set here but {_where(policy)}, {consequence}; add "
                f"{written(name, policy, policy.expose_headers)} to {policy.expose_headers.name}.")
    shown = applicable[:3]
    more = f"; and {len(applicable) - len(shown)} more" if len(applicable) > len(shown) else ""
    return (f"{said} is set here but none of the {len(applicable)} CORS policies of this application exposes it: "
            f"{'; '.join(_where(p) for p in shown)}{more}; {consequence}; add {said} to the expose list of "
            "each policy that serves it.")

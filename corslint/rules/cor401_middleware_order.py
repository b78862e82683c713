import re

from corslint.fixes.intents import SAFE, UNSAFE, MoveElementFirst, MoveStatementAfter, make_fix
from corslint.rules.base import Example, Rule

_AUTH = re.compile(r"auth|token|jwt|login|permission|key|guard|security|csrf|xsrf|ratelimit|rate_limit|throttl",
                   re.IGNORECASE)
# Of those, the ones that want credentials a preflight never carries.
_CREDENTIAL_CHECK = re.compile(r"auth|token|jwt|login|permission|key|guard", re.IGNORECASE)
# Names of middleware that only decorate what passes through (sessions load a cookie, they
# reject nothing): never an answer to a preflight.
_PASS_THROUGH_NAME = re.compile(r"session|gzip|compress|brotli|headers|locale|logging|metrics|telemetry"
                                r"|tracing|timing|prometheus|correlation|request_?id|context|proxy",
                                re.IGNORECASE)


def _spoken_list(names) -> str:
    """`A`, `A and B`, `A, B and C`: middleware named in a sentence, so that no pronoun
    leaves the reader guessing which middleware does what."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class MiddlewareOrder(Rule):
    """
    ## What it does
    Reports a CORS middleware that is not the outermost of the application's own
    middleware. In Starlette and FastAPI: `add_middleware(CORSMiddleware, ...)` followed
    by another `add_middleware(...)` or an `@app.middleware("http")` function (the last
    one added is the outermost), or `Middleware(CORSMiddleware, ...)` that is not first
    in `middleware=[...]`. In Django: `CorsMiddleware` below `CommonMiddleware`,
    WhiteNoise, `CsrfViewMiddleware` or another middleware known to answer requests
    itself, missing from `MIDDLEWARE` while CORS is configured, or `corsheaders`
    missing from `INSTALLED_APPS` (its system checks then never run).

    ## Why is this bad?
    Middleware outside the CORS layer sees every request first, and anything it answers
    itself (a 401 from an authentication check, a redirect, a 400 for an unknown host)
    carries no CORS headers, so the browser reports a CORS error instead of the real
    response. Preflight requests never carry credentials, so an authentication
    middleware outside CORS rejects every preflight and the API is unusable from the
    browser. Middleware known to pass every request through (GZip, sessions) is not
    reported.

    ## Fix safety
    Moving Django's `CorsMiddleware` to the top of `MIDDLEWARE` is safe; it is offered
    where `MIDDLEWARE` is one list literal that nothing later extends. Reordering
    Starlette `add_middleware` calls is unsafe: other code may sit between them.

    ## References
    - [FastAPI: middleware execution order](https://fastapi.tiangolo.com/tutorial/middleware/)
    - [fastapi/fastapi#2693](https://github.com/fastapi/fastapi/issues/2693)
    - [django-cors-headers: setup](https://github.com/adamchainz/django-cors-headers#setup)
    """

    code = "COR401"
    ecosystem = ("Ecosystem check: 3 findings, all acceptable (paperless-ngx's WhiteNoise above CorsMiddleware, prefect's CSRF middleware, litellm's metrics guard), after it learned pass-through middleware (GZip, sessions, compression, and subclasses of them) and stopped guessing about a project's own middleware unless its name says it checks credentials, CSRF or rate limits (6 findings before, 4 of them false). On by default, warning.")
    name = "middleware-order"
    severity = "warning"
    summary = "The CORS middleware is not the outermost middleware"
    frameworks = "S D"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        from app.auth import AuthMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
        app.add_middleware(AuthMiddleware)
    """,
        message="CORSMiddleware is added before AuthMiddleware (line 8), and Starlette makes the last-added "
                "middleware the outermost: preflights carry no credentials, so AuthMiddleware rejects them before "
                "CORSMiddleware can answer", at=(7, 1),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            from app.auth import AuthMiddleware

            app = FastAPI()
            app.add_middleware(AuthMiddleware)
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
        """, unsafe_fix=True),
        # A middleware that answers some requests itself, without checking credentials.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            from app.limits import RateLimitMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
            app.add_middleware(RateLimitMiddleware)
        """,
                message="CORSMiddleware is added before RateLimitMiddleware (line 8), and Starlette makes the "
                        "last-added middleware the outermost: every request, preflights included, reaches "
                        "RateLimitMiddleware first, and any response RateLimitMiddleware sends on its own carries no "
                        "CORS headers; add CORSMiddleware last.", at=(7, 1),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            from app.limits import RateLimitMiddleware

            app = FastAPI()
            app.add_middleware(RateLimitMiddleware)
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
        """, unsafe_fix=True), Example("""
        INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
        MIDDLEWARE = [
            "django.middleware.common.CommonMiddleware",
            "corsheaders.middleware.CorsMiddleware",
        ]
        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    """, filename="settings.py",
        message="CorsMiddleware comes after CommonMiddleware in MIDDLEWARE, so responses CommonMiddleware produces "
                "itself (redirects, 403s, static files) carry no CORS headers", at=(4, 5),
        fixed="""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = [
                "corsheaders.middleware.CorsMiddleware",
                "django.middleware.common.CommonMiddleware",
            ]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """),
        # Fix case: middleware-list-inline.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            other = Starlette(middleware=[Middleware(AuthMiddleware), Middleware(CORSMiddleware, allow_origins=["https://a.example.com"])])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message='AuthMiddleware comes before CORSMiddleware in middleware=[...]', at=(8, 59),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            other = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=["https://a.example.com"]), Middleware(AuthMiddleware)])
        """, unsafe_fix=True),
        # Fix case: add-middleware-moved-below-a-decorated-middleware.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])


            @app.middleware("http")
            async def require_token(request, call_next):
                return await call_next(request)
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message='CORSMiddleware is added before @app.middleware("http") require_token', at=(8, 1),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware


            @app.middleware("http")
            async def require_token(request, call_next):
                return await call_next(request)
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])
        """, unsafe_fix=True),
        # Fix case: add-middleware-moved-with-its-comment.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(AuthMiddleware)

            # The SPA calls us from its own origin.
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])
            app.add_middleware(AuthMiddleware)  # twice, by mistake
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message='CORSMiddleware is added before AuthMiddleware', at=(11, 1),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(AuthMiddleware)

            app.add_middleware(AuthMiddleware)  # twice, by mistake
            # The SPA calls us from its own origin.
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])
        """, unsafe_fix=True),
        # Fix case: add-middleware-in-another-block-is-not-moved.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])
            if True:
                app.add_middleware(AuthMiddleware)
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message='CORSMiddleware is added before AuthMiddleware', at=(8, 1)),
        # Fix case: django-cors-middleware-moved-to-the-top.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = [
                "django.middleware.security.SecurityMiddleware",
                "django.middleware.common.CommonMiddleware",
                "corsheaders.middleware.CorsMiddleware",  # CORS
            ]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='CorsMiddleware comes after CommonMiddleware in MIDDLEWARE', at=(5, 5),
                fixed="""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = [
                "corsheaders.middleware.CorsMiddleware",  # CORS
                "django.middleware.security.SecurityMiddleware",
                "django.middleware.common.CommonMiddleware",
            ]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """),
        # Fix case: django-cors-middleware-in-a-concatenation-is-not-moved.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            BASE_MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
            MIDDLEWARE = BASE_MIDDLEWARE + ["corsheaders.middleware.CorsMiddleware"]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='CorsMiddleware comes after CommonMiddleware in MIDDLEWARE', at=(3, 33)),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        from app.auth import AuthMiddleware

        app = FastAPI()
        app.add_middleware(AuthMiddleware)
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    """)]

    def check(self, policy):
        placement = policy.placement
        if placement is None or placement.wraps_app:
            return
        if placement.style == "settings":
            yield from self._check_settings(policy, placement)
            return
        # Middleware known to answer requests itself, or a project's own whose name says it
        # checks credentials; a project's own middleware may well pass every request through
        # (locale, logging, compression), and a guess is worse than silence.
        outer = [entry for entry in placement.outer if entry.produces_responses is True
                 or (entry.produces_responses is None and _AUTH.search(entry.name)
                     and (_CREDENTIAL_CHECK.search(entry.name) or not _PASS_THROUGH_NAME.search(entry.name)))]
        if not outer:
            return
        checkers = [e.name for e in outer if _CREDENTIAL_CHECK.search(e.name)]
        if checkers:
            who, verb = _spoken_list(checkers), ("rejects" if len(checkers) == 1 else "reject")
            consequence = (f"preflights carry no credentials, so {who} {verb} them before {policy.label} can answer, "
                           "and the browser reports a CORS error")
        else:
            who = _spoken_list([e.name for e in outer])
            consequence = (f"every request, preflights included, reaches {who} first, and any response "
                           f"{who} {'sends' if len(outer) == 1 else 'send'} on {'its' if len(outer) == 1 else 'their'} "
                           "own carries no CORS headers")
        fix = None
        if placement.style == "add_middleware":
            added = _spoken_list([f"{e.name} (line {e.span.start_line})" if e.span else e.name
                                  for e in reversed(outer)])  # in the order they are added
            message = (f"{policy.label} is added before {added}, and Starlette makes the last-added "
                       f"middleware the outermost: {consequence}; add {policy.label} last.")
            last_added = placement.outer[0].span  # outer is outermost first: the last one added
            if last_added is not None:
                fix = make_fix(f"Move the add_middleware({policy.label}, ...) call below the last "
                               "add_middleware call", UNSAFE, MoveStatementAfter(policy.span, last_added))
        else:
            listed = _spoken_list([e.name for e in outer])
            message = (f"{listed} {'comes' if len(outer) == 1 else 'come'} before {policy.label} in middleware=[...], "
                       f"where the first entry is the outermost: {consequence}; put {policy.label} first.")
            fix = make_fix(f"Move Middleware({policy.label}, ...) to the front of the list", UNSAFE,
                           MoveElementFirst(policy.span))
        yield self.finding(policy.span, message, fix=fix, related=[e.span for e in outer if e.span])

    def _check_settings(self, policy, placement):
        span = placement.middleware_span or policy.span
        if placement.app_not_installed:
            yield self.finding(placement.installed_apps_span or policy.span,
                               "CORS is configured but 'corsheaders' is not in INSTALLED_APPS, so "
                               "django-cors-headers' system checks (malformed origins, wrong types) never run; "
                               "add 'corsheaders' to INSTALLED_APPS.")
        if placement.missing:
            yield self.finding(span, "CORS is configured but `corsheaders.middleware.CorsMiddleware` is not in "
                                     "MIDDLEWARE, so no CORS header is ever sent; add it at the top of "
                                     "MIDDLEWARE.")
            return
        # Only middleware known to answer requests itself; a project's own middleware may
        # well pass every request through, and a guess is worse than silence.
        outer = [entry for entry in placement.outer if entry.produces_responses is True]
        if outer:
            names = _spoken_list([e.name.rsplit(".", 1)[-1] for e in outer])
            fix = None
            if placement.middleware_list_span is not None and placement.middleware_span is not None \
                    and placement.middleware_span != placement.middleware_list_span:
                fix = make_fix("Move CorsMiddleware to the top of MIDDLEWARE", SAFE,
                               MoveElementFirst(placement.middleware_span, placement.middleware_list_span))
            yield self.finding(span, f"CorsMiddleware comes after {names} in MIDDLEWARE, so responses "
                                     f"{names} {'produces itself' if len(outer) == 1 else 'produce themselves'} (redirects, "
                                     "403s, static files) carry no CORS headers and the browser reports a CORS "
                                     f"error instead; move CorsMiddleware as high as possible in MIDDLEWARE, above "
                                     f"{names}.",
                               fix=fix, related=[e.span for e in outer if e.span])

from corslint.fixes.intents import SAFE, ReplaceLiteral, is_plain_literal, make_fix, written_at
from corslint.rules.base import Example, Rule
from corslint.policy import Value
from corslint.rules.helpers import assigned, suffix, where

BROWSER_CAP = 86400


class MaxAgeExcessive(Rule):
    """
    ## What it does
    Reports a preflight cache lifetime (`max_age`, `CORS_PREFLIGHT_MAX_AGE`,
    `Access-Control-Max-Age`) above 86400 seconds.

    ## Why is this bad?
    Browsers cap the value: Firefox at 86400 seconds (24 hours), Chromium at 7200 (2
    hours). A larger number has no effect, and suggests the author expects preflights to
    be cached for longer than they are (and a CORS change to take longer to reach users
    than it does).

    ## Fix safety
    Clamping to 86400 changes nothing a browser does, so it is safe.

    ## References
    - [MDN: Access-Control-Max-Age](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Max-Age)
    """

    code = "COR305"
    name = "max-age-excessive"
    severity = "info"
    summary = "The preflight max-age is longer than any browser honours"
    frameworks = "S F D H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], max_age=604800)
    """,
        message='max_age=604800 is more than browsers honour', at=(5, 79),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], max_age=86400)
        """),
        # Fix case: max-age-clamped.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], max_age=999_999)
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message='max_age=999999 is more than browsers honour', at=(8, 77),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], max_age=86400)
        """),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], max_age=3600)
    """)]

    def check(self, policy):
        option = policy.max_age
        if option is None or option.implicit:
            return
        value = option.value
        number = value.data if value.kind == "int" else None
        if value.kind == "str" and value.data.strip().isdigit():
            number = int(value.data.strip())
        if number is None or number <= BROWSER_CAP:
            return
        fix = None
        if is_plain_literal(value) and written_at(option, value) and value.kind in ("int", "str"):
            new = BROWSER_CAP if value.kind == "int" else str(BROWSER_CAP)
            fix = make_fix(f"Clamp {option.name} to {BROWSER_CAP}", SAFE, ReplaceLiteral(value.span, value.data, new))
        yield self.finding(
            where(option, policy),
            f"{assigned(option, policy, Value('int', number))} is more than browsers honour: Firefox caps preflight caching at 86400 "
            f"seconds and Chromium at 7200{suffix(value)}; write {_seconds(BROWSER_CAP, policy)} or less.",
            fix=fix,
        )


def _seconds(number: int, policy) -> str:
    """A number of seconds as the library takes it: 86400, or `Duration::from_secs(86400)`."""
    if policy.semantics.headers_by_hand:
        return str(number)
    return policy.semantics.max_age_form.format(number)

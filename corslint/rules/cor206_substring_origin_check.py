import re

from corslint.fixes.intents import SAFE, ReplaceLiteral, ReplaceWithEquality, make_fix
from corslint.origins.model import parse_origin
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show

_HOW = {
    "startswith": "a prefix test",
    "endswith": "a suffix test",
    "in-string": "a substring test",
    "search": "an unanchored re.search",
}


class SubstringOriginCheck(Rule):
    """
    ## What it does
    Reports hand-written code that decides whether to echo the request's `Origin` in
    `Access-Control-Allow-Origin` with a prefix, suffix or substring test:
    `origin.startswith("https://app.example.com")`, `origin.endswith("example.com")`,
    `"example.com" in origin`, `origin in "https://a.example.com https://b.example.com"` (a
    string, not a list), or an unanchored `re.search`.

    ## Why is this bad?
    Such tests accept origins that only look like the trusted one:
    `https://app.example.com.evil-example.net` starts with `https://app.example.com`,
    `https://evilexample.com` ends with `example.com`, and `https://a.example.co` is a
    substring of the allow-list string. Anyone can register those domains, and the check
    then echoes them back, so their pages can read the responses (with the user's cookies
    when credentials are allowed).

    ## Fix safety
    Where the operand is one full origin (`origin.startswith("https://app.example.com")`,
    `"https://app.example.com" in origin`), the test becomes `origin == "https://app.example.com"`;
    where it is a string literal of several full origins written in the test itself
    (`origin in "https://a.example.com https://b.example.com"`), the string becomes a list
    of them, so the test is membership. Both are safe: they accept exactly the origins the
    operand names. Other forms (a host, a suffix, a name shared with other code) need the
    owner to say which origins are meant, so there is no fix.

    ## References
    - [PortSwigger: Errors parsing Origin headers](https://portswigger.net/web-security/cors#errors-parsing-origin-headers)
    - [CORScanner: prefix and suffix match tests](https://github.com/chenjj/CORScanner)
    """

    code = "COR206"
    name = "substring-origin-check"
    severity = "error"
    summary = "The Origin is checked with a prefix, suffix or substring test before it is echoed"
    frameworks = "H"

    invalid = [
        Example("""
            from flask import Flask, request

            app = Flask(__name__)


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin.startswith("https://app.example.com"):
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """,
        message='`origin.startswith("https://app.example.com")` is a prefix test with', at=(9, 8),
        fixed="""
            from flask import Flask, request

            app = Flask(__name__)


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin == "https://app.example.com":
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """),
        Example("""
            from starlette.middleware.base import BaseHTTPMiddleware

            TRUSTED = "https://app.example.com https://admin.example.com"


            class CorsHeaders(BaseHTTPMiddleware):
                async def dispatch(self, request, call_next):
                    response = await call_next(request)
                    origin = request.headers.get("origin")
                    if origin and origin in TRUSTED:
                        response.headers["Access-Control-Allow-Origin"] = origin
                        response.headers["Vary"] = "Origin"
                    return response
        """,
        message="`origin in TRUSTED` is a substring test with 'https://app.example.com", at=(10, 23)),
        # Fix case: startswith-full-origin-becomes-equality.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin.startswith("https://app.example.com"):
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='`origin.startswith("https://app.example.com")` is a prefix test with', at=(10, 8),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin == "https://app.example.com":
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """),
        # Fix case: contains-full-origin-inside-and.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin and 'https://app.example.com' in origin:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="`'https://app.example.com' in origin` is a substring test with 'https://app.example.com'", at=(10, 19),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin and origin == 'https://app.example.com':
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """),
        # Fix case: negated-startswith-through-a-name.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            FRONTEND = "https://app.example.com"
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if not origin.startswith(FRONTEND):
                    return response
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="`origin.startswith(FRONTEND)` is a prefix test with 'https://app.example.com' that also", at=(11, 12),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            FRONTEND = "https://app.example.com"
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if not origin == FRONTEND:
                    return response
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Vary"] = "Origin"
                return response
        """),
        # Fix case: string-of-origins-becomes-a-list.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in "https://app.example.com https://admin.example.com":
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='`origin in "https://app.example.com https://admin.example.co…` is a substring test with', at=(10, 8),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ["https://app.example.com", "https://admin.example.com"]:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """),
        # Fix case: suffix-of-a-host-is-left-to-a-person.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin.endswith("example.com"):
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='`origin.endswith("example.com")` is a suffix test with \'example.com\' that also accepts', at=(10, 8)),
    ]
    valid = [
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            TRUSTED = ("https://app.example.com", "https://admin.example.com")


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in TRUSTED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Vary"] = "Origin"
                return response
        """),
    ]

    def check(self, policy):
        written = policy.written
        if written is None:
            return
        reported = set()
        credentials = policy.credentials_enabled() is True
        for write in written.origin_writes:
            if write.source != "request-origin" or write.checked:
                continue
            for check in write.weak_checks:
                if check.span in reported:
                    continue
                reported.add(check.span)
                operand = f" with {show(check.operand, policy)}" if check.operand is not None and check.operand.is_known \
                    else ""
                reach = "read responses with the user's cookies" if credentials else "read the responses"
                yield self.finding(
                    check.span,
                    f"`{check.text}` is {_HOW.get(check.kind, 'a partial test')}{operand} that also accepts "
                    f"{check.evidence}, a domain anyone can register, and that origin is then echoed in "
                    f"Access-Control-Allow-Origin, so its pages can {reach}; compare the whole origin with `==` "
                    f"or membership in a set of trusted origins.",
                    fix=_fix(check, policy),
                    related=[write.span],
                )


def _full_origin(text: str) -> bool:
    parsed = parse_origin(text)
    return bool(parsed.scheme and parsed.host) and not parsed.problems and parsed.normalised() == text


def _fix(check, policy):
    """`==` where the operand is one full origin; a list where it is a literal of several."""
    operand = check.operand
    if operand is None or operand.kind != "str" or check.operand_span is None or operand.conditions:
        return None
    if check.kind in ("startswith", "in-string") and _full_origin(operand.data):
        return make_fix(f"Compare the whole origin with == {show(operand, policy)}", SAFE,
                        ReplaceWithEquality(check.span, check.operand_span))
    if check.kind == "in-string" and operand.literal and operand.via is None and operand.span == check.operand_span:
        parts = [p for p in re.split(r"[\s,]+", operand.data) if p]
        if len(parts) > 1 and all(_full_origin(p) for p in parts) and len(set(parts)) == len(parts):
            return make_fix("Make the allowed origins a list, so the test is membership", SAFE,
                            ReplaceLiteral(operand.span, operand.data, parts))
    return None

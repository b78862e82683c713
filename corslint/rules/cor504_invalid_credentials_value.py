from corslint.fixes.intents import SAFE, ReplaceLiteral, ReplaceText, contains, make_fix
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix


class InvalidCredentialsValue(Rule):
    """
    ## What it does
    Reports an `Access-Control-Allow-Credentials` header written with anything but the
    exact text `true`: a Python `True` (sent as `True`), `"True"`, `"TRUE"`, `1`, or
    `"false"`.

    ## Why is this bad?
    Browsers compare the value case-sensitively with `true`; anything else means "no
    credentials", so credentialed requests fail. Flask (werkzeug), Django and Tornado turn
    a Python `True` into the text `True` (Starlette fails with an AttributeError instead).
    `"false"` is not a way to turn credentials off: the header should be left out.

    ## Fix safety
    Writing the literal `"true"` is what the author meant when the value is a spelling of
    true, so that fix is safe; a `"false"` should be removed, which is left to the owner.

    ## References
    - [Fetch standard: Access-Control-Allow-Credentials](https://fetch.spec.whatwg.org/#http-access-control-allow-credentials)
    - [MDN: Access-Control-Allow-Credentials](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Credentials)
    """

    code = "COR504"
    name = "invalid-credentials-value"
    severity = "warning"
    summary = "Access-Control-Allow-Credentials is not exactly `true`"
    frameworks = "H"

    invalid = [
        Example("""
            import tornado.web

            ALLOWED_ORIGINS = {"https://app.example.com"}


            class ApiHandler(tornado.web.RequestHandler):
                def set_default_headers(self):
                    origin = self.request.headers.get("Origin")
                    if origin in ALLOWED_ORIGINS:
                        self.set_header("Access-Control-Allow-Origin", origin)
                        self.set_header("Access-Control-Allow-Credentials", True)
                    self.add_header("Vary", "Origin")
        """,
        message='Access-Control-Allow-Credentials', at=(11, 65),
        fixed="""
            import tornado.web

            ALLOWED_ORIGINS = {"https://app.example.com"}


            class ApiHandler(tornado.web.RequestHandler):
                def set_default_headers(self):
                    origin = self.request.headers.get("Origin")
                    if origin in ALLOWED_ORIGINS:
                        self.set_header("Access-Control-Allow-Origin", origin)
                        self.set_header("Access-Control-Allow-Credentials", "true")
                    self.add_header("Vary", "Origin")
        """),
        # Fix case: credentials-spelt-True.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Access-Control-Allow-Credentials"] = 'True'
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Credentials', at=(12, 64),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Access-Control-Allow-Credentials"] = 'true'
                    response.headers["Vary"] = "Origin"
                return response
        """),
        # Fix case: credentials-false-is-left-to-a-person.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Access-Control-Allow-Credentials"] = "false"
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Credentials', at=(12, 64)),
    ]
    valid = [
        Example("""
            import tornado.web

            ALLOWED_ORIGINS = {"https://app.example.com"}


            class ApiHandler(tornado.web.RequestHandler):
                def set_default_headers(self):
                    origin = self.request.headers.get("Origin")
                    if origin in ALLOWED_ORIGINS:
                        self.set_header("Access-Control-Allow-Origin", origin)
                        self.set_header("Access-Control-Allow-Credentials", "true")
                    self.add_header("Vary", "Origin")
        """),
    ]

    def check(self, policy):
        written = policy.written
        if written is None or written.credentials_written is None:
            return
        raw = written.credentials_written
        span = raw.span or written.credentials_span
        if raw.kind == "str":
            if raw.data == "true":
                return
            sent = raw.data
        elif raw.kind in ("bool", "int"):
            sent = str(raw.data)
        else:
            return
        if sent.strip().lower() == "false" or sent.strip() == "0":
            yield self.finding(
                span,
                f"{_header(raw, policy)} does not turn credentials off, it is just not "
                f"`true`{suffix(raw)}; leave the header out when credentials are not allowed.",
            )
            return
        fix = None
        if raw.span is not None and raw.via is None and not raw.conditions \
                and contains(written.credentials_span, raw.span):
            if raw.kind == "bool" and raw.data is True:
                fix = make_fix('Write "true"', SAFE, ReplaceText(raw.span, '"true"', expected="True"))
            elif raw.kind in ("str", "int") and raw.literal and sent.strip().lower() in ("true", "1"):
                fix = make_fix('Write "true"', SAFE, ReplaceLiteral(raw.span, raw.data, "true"))
        how = f"{_header(raw, policy)} is sent as `{sent}`" if raw.kind != "str" else \
            f"{_header(raw, policy)} is not `true`"
        # A string is header text (`true`); a value of another type becomes the string "true".
        instead = "`true`" if raw.kind == "str" else '"true"'
        yield self.finding(
            span,
            f"{how}, and browsers accept only the exact lower-case text `true`, "
            f"so credentialed requests fail{suffix(raw)}; write {instead}.",
            fix=fix,
        )


def _header(raw, policy) -> str:
    """The header as sent (`` `Access-Control-Allow-Credentials: TRUE` ``), or, for a value
    that is not a string (Python's `True`), the header name and that value as written."""
    if raw.kind == "str":
        return f"`Access-Control-Allow-Credentials: {raw.data}`"
    return f"Access-Control-Allow-Credentials: {show(raw, policy)}"

from corslint.fixes.intents import SAFE, AddVaryOrigin, make_fix
from corslint.rules.base import Example, Rule


class MissingVary(Rule):
    """
    ## What it does
    Reports hand-written code that sets `Access-Control-Allow-Origin` to a value that
    depends on the request's `Origin` (an allow-listed origin echoed back, or a literal
    chosen by testing the `Origin`) without writing `Vary: Origin` anywhere in the module
    (`response.headers["Vary"] = "Origin"`, `response.vary.add("Origin")`,
    `patch_vary_headers(response, ["Origin"])`, `headers.add("Vary", "Origin")`).

    ## Why is this bad?
    Without `Vary: Origin`, a browser cache, CDN or proxy may store the response given to
    one origin and serve it to another: the second site then sees an
    `Access-Control-Allow-Origin` naming the first, and its requests fail at random (or a
    response meant for a trusted origin is cached for everyone). The Fetch standard asks
    for `Vary: Origin` whenever the header is not `*` or one fixed origin.

    ## Fix safety
    Adding `Vary: Origin` beside the header write only adds a cache key, so it is safe.
    The fix uses the framework's way of adding to a Vary header that may already be set:
    `response.vary.add("Origin")` (Flask / werkzeug), `patch_vary_headers(response,
    ["Origin"])` (Django, imported if needed), `response.headers.append("Vary", "Origin")`
    (Starlette / FastAPI), `response.headers.add("Vary", "Origin")` (aiohttp),
    `self.add_header("Vary", "Origin")` (Tornado). It is offered only where the module's
    framework and the form of the write leave no doubt which one applies (not for a
    headers dict passed to a response later, nor for raw ASGI header lists), and not
    when the function writes Vary elsewhere, where a later assignment could replace it.

    ## References
    - [Fetch standard: CORS protocol and HTTP caches](https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches)
    - [MDN: Vary](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Vary)
    """

    code = "COR501"
    ecosystem = ('Ecosystem check: 1 finding, true (redash). On by default, warning.')
    name = "missing-vary"
    severity = "warning"
    summary = "An origin-dependent Access-Control-Allow-Origin without Vary: Origin"
    frameworks = "H"
    fix_availability = "sometimes"

    invalid = [
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin")
                if origin in ALLOWED_ORIGINS:
                    response.headers["Access-Control-Allow-Origin"] = origin
                return response
        """),
    ]
    valid = [
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin")
                if origin in ALLOWED_ORIGINS:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers.add("Vary", "Origin")
                return response
        """),
    ]

    def check(self, policy):
        written = policy.written
        if written is None or written.vary_origin:
            return
        for write in written.origin_writes:
            if not write.dynamic:
                continue
            if write.source == "request-origin" and not write.checked:
                continue  # an unchecked echo is COR102 / COR206, a worse problem
            if write.source == "literal" and write.value is not None and write.value.kind == "str" \
                    and write.value.data.strip() == "*":
                continue
            what = "the allow-listed request origin" if write.source == "request-origin" else \
                "a value chosen by testing the request's Origin"
            yield self.finding(
                write.span,
                f"Access-Control-Allow-Origin is set to {what}, but no `Vary: Origin` is sent, so a cache may "
                f"serve one origin's response to another and their requests fail (or the wrong origin is "
                f"allowed); add `Vary: Origin` beside this header.",
                fix=make_fix("Add `Vary: Origin` after this header", SAFE, AddVaryOrigin(write.span)),
            )

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
    ecosystem = ("Ecosystem check: 2 findings, both true (redash; CKAN's allow-listed echo on responses it marks `Cache-Control: public`). On by default, warning.")
    name = "missing-vary"
    severity = "warning"
    summary = "An origin-dependent Access-Control-Allow-Origin without Vary: Origin"
    frameworks = "H"

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
        """,
        message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(11, 9),
        fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin")
                if origin in ALLOWED_ORIGINS:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.vary.add("Origin")
                return response
        """),
        # Fix case: vary-flask.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers['Access-Control-Allow-Origin'] = origin
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(11, 9),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers['Access-Control-Allow-Origin'] = origin
                    response.vary.add('Origin')
                return response
        """),
        # Fix case: vary-flask-not-when-vary-is-set-later.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Vary"] = "Accept-Encoding"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(11, 9)),
        # Fix case: vary-django-imports-patch-vary-headers.
        Example('"""Views."""\nfrom django.http import JsonResponse\nfrom django.views.decorators.http import require_GET\n\nALLOWED = {"https://app.example.com"}\n\n\n@require_GET\ndef items(request):\n    response = JsonResponse({"items": []})\n    if request.headers.get("Origin") in ALLOWED:\n        response["Access-Control-Allow-Origin"] = request.headers["Origin"]\n    return response\n', filename='views.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(12, 9),
                fixed='"""Views."""\nfrom django.http import JsonResponse\nfrom django.utils.cache import patch_vary_headers\nfrom django.views.decorators.http import require_GET\n\nALLOWED = {"https://app.example.com"}\n\n\n@require_GET\ndef items(request):\n    response = JsonResponse({"items": []})\n    if request.headers.get("Origin") in ALLOWED:\n        response["Access-Control-Allow-Origin"] = request.headers["Origin"]\n        patch_vary_headers(response, ["Origin"])\n    return response\n'),
        # Fix case: vary-starlette.
        Example("""
            from starlette.middleware.base import BaseHTTPMiddleware

            ALLOWED = {"https://app.example.com"}


            class Cors(BaseHTTPMiddleware):
                async def dispatch(self, request, call_next):
                    response = await call_next(request)
                    origin = request.headers.get("origin")
                    if origin in ALLOWED:
                        response.headers["Access-Control-Allow-Origin"] = origin
                    return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(11, 13),
                fixed="""
            from starlette.middleware.base import BaseHTTPMiddleware

            ALLOWED = {"https://app.example.com"}


            class Cors(BaseHTTPMiddleware):
                async def dispatch(self, request, call_next):
                    response = await call_next(request)
                    origin = request.headers.get("origin")
                    if origin in ALLOWED:
                        response.headers["Access-Control-Allow-Origin"] = origin
                        response.headers.append("Vary", "Origin")
                    return response
        """),
        # Fix case: vary-tornado.
        Example("""
            import tornado.web

            ALLOWED = {"https://app.example.com"}


            class Base(tornado.web.RequestHandler):
                def set_default_headers(self):
                    origin = self.request.headers.get("Origin")
                    if origin in ALLOWED:
                        self.set_header("Access-Control-Allow-Origin", origin)
        """, filename='server.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(10, 13),
                fixed="""
            import tornado.web

            ALLOWED = {"https://app.example.com"}


            class Base(tornado.web.RequestHandler):
                def set_default_headers(self):
                    origin = self.request.headers.get("Origin")
                    if origin in ALLOWED:
                        self.set_header("Access-Control-Allow-Origin", origin)
                        self.add_header("Vary", "Origin")
        """),
        # Fix case: vary-not-for-a-headers-dict.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com"}


            @app.get("/items")
            def items():
                headers = {}
                if request.headers.get("Origin") in ALLOWED:
                    headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
                return {"items": []}, 200, headers
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='Access-Control-Allow-Origin is set to the allow-listed request origin', at=(11, 9)),
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

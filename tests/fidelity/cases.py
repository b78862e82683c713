"""The matrix: one small project per (framework, configuration shape).

Each case is written to a folder as the project a user would have: corslint lints that
folder, and the fidelity server executes the very same files to get the application it
serves. Every application answers `/` for GET and PUT with `cookie=yes|no` (did the
browser send the session cookie) and sets the custom response header X-Total-Count, so
one page load can see what CORS lets through: the body, the custom header, a credentialed
read, and preflights for a method and for request headers.

`intent` says what the configuration is meant to grant its trusted origins (credentials,
the PUT method, the X-Token request header, reading X-Total-Count): a trusted origin that
loses one of these in the browser is a functional problem corslint must report.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

APP = "https://app.example.com"
CUSTOM_HEADER = "X-Total-Count"
REQUEST_HEADER = "X-Token"

FRAMEWORKS = {
    "starlette": "Starlette CORSMiddleware",
    "flask": "Flask-CORS",
    "django": "django-cors-headers",
    "aiohttp": "aiohttp-cors",
    "handwritten": "hand-written headers (Flask after_request)",
}


@dataclass
class Case:
    framework: str
    shape: str
    files: Dict[str, str]
    trusted: Tuple[str, ...]
    intent: Dict[str, bool] = field(default_factory=dict)
    path: str = "/"  # what the probes fetch

    @property
    def id(self) -> str:
        return f"{self.framework}-{self.shape}"

    @property
    def host(self) -> str:
        return f"{self.id}.api.test".lower()  # browsers lower-case host names

    def write(self, root: str) -> str:
        folder = os.path.join(root, self.id)
        os.makedirs(folder, exist_ok=True)
        for name, text in self.files.items():
            with open(os.path.join(folder, name), "w") as fh:
                fh.write(text)
        return folder


def _kwargs(options: Dict[str, str]) -> str:
    return "".join(f",\n    {name}={value}" for name, value in options.items())


# --- Starlette ---------------------------------------------------------------------------

STARLETTE = '''from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def home(request):
    response = PlainTextResponse("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response


app = Starlette(routes=[Route("/", home, methods=["GET", "PUT"])])
app.add_middleware(
    CORSMiddleware{kwargs},
)
'''

FULL_S = {"allow_credentials": "True", "allow_methods": '["GET", "PUT"]', "allow_headers": '["X-Token"]',
          "expose_headers": '["X-Total-Count"]'}


def starlette(shape, trusted, intent=None, **options):
    merged = {**FULL_S, **options}
    merged = {k: v for k, v in merged.items() if v is not None}
    return Case("starlette", shape, {"app.py": STARLETTE.format(kwargs=_kwargs(merged))}, trusted,
                intent or _intent_from(merged, "allow_credentials", "allow_methods", "allow_headers", "expose_headers"))


def _intent_from(options, credentials, methods, headers, expose):
    return {
        "cred": options.get(credentials) == "True",
        "put": "PUT" in options.get(methods, "").upper(),
        "xhdr": "X-TOKEN" in options.get(headers, "").upper(),
        "expose": "X-TOTAL-COUNT" in options.get(expose, "").upper(),
    }


STARLETTE_CASES = [
    starlette("clean", (APP,), allow_origins=f'["{APP}"]'),
    starlette("clean-regex", (APP,), allow_origin_regex=r'r"https://[a-z0-9-]+\.example\.com"'),
    starlette("wildcard", (), allow_origins='["*"]', allow_credentials=None),
    starlette("wildcard-credentials", (), allow_origins='["*"]'),
    starlette("regex-everything", (), allow_origin_regex='r"https://.*"'),
    starlette("regex-unescaped-dot", (APP,), allow_origin_regex=r'r"https://app.example\.com"'),
    starlette("regex-no-label-boundary", (APP,), allow_origin_regex=r'r"https://.*example\.com"'),
    starlette("null", (APP, "null"), allow_origins=f'["{APP}", "null"]'),
    starlette("http", ("http://app.example.com",), allow_origins='["http://app.example.com"]'),
    starlette("regex-http", (APP,), allow_origin_regex=r'r"https?://app\.example\.com"'),
    starlette("localhost", ("http://localhost:3000",), allow_origins='["http://localhost:3000"]'),
    starlette("hosting", (), allow_origin_regex=r'r"https://[a-z0-9-]+\.vercel\.app"'),
    starlette("origins-string", (APP,), allow_origins=f'"{APP}"'),
    starlette("headers-string", (APP,), allow_origins=f'["{APP}"]', allow_headers='"X-Token"'),
    starlette("glob", (APP,), allow_origins='["https://*.example.com"]'),
    starlette("trailing-slash", (APP,), allow_origins=f'["{APP}/"]'),
    starlette("method-case", (APP,), allow_origins=f'["{APP}"]', allow_methods='["get", "put"]'),
    starlette("wildcard-headers", (APP,), allow_origins=f'["{APP}"]', allow_headers='["*"]'),
    starlette("forbidden-header", (APP,), allow_origins=f'["{APP}"]', allow_headers='["Cookie", "X-Token"]'),
    starlette("expose-missing", (APP,), allow_origins=f'["{APP}"]', expose_headers=None),
    starlette("max-age", (APP,), allow_origins=f'["{APP}"]', max_age="600000"),
    starlette("private-network", (), allow_origins='["*"]', allow_credentials=None, allow_private_network="True"),
]

# --- Flask-CORS --------------------------------------------------------------------------

FLASK = '''from flask import Flask, make_response, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app{kwargs})


@app.route("/", methods=["GET", "PUT"])
def home():
    response = make_response("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response
'''

FULL_F = {"supports_credentials": "True", "methods": '["GET", "PUT"]', "allow_headers": '["X-Token"]',
          "expose_headers": '["X-Total-Count"]'}


def _flask_kwargs(options):
    return "".join(f", {name}={value}" for name, value in options.items())


def flask(shape, trusted, bare=False, **options):
    merged = {} if bare else {**FULL_F, **options}
    merged = {k: v for k, v in merged.items() if v is not None}
    intent = _intent_from(merged, "supports_credentials", "methods", "allow_headers", "expose_headers")
    if "methods" not in merged:
        intent["put"] = True  # Flask-CORS allows every method by default
    return Case("flask", shape, {"app.py": FLASK.format(kwargs=_flask_kwargs(merged))}, trusted, intent)


FLASK_CASES = [
    flask("clean", (APP,), origins=f'["{APP}"]'),
    flask("clean-regex", (APP,), origins=r'[r"^https://[a-z0-9-]+\.example\.com$"]'),
    flask("default", (), bare=True),
    flask("wildcard", (), origins='"*"', send_wildcard="True", supports_credentials=None),
    flask("wildcard-credentials", (), origins='"*"'),
    flask("regex-unanchored", (APP,), origins=r'[r"https://app\.example\.com"]'),
    flask("regex-unescaped-dot", (APP,), origins=r'[r"^https://app.example\.com$"]'),
    flask("regex-no-label-boundary", (APP,), origins=r'[r"^https://.*example\.com$"]'),
    flask("null", (APP, "null"), origins=f'["{APP}", "null"]'),
    flask("http", ("http://app.example.com",), origins='["http://app.example.com"]'),
    flask("regex-http", (APP,), origins=r'[r"^https?://app\.example\.com$"]'),
    flask("localhost", ("http://localhost:3000",), origins='["http://localhost:3000"]'),
    flask("hosting", (), origins=r'[r"^https://[a-z0-9-]+\.vercel\.app$"]'),
    flask("comma-string", (APP, "https://admin.example.com"), origins=f'"{APP},https://admin.example.com"'),
    flask("glob", (APP,), origins='["https://*.example.com"]'),
    flask("trailing-slash", (APP,), origins=f'["{APP}/"]'),
    flask("unknown-option", (APP,), origin=f'"{APP}"'),
    flask("method-case", (APP,), origins=f'["{APP}"]', methods='["get", "put"]'),
    flask("wildcard-headers", (APP,), origins=f'["{APP}"]', allow_headers='"*"'),
    flask("forbidden-header", (APP,), origins=f'["{APP}"]', allow_headers='["Cookie", "X-Token"]'),
    flask("expose-missing", (APP,), origins=f'["{APP}"]', expose_headers=None),
    flask("max-age", (APP,), origins=f'["{APP}"]', max_age="600000"),
    flask("private-network", (), origins='"*"', supports_credentials=None, allow_private_network="True"),
]

# --- django-cors-headers -----------------------------------------------------------------

DJANGO_SETTINGS = '''SECRET_KEY = "fidelity"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = ["corsheaders"]
MIDDLEWARE = [
{middleware}]
{settings}'''

DJANGO_VIEWS = '''from django.http import HttpResponse


def home(request):
    response = HttpResponse("cookie=" + ("yes" if request.COOKIES.get("session") else "no"))
    response["X-Total-Count"] = "7"
    return response
'''

DJANGO_URLS = '''from django.urls import path

from views import home

urlpatterns = [path("", home), path("items/", home)]
'''

FULL_D = {"CORS_ALLOW_CREDENTIALS": "True", "CORS_ALLOW_METHODS": '["GET", "PUT"]',
          "CORS_ALLOW_HEADERS": '["x-token"]', "CORS_EXPOSE_HEADERS": '["X-Total-Count"]'}


MIDDLEWARE_CORS_FIRST = ("corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware")


def django(shape, trusted, middleware=MIDDLEWARE_CORS_FIRST, path="/", **settings):
    merged = {k: v for k, v in {**FULL_D, **settings}.items() if v is not None}
    text = "".join(f"{name} = {value}\n" for name, value in merged.items())
    intent = _intent_from(merged, "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS",
                          "CORS_EXPOSE_HEADERS")
    settings_py = DJANGO_SETTINGS.format(settings=text, middleware="".join(f'    "{m}",\n' for m in middleware))
    return Case("django", shape, {"settings.py": settings_py, "views.py": DJANGO_VIEWS, "urls.py": DJANGO_URLS},
                trusted, intent, path)


DJANGO_CASES = [
    django("clean", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}"]'),
    # /items is answered by CommonMiddleware's APPEND_SLASH redirect to /items/
    django("clean-redirect", (APP,), path="/items", CORS_ALLOWED_ORIGINS=f'["{APP}"]'),
    django("middleware-order", (APP,), middleware=MIDDLEWARE_CORS_FIRST[::-1], path="/items",
           CORS_ALLOWED_ORIGINS=f'["{APP}"]'),
    django("clean-regex", (APP,), CORS_ALLOWED_ORIGIN_REGEXES=r'[r"^https://[a-z0-9-]+\.example\.com$"]'),
    django("allow-all", (), CORS_ALLOW_ALL_ORIGINS="True", CORS_ALLOW_CREDENTIALS=None),
    django("allow-all-credentials", (), CORS_ALLOW_ALL_ORIGINS="True"),
    django("regex-unanchored", (APP,), CORS_ALLOWED_ORIGIN_REGEXES=r'[r"^https://app\.example\.com"]'),
    django("regex-unescaped-dot", (APP,), CORS_ALLOWED_ORIGIN_REGEXES=r'[r"^https://app.example\.com$"]'),
    django("regex-no-label-boundary", (APP,), CORS_ALLOWED_ORIGIN_REGEXES=r'[r"^https://.*example\.com$"]'),
    django("regexes-string", (APP,), CORS_ALLOWED_ORIGIN_REGEXES=r'r"^https://app\.example\.com$"'),
    django("origins-string", (APP,), CORS_ALLOWED_ORIGINS=f'"{APP}"'),
    django("scheme-less", (APP,), CORS_ALLOWED_ORIGINS='["app.example.com"]'),
    django("null", (APP, "null"), CORS_ALLOWED_ORIGINS=f'["{APP}", "null"]'),
    django("http", ("http://app.example.com",), CORS_ALLOWED_ORIGINS='["http://app.example.com"]'),
    django("regex-http", (APP,), CORS_ALLOWED_ORIGIN_REGEXES=r'[r"^https?://app\.example\.com$"]'),
    django("localhost", ("http://localhost:3000",), CORS_ALLOWED_ORIGINS='["http://localhost:3000"]'),
    django("hosting", (), CORS_ALLOWED_ORIGIN_REGEXES=r'[r"^https://[a-z0-9-]+\.vercel\.app$"]'),
    django("glob", (APP,), CORS_ALLOWED_ORIGINS='["https://*.example.com"]'),
    django("trailing-slash", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}/"]'),
    django("deprecated-setting", (APP,), CORS_ORIGIN_WHITELIST=f'["{APP}"]'),
    django("unknown-setting", (APP,), CORS_ALLOWED_ORIGIN=f'["{APP}"]'),
    django("method-case", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}"]', CORS_ALLOW_METHODS='["get", "put"]'),
    django("wildcard-headers", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}"]', CORS_ALLOW_HEADERS='["*"]'),
    django("forbidden-header", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}"]', CORS_ALLOW_HEADERS='["cookie", "x-token"]'),
    django("expose-missing", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}"]', CORS_EXPOSE_HEADERS=None),
    django("max-age", (APP,), CORS_ALLOWED_ORIGINS=f'["{APP}"]', CORS_PREFLIGHT_MAX_AGE="600000"),
    django("private-network", (), CORS_ALLOW_ALL_ORIGINS="True", CORS_ALLOW_CREDENTIALS=None,
           CORS_ALLOW_PRIVATE_NETWORK="True"),
]

# --- aiohttp-cors ------------------------------------------------------------------------

AIOHTTP = '''import aiohttp_cors
from aiohttp import web


async def home(request):
    response = web.Response(text="cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response


app = web.Application()
cors = aiohttp_cors.setup(app, defaults={{
{defaults}}})
resource = cors.add(app.router.add_resource("/"))
cors.add(resource.add_route("GET", home))
cors.add(resource.add_route("PUT", home))
'''

FULL_A = {"allow_credentials": "True", "allow_methods": '["GET", "PUT"]', "allow_headers": '["X-Token"]',
          "expose_headers": '["X-Total-Count"]'}


def aiohttp(shape, trusted, origins, **options):
    merged = {k: v for k, v in {**FULL_A, **options}.items() if v is not None}
    args = ", ".join(f"{k}={v}" for k, v in merged.items())
    defaults = "".join(f'    "{origin}": aiohttp_cors.ResourceOptions({args}),\n' for origin in origins)
    intent = _intent_from(merged, "allow_credentials", "allow_methods", "allow_headers", "expose_headers")
    return Case("aiohttp", shape, {"app.py": AIOHTTP.format(defaults=defaults)}, trusted, intent)


AIOHTTP_CASES = [
    aiohttp("clean", (APP,), [APP]),
    aiohttp("wildcard", (), ["*"], allow_credentials=None),
    aiohttp("wildcard-credentials", (), ["*"]),
    aiohttp("null", (APP, "null"), [APP, "null"]),
    aiohttp("http", ("http://app.example.com",), ["http://app.example.com"]),
    aiohttp("localhost", ("http://localhost:3000",), ["http://localhost:3000"]),
    aiohttp("hosting", ("https://shop.vercel.app",), ["https://shop.vercel.app"]),
    aiohttp("third-party", ("https://codepen.io",), ["https://codepen.io"]),
    aiohttp("trailing-slash", (APP,), [APP + "/"]),
    aiohttp("method-case", (APP,), [APP], allow_methods='["get", "put"]'),
    aiohttp("wildcard-headers", (APP,), [APP], allow_headers='"*"'),
    aiohttp("expose-missing", (APP,), [APP], expose_headers=None),
    aiohttp("max-age", (APP,), [APP], max_age="600000"),
]

# --- hand-written headers (Flask after_request) -------------------------------------------

HANDWRITTEN = '''from flask import Flask, make_response, request

app = Flask(__name__)
{constants}

@app.after_request
def add_cors_headers(response):
    origin = request.headers.get("Origin", "")
{body}    return response


@app.route("/", methods=["GET", "PUT"])
def home():
    response = make_response("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response
'''

GRANT = '''        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Access-Control-Allow-Methods"] = "GET, PUT"
        response.headers["Access-Control-Allow-Headers"] = "X-Token"
        response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"
'''


def handwritten(shape, trusted, body, constants="", intent=None):
    full = {"cred": True, "put": True, "xhdr": True, "expose": True}
    return Case("handwritten", shape, {"app.py": HANDWRITTEN.format(constants=constants, body=body)}, trusted,
                {**full, **(intent or {})})


def _guarded(condition, grant=GRANT, vary=True):
    vary_line = '    response.headers["Vary"] = "Origin"\n' if vary else ""
    return vary_line + f"    if {condition}:\n" + grant


ALLOWED = f'ALLOWED_ORIGINS = {{"{APP}"}}\n'
HANDWRITTEN_CASES = [
    handwritten("clean", (APP,), _guarded("origin in ALLOWED_ORIGINS"), ALLOWED),
    handwritten("reflected", (), _guarded("origin")),
    handwritten("startswith", (APP,), _guarded(f'origin.startswith("{APP}")')),
    handwritten("endswith", (APP,), _guarded('origin.endswith("example.com")')),
    handwritten("in-string", (APP, "https://admin.example.com"),
                _guarded('origin in "https://app.example.com https://admin.example.com"')),
    handwritten("regex-unanchored", (APP,), _guarded(r're.match(r"https://app\.example\.com", origin)'),
                "import re\n"),
    handwritten("regex-unescaped-dot", (APP,), _guarded(r're.fullmatch(r"https://app.example\.com", origin)'),
                "import re\n"),
    handwritten("regex-no-label-boundary", (APP,), _guarded(r're.fullmatch(r"https://.*example\.com", origin)'),
                "import re\n"),
    handwritten("hosting", (), _guarded(r're.fullmatch(r"https://[a-z0-9-]+\.vercel\.app", origin)'),
                "import re\n"),
    handwritten("trailing-slash", (APP,), _guarded(f'origin == "{APP}"', GRANT.replace(
        '= origin\n', f'= "{APP}/"\n', 1))),
    handwritten("wildcard", (), '    response.headers["Access-Control-Allow-Origin"] = "*"\n'
                '    response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"\n',
                intent={"cred": False, "put": False, "xhdr": False}),
    handwritten("wildcard-credentials", (), '    response.headers["Access-Control-Allow-Origin"] = "*"\n'
                '    response.headers["Access-Control-Allow-Credentials"] = "true"\n'
                '    response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"\n',
                intent={"put": False, "xhdr": False}),
    handwritten("null", (APP, "null"), _guarded(f'origin in ("{APP}", "null")')),
    handwritten("http", ("http://app.example.com",), _guarded('origin == "http://app.example.com"')),
    handwritten("credentials-True", (APP,), _guarded("origin in ALLOWED_ORIGINS", GRANT.replace('"true"', '"True"')),
                ALLOWED),
    handwritten("multiple-origins", (APP, "https://admin.example.com"),
                '    response.headers["Access-Control-Allow-Origin"] = ", ".join(ALLOWED_ORIGINS)\n'
                '    response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"\n',
                f'ALLOWED_ORIGINS = ["{APP}", "https://admin.example.com"]\n',
                intent={"cred": False, "put": False, "xhdr": False}),
    handwritten("method-case", (APP,), _guarded("origin in ALLOWED_ORIGINS", GRANT.replace('"GET, PUT"', '"get, put"')),
                ALLOWED),
    handwritten("wildcard-headers", (APP,), _guarded("origin in ALLOWED_ORIGINS", GRANT.replace('"X-Token"', '"*"')),
                ALLOWED),
    handwritten("forbidden-header", (APP,),
                _guarded("origin in ALLOWED_ORIGINS", GRANT.replace('"X-Token"', '"Cookie, X-Token"')), ALLOWED),
    handwritten("expose-missing", (APP,), _guarded("origin in ALLOWED_ORIGINS", GRANT.replace(
        '        response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"\n', "")), ALLOWED,
                intent={"expose": True}),
    handwritten("max-age", (APP,), _guarded("origin in ALLOWED_ORIGINS", GRANT + '        response.headers['
                                            '"Access-Control-Max-Age"] = "600000"\n'), ALLOWED),
    handwritten("missing-vary", (APP,), _guarded("origin in ALLOWED_ORIGINS", vary=False), ALLOWED),
    handwritten("private-network", (), '    response.headers["Access-Control-Allow-Origin"] = "*"\n'
                '    response.headers["Access-Control-Allow-Private-Network"] = "true"\n',
                intent={"cred": False, "put": False, "xhdr": False, "expose": False}),
]

ALL_CASES: List[Case] = STARLETTE_CASES + FLASK_CASES + DJANGO_CASES + AIOHTTP_CASES + HANDWRITTEN_CASES

# --- wiring: middleware order, errors, decorators, auth hooks -----------------------------

STARLETTE_AUTH_OUTSIDE = '''from starlette.applications import Starlette
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route


class TokenMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        if request.headers.get("x-token") != "1":
            return PlainTextResponse("missing token", status_code=401)
        return await call_next(request)


async def home(request):
    response = PlainTextResponse("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response


app = Starlette(routes=[Route("/", home, methods=["GET", "PUT"])])
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "PUT"],
    allow_headers=["X-Token"],
    expose_headers=["X-Total-Count"],
)
app.add_middleware(TokenMiddleware)
'''

STARLETTE_ERRORS = '''from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def home(request):
    if request.method == "PUT":
        raise RuntimeError("the update failed")
    response = PlainTextResponse("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response


async def on_error(request, exc):
    return PlainTextResponse("server error", status_code=500)


app = Starlette(routes=[Route("/", home, methods=["GET", "PUT"])], exception_handlers={Exception: on_error})
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "PUT"],
    allow_headers=["X-Token"],
    expose_headers=["X-Total-Count"],
)
'''

FLASK_DECORATOR_ORDER = '''from flask import Flask, make_response, request
from flask_cors import cross_origin

app = Flask(__name__)


@cross_origin(origins=["https://app.example.com"], supports_credentials=True, methods=["GET", "PUT"],
              allow_headers=["X-Token"], expose_headers=["X-Total-Count"])
@app.route("/", methods=["GET", "PUT"])
def home():
    response = make_response("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response
'''

FLASK_METHOD_GUARD = '''from flask import Flask, abort, make_response, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True, methods=["GET", "PUT"],
     allow_headers=["X-Token"], expose_headers=["X-Total-Count"])


@app.before_request
def require_token():
    if request.method == "PUT" and request.headers.get("X-Token") != "1":
        abort(401)


@app.route("/", methods=["GET", "PUT"])
def home():
    response = make_response("cookie=" + ("yes" if request.cookies.get("session") else "no"))
    response.headers["X-Total-Count"] = "7"
    return response
'''

FULL_INTENT = {"cred": True, "put": True, "xhdr": True, "expose": True}
WIRING_CASES = [
    Case("starlette", "middleware-order", {"app.py": STARLETTE_AUTH_OUTSIDE}, (APP,), FULL_INTENT),
    Case("starlette", "errors-without-cors", {"app.py": STARLETTE_ERRORS}, (APP,), FULL_INTENT),
    Case("flask", "decorator-order", {"app.py": FLASK_DECORATOR_ORDER}, (APP,), FULL_INTENT),
    Case("flask", "preflight-blocked", {"app.py": FLASK_METHOD_GUARD.replace(
        'request.method == "PUT" and ', "")}, (APP,), FULL_INTENT),
    Case("flask", "auth-hook-for-put", {"app.py": FLASK_METHOD_GUARD}, (APP,), FULL_INTENT),
]
ALL_CASES += WIRING_CASES

"""Before/after cases for the fixes whose shape depends on the framework (hand-written
headers, Django settings, Flask decorators), including the shapes where no fix may be
offered because it would guess. Each case is a small project: {file: source}, the code
whose fix is checked, and {file: expected source}, or None when nothing may change."""
from __future__ import annotations

import textwrap

import pytest

from tests.test_fixes import run_fixer

FLASK_HOOK = '''
from flask import Flask, request

app = Flask(__name__)
ALLOWED = {{"https://app.example.com", "https://admin.example.com"}}


@app.after_request
def add_cors_headers(response):
    origin = request.headers.get("Origin", "")
    {body}
    return response
'''


def flask(body: str) -> str:
    return FLASK_HOOK.format(body=textwrap.indent(textwrap.dedent(body).strip(), "    ").lstrip())


DJANGO_SETTINGS = '''
INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
'''

CASES = {
    # ---- COR206: substring tests of the Origin
    "startswith-full-origin-becomes-equality": ("COR206", {"app.py": flask('''
        if origin.startswith("https://app.example.com"):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}, {"app.py": flask('''
        if origin == "https://app.example.com":
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}),
    "contains-full-origin-inside-and": ("COR206", {"app.py": flask('''
        if origin and 'https://app.example.com' in origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}, {"app.py": flask('''
        if origin and origin == 'https://app.example.com':
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}),
    "negated-startswith-through-a-name": ("COR206", {"app.py": flask('''
        if not origin.startswith(FRONTEND):
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    ''').replace("ALLOWED = ", 'FRONTEND = "https://app.example.com"\nALLOWED = ')}, {"app.py": flask('''
        if not origin == FRONTEND:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    ''').replace("ALLOWED = ", 'FRONTEND = "https://app.example.com"\nALLOWED = ')}),
    "string-of-origins-becomes-a-list": ("COR206", {"app.py": flask('''
        if origin in "https://app.example.com https://admin.example.com":
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}, {"app.py": flask('''
        if origin in ["https://app.example.com", "https://admin.example.com"]:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}),
    "suffix-of-a-host-is-left-to-a-person": ("COR206", {"app.py": flask('''
        if origin.endswith("example.com"):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
    ''')}, None),
    # ---- COR501: Vary: Origin in each framework's idiom
    "vary-flask": ("COR501", {"app.py": flask('''
        if origin in ALLOWED:
            response.headers['Access-Control-Allow-Origin'] = origin
    ''')}, {"app.py": flask('''
        if origin in ALLOWED:
            response.headers['Access-Control-Allow-Origin'] = origin
            response.vary.add('Origin')
    ''')}),
    "vary-flask-not-when-vary-is-set-later": ("COR501", {"app.py": flask('''
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Accept-Encoding"
    ''')}, None),
    "vary-django-imports-patch-vary-headers": ("COR501", {"views.py": '''
"""Views."""
from django.http import JsonResponse
from django.views.decorators.http import require_GET

ALLOWED = {"https://app.example.com"}


@require_GET
def items(request):
    response = JsonResponse({"items": []})
    if request.headers.get("Origin") in ALLOWED:
        response["Access-Control-Allow-Origin"] = request.headers["Origin"]
    return response
'''}, {"views.py": '''
"""Views."""
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

ALLOWED = {"https://app.example.com"}


@require_GET
def items(request):
    response = JsonResponse({"items": []})
    if request.headers.get("Origin") in ALLOWED:
        response["Access-Control-Allow-Origin"] = request.headers["Origin"]
        patch_vary_headers(response, ["Origin"])
    return response
'''}),
    "vary-starlette": ("COR501", {"app.py": '''
from starlette.middleware.base import BaseHTTPMiddleware

ALLOWED = {"https://app.example.com"}


class Cors(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        origin = request.headers.get("origin")
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
        return response
'''}, {"app.py": '''
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
'''}),
    "vary-tornado": ("COR501", {"server.py": '''
import tornado.web

ALLOWED = {"https://app.example.com"}


class Base(tornado.web.RequestHandler):
    def set_default_headers(self):
        origin = self.request.headers.get("Origin")
        if origin in ALLOWED:
            self.set_header("Access-Control-Allow-Origin", origin)
'''}, {"server.py": '''
import tornado.web

ALLOWED = {"https://app.example.com"}


class Base(tornado.web.RequestHandler):
    def set_default_headers(self):
        origin = self.request.headers.get("Origin")
        if origin in ALLOWED:
            self.set_header("Access-Control-Allow-Origin", origin)
            self.add_header("Vary", "Origin")
'''}),
    "vary-not-for-a-headers-dict": ("COR501", {"app.py": '''
from flask import Flask, request

app = Flask(__name__)
ALLOWED = {"https://app.example.com"}


@app.get("/items")
def items():
    headers = {}
    if request.headers.get("Origin") in ALLOWED:
        headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
    return {"items": []}, 200, headers
'''}, None),
    # ---- COR504
    "credentials-spelt-True": ("COR504", {"app.py": flask('''
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = 'True'
            response.headers["Vary"] = "Origin"
    ''')}, {"app.py": flask('''
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = 'true'
            response.headers["Vary"] = "Origin"
    ''')}),
    "credentials-false-is-left-to-a-person": ("COR504", {"app.py": flask('''
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = "false"
            response.headers["Vary"] = "Origin"
    ''')}, None),
    # ---- COR308
    "forbidden-header-removed-from-a-header-value": ("COR308", {"app.py": flask('''
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Cookie, X-Token"
            response.headers["Vary"] = "Origin"
    ''')}, {"app.py": flask('''
        if origin in ALLOWED:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-Token"
            response.headers["Vary"] = "Origin"
    ''')}),
    "forbidden-headers-removed-from-a-list": ("COR308", {"main.py": '''
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                   allow_headers=["Sec-Fetch-Mode", "Content-Type", "host"])
'''}, {"main.py": '''
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                   allow_headers=["Content-Type"])
'''}),
    # ---- COR503
    "expose-list-gains-the-header-on-its-own-line": ("COR503", {"main.py": '''
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
'''}, {"main.py": '''
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
'''}),
    # ---- COR304 / COR303 / COR302 / COR401: Django settings
    "legacy-setting-renamed": ("COR304", {"settings.py": DJANGO_SETTINGS + '''
CORS_ORIGIN_WHITELIST = ["https://app.example.com"]
'''}, {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
'''}),
    "legacy-setting-not-renamed-when-used-again": ("COR304", {"settings.py": DJANGO_SETTINGS + '''
CORS_ORIGIN_WHITELIST = ["https://app.example.com"]
CORS_ORIGIN_WHITELIST += ["https://admin.example.com"]
'''}, None),
    "legacy-setting-not-renamed-when-another-module-changes-it": ("COR304", {
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": DJANGO_SETTINGS + 'CORS_ORIGIN_WHITELIST = ["https://app.example.com"]\n',
        "proj/settings/production.py": 'from .base import *\n\nDEBUG = False\n'
                                       'CORS_ORIGIN_WHITELIST += ["https://admin.example.com"]\n',
    }, None),
    "misspelt-django-setting-gets-the-current-name": ("COR303", {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ORIGINS_ALLOW_ALL = False
'''}, {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOW_ALL_ORIGINS = False
'''}),
    "django-origin-path-dropped": ("COR302", {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGINS = ["https://app.example.com/login/"]
'''}, {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
'''}),
    "django-cors-middleware-moved-to-the-top": ("COR401", {"settings.py": '''
INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # CORS
]
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
'''}, {"settings.py": '''
INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",  # CORS
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
'''}),
    "django-cors-middleware-in-a-concatenation-is-not-moved": ("COR401", {"settings.py": '''
INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
BASE_MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
MIDDLEWARE = BASE_MIDDLEWARE + ["corsheaders.middleware.CorsMiddleware"]
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
'''}, None),
    # ---- COR201 / COR202: origin regexes
    "flask-regex-anchored": ("COR201", {"app.py": '''
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com", r"https://[a-z0-9-]+\\.preview\\.example\\.com"])
'''}, {"app.py": '''
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com", r"^https://[a-z0-9-]+\\.preview\\.example\\.com$"])
'''}),
    "regex-in-a-shared-constant-is-not-rewritten": ("COR201", {"app.py": '''
from flask import Flask
from flask_cors import CORS

PREVIEWS = r"https://[a-z0-9-]+\\.preview\\.example\\.com"
app = Flask(__name__)
CORS(app, origins=["https://app.example.com", PREVIEWS])
'''}, None),
    "regex-with-inline-flags-is-not-anchored": ("COR201", {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGIN_REGEXES = [r"(?i)https://[a-z0-9-]+\\.example\\.com"]
'''}, None),
    "django-regex-dots-escaped": ("COR202", {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://(www|shop).example.com$"]
'''}, {"settings.py": DJANGO_SETTINGS + '''
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://(www|shop)\\.example\\.com$"]
'''}),
    # ---- COR403
    "cross-origin-moved-below-the-routes": ("COR403", {"app.py": '''
from flask import Flask
from flask_cors import cross_origin

from auth import login_required

app = Flask(__name__)


@cross_origin(origins=["https://app.example.com"])
@app.route("/api/items")
@app.route("/api/items/")
@login_required
def items():
    return {"items": []}
'''}, {"app.py": '''
from flask import Flask
from flask_cors import cross_origin

from auth import login_required

app = Flask(__name__)


@app.route("/api/items")
@app.route("/api/items/")
@cross_origin(origins=["https://app.example.com"])
@login_required
def items():
    return {"items": []}
'''}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_framework_fix_case(name, tmp_path):
    code, before, after = CASES[name]
    root = tmp_path / "case"
    for path, source in before.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(source.lstrip("\n"))
    (root / "auth.py").write_text("def login_required(view):\n    return view\n")
    first, outcome = run_fixer(root)
    assert not outcome.warnings, outcome.warnings
    assert any(f.code == code for f in first.findings), "the case must produce the finding"
    if after is None:
        assert not any(f.fix is not None for f in first.findings if f.code == code), \
            [(f.code, f.fix) for f in first.findings if f.fix]
        for path, source in before.items():
            assert (root / path).read_text() == source.lstrip("\n")
        return
    assert any(f.fix is not None for f in first.findings if f.code == code)
    for path, source in after.items():
        assert (root / path).read_text() == source.lstrip("\n"), path

"""corslint's model of django-cors-headers must agree with the real middleware: each
settings module below is linted, and for each origin corslint's verdict (accepted or
not) is compared with what CorsMiddleware really answers. Django is configured once per
process, so the real side runs in a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from corslint.run.engine import Engine, Input, Options
from corslint.origins.matching import accepts

pytest.importorskip("corsheaders")

SETTINGS = [
    {"CORS_ALLOWED_ORIGINS": ["https://app.example.com", "example.org", "*"], "CORS_ALLOW_CREDENTIALS": True},
    {"CORS_ALLOWED_ORIGINS": ["https://app.example.com/", "HTTPS://b.example.com", "https://C.example.com"]},
    {"CORS_ALLOWED_ORIGINS": "https://app.example.com"},
    {"CORS_ALLOWED_ORIGIN_REGEXES": r"^https://\w+\.example\.com$"},
    {"CORS_ALLOWED_ORIGIN_REGEXES": [r"^https://\w+\.example\.com"]},
    {"CORS_ORIGIN_WHITELIST": ["https://old.example.com"], "CORS_ALLOWED_ORIGINS": ["https://new.example.com"]},
    {"CORS_ORIGIN_ALLOW_ALL": True, "CORS_ALLOW_CREDENTIALS": True},
    {"CORS_ORIGIN_ALLOW_ALL": True, "CORS_ALLOW_ALL_ORIGINS": False},
]
ORIGINS = ["https://app.example.com", "https://old.example.com", "https://new.example.com", "null",
           "https://a.example.com.evil.net", "https://evil.net", "https://b.example.com", "https://c.example.com", "h"]

REAL = textwrap.dedent("""
    import json, sys
    import django
    from django.conf import settings
    cors = json.loads(sys.argv[1])
    settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, SECRET_KEY="x",
                       MIDDLEWARE=["corsheaders.middleware.CorsMiddleware"], INSTALLED_APPS=["corsheaders"], **cors)
    django.setup()
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import path
    urlpatterns = [path("x", lambda request: HttpResponse("ok"))]
    client = Client()
    print(json.dumps({o: client.get("/x", HTTP_ORIGIN=o).headers.get("access-control-allow-origin") is not None
                      for o in json.loads(sys.argv[2])}))
""")


def _policy(tmp_path, cors):
    lines = ['INSTALLED_APPS = ["corsheaders"]', 'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware"]']
    lines += [f"{name} = {value!r}" for name, value in cors.items()]
    path = tmp_path / "settings.py"
    path.write_text("\n".join(lines) + "\n")
    engine = Engine(Options(selected=set(), config_root=str(tmp_path), project_roots=[str(tmp_path)]))
    engine.run([Input(str(path), "settings.py")])
    [policy] = [p for p in engine.facts.policies if p.framework == "django"]
    return policy


@pytest.mark.parametrize("cors", SETTINGS, ids=lambda c: ",".join(c))
def test_corslint_agrees_with_django_cors_headers(tmp_path, cors):
    real = json.loads(subprocess.run([sys.executable, "-c", REAL, json.dumps(cors), json.dumps(ORIGINS)],
                                     capture_output=True, text=True, check=True).stdout)
    policy = _policy(tmp_path, cors)
    for origin in ORIGINS:
        verdict = accepts(policy, origin).accepted
        assert verdict is not None, origin
        assert verdict == real[origin], f"{origin}: corslint says {verdict}, django-cors-headers {real[origin]}"

"""Verdicts the fidelity matrix (tests/fidelity, docs/fidelity.md) proved wrong in
Chromium, kept as fast tests that need no browser."""
from __future__ import annotations

import textwrap

from corslint.api import check_source


def codes(tmp_path, name, source, extend_select=()):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    config = None
    if extend_select:
        from corslint.api import config_for

        config = config_for(str(path))
        config.extend_select = [*config.extend_select, *extend_select]
    return sorted(f.code for f in check_source(path.read_text(), str(path), config).findings)


def test_django_allow_all_without_credentials_is_a_wildcard_origin(tmp_path):
    # Chromium: https://evil.example reads the response; corslint said nothing.
    assert codes(tmp_path, "settings.py", """
        INSTALLED_APPS = ["corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware"]
        CORS_ALLOW_ALL_ORIGINS = True
    """) == ["COR104"]


def test_django_allow_all_with_credentials_stays_cor101_only(tmp_path):
    assert codes(tmp_path, "settings.py", """
        INSTALLED_APPS = ["corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware"]
        CORS_ALLOW_ALL_ORIGINS = True
        CORS_ALLOW_CREDENTIALS = True
    """) == ["COR101"]


def test_flask_cors_default_origins_stay_cor103(tmp_path):
    assert codes(tmp_path, "app.py", """
        from flask import Flask
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app)
    """) == ["COR103"]


def test_aiohttp_cors_lower_case_methods_work(tmp_path):
    # aiohttp-cors upper-cases allow_methods; Chromium passes the PUT preflight.
    assert codes(tmp_path, "app.py", """
        import aiohttp_cors
        from aiohttp import web

        app = web.Application()
        cors = aiohttp_cors.setup(app, defaults={
            "https://app.example.com": aiohttp_cors.ResourceOptions(allow_methods=["get", "put"]),
        })
    """) == []


def test_flask_cors_without_expose_headers_hides_a_custom_header(tmp_path):
    # Chromium: headers.get('X-Total-Count') is null for the trusted origin; corslint said nothing.
    assert codes(tmp_path, "app.py", """
        from flask import Flask, make_response
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=["https://app.example.com"])


        @app.route("/")
        def home():
            response = make_response("ok")
            response.headers["X-Total-Count"] = "7"
            return response
    """, extend_select=["COR503"]) == ["COR503"]  # COR503 is opt-in (docs/rules/COR503.md)


AUTH_HOOK = """
    from flask import Flask, abort, request
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, origins=["https://app.example.com"])


    @app.before_request
    def require_token():
        if {test}:
            abort(401)
"""


def test_auth_hook_limited_to_other_methods_lets_preflights_through(tmp_path):
    # Chromium: the PUT preflight passes (the hook only rejects PUT); corslint said COR404.
    for test in ('request.method == "PUT" and request.headers.get("X-Token") != "1"',
                 'request.method in ("POST", "PUT") and not request.headers.get("X-Token")',
                 '"PUT" == request.method'):
        assert codes(tmp_path, "app.py", AUTH_HOOK.format(test=test)) == [], test


def test_auth_hook_for_every_method_still_blocks_preflights(tmp_path):
    for test in ('request.headers.get("X-Token") != "1"',
                 'request.method != "GET" and not request.headers.get("X-Token")'):
        assert codes(tmp_path, "app.py", AUTH_HOOK.format(test=test)) == ["COR404"], test

"""Run origins through the real CORS middleware of each framework, built from a policy.

A builder takes a :class:`CorsPolicy` whose values are resolved and returns a function
``echoed(origin) -> Optional[str]``: the ``Access-Control-Allow-Origin`` the real
middleware sends for a simple ``GET`` with that ``Origin`` (None when absent). Builders
are registered by ``Semantics.framework`` so that extractors on other branches (Flask-CORS,
django-cors-headers) get the same proof of evidence as Starlette.

A builder raises :class:`NotBuildable` when the policy holds values it cannot pass to the
real middleware (unknown or incomplete values); tests skip those policies.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, Optional

from corslint.policy import CorsPolicy, Option

Echo = Callable[[str], Optional[str]]


class NotBuildable(Exception):
    pass


def _python(option: Optional[Option], default):
    if option is None:
        return default
    value = option.value
    if value.kind == "pattern":
        raise NotBuildable("compiled pattern")
    try:
        return value.python()
    except ValueError as exc:
        raise NotBuildable(str(exc)) from exc


def _credentials(policy: CorsPolicy) -> bool:
    enabled = policy.credentials_enabled()
    if enabled is None:
        raise NotBuildable("credentials unknown")
    return enabled


def _single_regex(policy: CorsPolicy) -> Optional[str]:
    if not policy.origin_regexes:
        return None
    if len(policy.origin_regexes) > 1:
        raise NotBuildable("several regex options")
    regex = _python(policy.origin_regexes[0], None)
    if regex is not None and not isinstance(regex, str):
        raise NotBuildable("regex is not a string")
    return regex


def starlette_echo(policy: CorsPolicy) -> Echo:
    from starlette.applications import Starlette
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def home(request):
        return PlainTextResponse("ok")

    app = CORSMiddleware(
        Starlette(routes=[Route("/", home)]),
        allow_origins=_python(policy.origins, ()),
        allow_origin_regex=_single_regex(policy),
        allow_credentials=_credentials(policy),
    )
    client = TestClient(app)

    def echoed(origin: str) -> Optional[str]:
        return client.get("/", headers={"Origin": origin}).headers.get("access-control-allow-origin")

    return echoed


def flask_cors_echo(policy: CorsPolicy) -> Echo:
    from flask import Flask
    from flask_cors import CORS

    app = Flask("corslint_probe")

    @app.route("/")
    def home():
        return "ok"

    origins = _python(policy.origins, "*")
    if policy.origin_regexes:
        raise NotBuildable("Flask-CORS has no separate regex option")
    CORS(app, origins=origins, supports_credentials=_credentials(policy))
    client = app.test_client()

    def echoed(origin: str) -> Optional[str]:
        return client.get("/", headers={"Origin": origin}).headers.get("Access-Control-Allow-Origin")

    return echoed


_DJANGO_READY = False


def _django_setup() -> None:
    global _DJANGO_READY
    if _DJANGO_READY:
        return
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="corslint-tests",
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF="tests.django_urls",
            INSTALLED_APPS=["corsheaders"],
            MIDDLEWARE=["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
        )
    django.setup()
    _DJANGO_READY = True


def django_echo(policy: CorsPolicy) -> Echo:
    _django_setup()
    from django.test import Client, override_settings

    overrides = {
        "CORS_ALLOWED_ORIGINS": _python(policy.origins, ()),
        "CORS_ALLOWED_ORIGIN_REGEXES": _python(policy.origin_regexes[0], ()) if policy.origin_regexes else (),
        "CORS_ALLOW_ALL_ORIGINS": _python(policy.allow_all_origins, False),
        "CORS_ALLOW_CREDENTIALS": _credentials(policy),
    }
    client = Client()

    def echoed(origin: str) -> Optional[str]:
        with override_settings(**overrides):
            return client.get("/", HTTP_ORIGIN=origin).headers.get("access-control-allow-origin")

    return echoed


BUILDERS: Dict[str, Callable[[CorsPolicy], Echo]] = {
    "starlette": starlette_echo,
    "flask-cors": flask_cors_echo,
    "django": django_echo,
}


def real_echo(policy: CorsPolicy) -> Echo:
    builder = BUILDERS.get(policy.semantics.framework)
    if builder is None:
        raise NotBuildable(f"no builder for {policy.semantics.framework}")
    try:
        return builder(policy)
    except (re.error, ValueError) as exc:  # the framework itself refuses the configuration
        raise NotBuildable(f"the framework rejects it: {exc}") from exc

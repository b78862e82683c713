"""Starlette placement details met in real projects (ecosystem check): connexion's own
`position=` argument of `add_middleware`, and an authentication middleware that hands
OPTIONS requests on before it checks anything."""
from __future__ import annotations

from corslint.run.engine import check_sources

CONNEXION = '''from connexion import FlaskApp
from connexion.middleware import MiddlewarePosition
from starlette.middleware.cors import CORSMiddleware

connexion_app = FlaskApp(__name__)
connexion_app.add_middleware(
    CORSMiddleware,
    position={position},
    allow_origins=["https://app.example.com"],
    allow_credentials=True,
)
'''

STARLETTE_POSITION = '''from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, position=1, allow_origins=["https://app.example.com"])
'''

AUTH_AFTER_CORS = '''from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware


class TokenAuthMiddleware:
    def __init__(self, app):
        self._app = app

    async def __call__(self, scope, receive, send):
        if scope.get("method") == "OPTIONS":
{preflight}
        if not dict(scope["headers"]).get(b"authorization"):
            raise PermissionError("no token")
        await self._app(scope, receive, send)


app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
app.add_middleware(TokenAuthMiddleware)
'''


def findings(source):
    return [(f.code, f.message) for f in check_sources([("app.py", source)]).findings]


def test_connexion_position_is_not_a_cors_option():
    assert findings(CONNEXION.format(position="MiddlewarePosition.BEFORE_EXCEPTION")) == []
    # the receiver alone says it is connexion's add_middleware
    assert findings(CONNEXION.format(position="2")) == []


def test_position_on_a_starlette_app_is_still_an_unknown_option():
    assert [code for code, _ in findings(STARLETTE_POSITION)] == ["COR303"]


def test_an_auth_middleware_that_hands_preflights_on_does_not_reject_them():
    found = findings(AUTH_AFTER_CORS.format(preflight="            await self._app(scope, receive, send)\n"
                                                      "            return"))
    assert [code for code, _ in found] == ["COR401"]
    assert "carries no CORS headers" in found[0][1]
    assert "preflights carry no credentials" not in found[0][1]


def test_an_auth_middleware_that_checks_preflights_too_rejects_them():
    found = findings(AUTH_AFTER_CORS.format(preflight="            raise PermissionError(\"no preflight\")"))
    assert [code for code, _ in found] == ["COR401"]
    assert "preflights carry no credentials" in found[0][1]

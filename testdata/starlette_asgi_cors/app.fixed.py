"""A Starlette service with its own CORS middleware (pure ASGI) and a public widget endpoint."""
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

TRUSTED_SUFFIX = "example.com"
ALLOWED = ["https://app.example.com", "https://beta.example.com"]


class RawCorsMiddleware:
    """Adds CORS headers to every http.response.start message."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope["headers"])
        origin = request_headers.get(b"origin", b"").decode("latin-1")

        async def send_wrapper(message):
            if message["type"] == "http.response.start" and origin.endswith(TRUSTED_SUFFIX):  # expect: COR206
                headers = list(message.get("headers", []))
                headers.append((b"access-control-allow-origin", origin.encode("latin-1")))
                headers.append((b"vary", b"Origin"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_wrapper)


class PartnerCors(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        origin = request.headers.get("origin")
        for allowed in ALLOWED:
            if origin == allowed:
                response.headers["Access-Control-Allow-Origin"] = origin  # expect: COR501
                response.headers.append("Vary", "Origin")
                break
        return response


async def widget(request):
    return JSONResponse(
        {"widget": "weather"},
        headers={
            "Access-Control-Allow-Origin": "*",  # expect: COR101
            "Access-Control-Allow-Credentials": "true",
        },
    )


app = Starlette(
    routes=[Route("/widget", widget)],
    middleware=[Middleware(RawCorsMiddleware), Middleware(PartnerCors)],
)

"""Session authentication and rate limiting."""
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


class SessionAuthMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, cookie: str):
        super().__init__(app)
        self.cookie = cookie

    async def dispatch(self, request, call_next):
        if self.cookie not in request.cookies and request.url.path != "/health":
            return JSONResponse({"detail": "not signed in"}, status_code=401)
        return await call_next(request)


class RateLimitMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, per_minute: int):
        super().__init__(app)
        self.per_minute = per_minute

    async def dispatch(self, request, call_next):
        return await call_next(request)

"""Bearer-token check for every request."""
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


class TokenAuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        if request.headers.get("authorization") != "Bearer secret-token":
            return JSONResponse({"detail": "unauthorized"}, status_code=401)
        return await call_next(request)

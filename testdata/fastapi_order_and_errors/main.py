"""An internal API where an auth middleware was added after CORS, and errors bypass CORS."""
from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware

API_KEYS = {"k-123"}


class ApiKeyMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        if request.headers.get("x-api-key") not in API_KEYS:
            return JSONResponse({"detail": "missing API key"}, status_code=401)
        return await call_next(request)


app = FastAPI(exception_handlers={
    500: lambda request, exc: JSONResponse({"detail": "server error"}, status_code=500),  # expect: COR402
})

app.add_middleware(  # expect: COR401
    CORSMiddleware,
    allow_origins=["https://console.example.com"],
    allow_methods=["*"],
    allow_headers=["X-API-Key", "Content-Type", "Content-Length"],  # expect: COR308
    allow_credential=False,  # expect: COR303
)
app.add_middleware(ApiKeyMiddleware)
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["api.example.com"])


@app.exception_handler(Exception)  # expect: COR402
async def on_error(request: Request, exc: Exception):
    return JSONResponse({"detail": "unexpected error"}, status_code=500)


@app.get("/reports/{report_id}")
async def report(report_id: int):
    if report_id < 0:
        raise HTTPException(status_code=404)
    return {"id": report_id}

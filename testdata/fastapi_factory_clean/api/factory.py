"""Application factory: CORS wraps the whole app so that error responses carry CORS headers too."""
import os

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

DEFAULT_ORIGINS = "https://app.example.com,https://beta.example.com"


def allowed_origins() -> list:
    raw = os.getenv("ALLOWED_ORIGINS", DEFAULT_ORIGINS)
    return [origin.strip() for origin in raw.split(",") if origin.strip()]


def create_app():
    api = FastAPI()

    @api.exception_handler(Exception)
    async def unhandled(request: Request, exc: Exception):
        return JSONResponse({"detail": "internal error"}, status_code=500)

    @api.get("/me")
    async def me(request: Request):
        return {"user": request.headers.get("x-user", "anonymous")}

    origins = allowed_origins()
    return CORSMiddleware(
        app=api,
        allow_origins=origins,
        allow_origin_regex=r"https://pr-[0-9]+\.review\.example\.com",
        allow_credentials=True,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        max_age=86400,
    )


app = create_app()

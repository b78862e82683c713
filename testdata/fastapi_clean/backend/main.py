from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from backend.api import items
from backend.config import FRONTEND_DEV, settings

app = FastAPI(title=settings.project_name)


@app.middleware("http")
async def add_timing_header(request, call_next):
    response = await call_next(request)
    response.headers["Server-Timing"] = "app"
    return response


app.include_router(items.router)
app.add_middleware(GZipMiddleware, minimum_size=1000)
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.cors_origins + [FRONTEND_DEV],
    allow_origin_regex=settings.cors_origin_regex,
    allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
    expose_headers=["X-Request-ID"],
    max_age=settings.cors_max_age,
)

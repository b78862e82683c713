"""CORS is added first, then only middleware that passes every request through."""
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()


class BufferedGZipMiddleware(GZipMiddleware):
    """Compresses streamed responses too; never answers a request itself."""


app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com", "http://localhost:5173", "capacitor://localhost"],
    allow_credentials=True,
)
app.add_middleware(GZipMiddleware, minimum_size=1000)
app.add_middleware(BufferedGZipMiddleware)
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.middleware("http")
async def set_locale(request: Request, call_next):
    response = await call_next(request)
    response.headers["Content-Language"] = "en"
    return response

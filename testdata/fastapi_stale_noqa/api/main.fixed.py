"""The storefront API. The wildcard origin was replaced by the real frontends last
release; the suppression written for it stayed behind."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.routes import router

FRONTENDS = [
    "https://shop.example.com",
    "https://admin.example.com",
]

app = FastAPI(title="storefront")
app.add_middleware(
    CORSMiddleware,
    allow_origins=FRONTENDS,
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)  # expect: COR004

public = FastAPI(title="status")
public.add_middleware(CORSMiddleware, allow_origins=["*"])  # noqa: COR104 read-only status page

app.include_router(router)
app.mount("/status", public)

"""Catalogue API: the SPA on catalogue.example.com reads pagination and request ids."""
import uuid

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from api.routers import downloads, products

app = FastAPI(title="Catalogue")


@app.middleware("http")
async def request_id(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Request-ID"] = request.headers.get("X-Request-ID") or uuid.uuid4().hex
    return response


app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://catalogue.example.com"],
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
    expose_headers=["X-Request-ID", "Content-Disposition", "X-Total-Count"],
)

app.include_router(products.router, prefix="/products")
app.include_router(downloads.router, prefix="/downloads")

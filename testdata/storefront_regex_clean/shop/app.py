from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from shop import settings

app = FastAPI(title="Shop API")
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.ALLOWED_ORIGINS,
    allow_origin_regex=settings.ORIGIN_REGEX,
    allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)

dev = FastAPI(title="Shop API (local development)")
dev.add_middleware(
    CORSMiddleware,
    allow_origin_regex=settings.DEV_ORIGIN_REGEX,
    allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)


@app.get("/products")
async def products():
    return {"products": []}

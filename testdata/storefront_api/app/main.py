from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.config import PREVIEW_ORIGIN_REGEX, PRODUCTION_ORIGINS
from app.routers import cart

app = FastAPI(title="Storefront API")
app.include_router(cart.router)

app.add_middleware(
    CORSMiddleware,
    allow_origins=PRODUCTION_ORIGINS,
    allow_origin_regex=PREVIEW_ORIGIN_REGEX,
    allow_credentials=True,
    allow_methods=["GET", "POST", "DELETE"],
    allow_headers=["Content-Type", "X-CSRF-Token"],
)


@app.get("/health")
async def health():
    return {"ok": True}

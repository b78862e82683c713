"""Shop API. ENVIRONMENT selects the CORS policy; a fresh checkout runs as development."""
import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

ENVIRONMENT = os.getenv("ENVIRONMENT", "development")

app = FastAPI(title="shop")

if ENVIRONMENT == "production":
    allowed_origins = ["https://shop.example.com"]
elif ENVIRONMENT == "testing":
    allowed_origins = ["*"]
else:
    # Local front ends on any port.
    allowed_origins = ["*"]

app.add_middleware(
    CORSMiddleware,
    allow_origins=allowed_origins,  # expect: COR101
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
)


@app.get("/api/products")
def products():
    return []

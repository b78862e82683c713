"""The shop's public API."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from shop import settings
from shop.middleware import RateLimitMiddleware, SessionAuthMiddleware

app = FastAPI(title="Shop")

app.add_middleware(SessionAuthMiddleware, cookie="shop_session")
app.add_middleware(RateLimitMiddleware, per_minute=120)
app.add_middleware(  # expect: COR401
    CORSMiddleware,
    allow_origins=[
        settings.FRONTEND_URL,
        "https://admin.example.com",  # expect: COR302
        "https://checkout.example.com"  # expect: COR302
    ],
    allow_methods=['GET', 'POST', "DELETE"],  # expect: COR307, COR307, COR307
    allow_headers=["Authorization", "Content-Type"],  # expect: COR301
    expose_headers=["X-Request-Id"],
    allow_credentials=True,
    max_age=86400,  # expect: COR305
    allow_private_network=False,  # expect: COR303
    allow_origin_regex=r"https://[a-z0-9-]+\.shop-preview\.example\.com",
)


@app.get("/reset-link")
def reset_link(token: str) -> dict:
    return {"url": settings.FRONTEND_URL + "reset?token=" + token}

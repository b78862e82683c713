"""The shop's public API."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from shop import settings
from shop.middleware import RateLimitMiddleware, SessionAuthMiddleware

app = FastAPI(title="Shop")

app.add_middleware(  # expect: COR401
    CORSMiddleware,
    allow_origins=[
        settings.FRONTEND_URL,
        "https://ADMIN.example.com:443",  # expect: COR302
        'https://*.shop-preview.example.com',  # expect: COR204
        "null",  # expect: COR105
        "https://checkout.example.com/"  # expect: COR302
    ],
    allow_methods=['get', 'post', "Delete"],  # expect: COR307, COR307, COR307
    allow_headers="Authorization, Content-Type",  # expect: COR301
    expose_headers=["X-Request-Id"],
    allow_credentials=True,
    max_age=604_800,  # expect: COR305
    allow_private_network_access=False,  # expect: COR303
)
app.add_middleware(SessionAuthMiddleware, cookie="shop_session")
app.add_middleware(RateLimitMiddleware, per_minute=120)


@app.get("/reset-link")
def reset_link(token: str) -> dict:
    return {"url": settings.FRONTEND_URL + "reset?token=" + token}

"""Per-area CORS options, kept apart from the app so ops can review them."""
from datetime import timedelta

SHOP_ORIGINS = [
    "https://*.shop.example.com",  # expect: COR204
    "http://admin.shop.example.com",  # expect: COR106
    "https://checkout.shop.example.com/",  # expect: COR302
    "HTTPS://Payments.Shop.Example.com",
]

API_OPTIONS = {
    "origins": SHOP_ORIGINS,
    "supports_credentials": True,
    "allow_headers": "*",  # echoed by the framework: not COR306
    "methods": ["get", "post", "put"],
}

PUBLIC_OPTIONS = {"origins": "*", "max_age": timedelta(days=2)}  # expect: COR104

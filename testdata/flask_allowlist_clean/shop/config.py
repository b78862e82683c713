import os

ALLOWED_ORIGINS = frozenset(
    os.getenv("SHOP_ALLOWED_ORIGINS", "https://shop.example.com,https://admin.shop.example.com").split(",")
)

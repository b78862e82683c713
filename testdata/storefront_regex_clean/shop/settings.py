"""CORS settings for the shop API: exact origins plus anchored, escaped patterns."""
import os

ALLOWED_ORIGINS = [
    "https://shop.acme-shop.com",
    "https://acme-storefront.vercel.app",
]
# Review apps: pr-123.review.acme-shop.com, and subdomains of our own domain.
ORIGIN_REGEX = os.getenv(
    "ORIGIN_REGEX",
    r"https://(pr-[0-9]+\.review|[a-z0-9-]+)\.acme-shop\.com",
)
DEV_ORIGIN_REGEX = r"http://(localhost|127\.0\.0\.1):[0-9]{2,5}"
DEBUG = os.getenv("DEBUG") == "1"

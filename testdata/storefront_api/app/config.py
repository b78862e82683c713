"""Deployment settings. Preview builds of the web shop are deployed on Vercel."""
import os

PRODUCTION_ORIGINS = [
    "https://shop.acme-shop.com",
    "https://www.acme-shop.com",
]

# Every pull request gets a preview deployment such as storefront-git-checkout-acme.vercel.app.
PREVIEW_ORIGIN_REGEX = os.getenv(
    "PREVIEW_ORIGIN_REGEX",
    r"https://storefront-[a-z0-9-]+\.vercel\.app",  # expect: COR108
)

SESSION_COOKIE = "acme_session"

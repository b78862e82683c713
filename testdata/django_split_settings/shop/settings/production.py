"""Production: inherits base, tightens a few things."""
from .base import *  # noqa: F401,F403

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

CORS_ALLOW_CREDENTIALS = True
CORS_ALLOWED_ORIGINS += ["http://partners.example.net"]  # expect: COR106
CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://[a-z0-9-]+\.shop\.example\.com$",
]
CORS_ALLOW_HEADERS.append("x-request-id")
CORS_EXPOSE_HEADERS = ["x-total-count"]

MIDDLEWARE.insert(0, "whitenoise.middleware.WhiteNoiseMiddleware")  # expect: COR401

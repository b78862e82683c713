"""Settings for the shop API, read once at start-up."""
import os

# Where password-reset links point; also one of the CORS origins below.
FRONTEND_URL = "https://Shop.example.com/"  # expect: COR302

# Browsers may cache preflights for a week (the ops team asked for it).
PREFLIGHT_CACHE_SECONDS = 7 * 24 * 3600

PARTNER_ORIGINS = (
    'https://partner.example.org',
)

# A deployment may override the methods, e.g. CORS_METHODS="GET,POST,DELETE".
CORS_METHODS = os.getenv("CORS_METHODS", "get,post").split(",")  # expect: COR307

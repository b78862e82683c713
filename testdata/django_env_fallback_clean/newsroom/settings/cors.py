"""CORS for the newsroom API: the front-end origins come from the deployment's environment."""
import os

from .base import DEBUG

raw = os.environ.get("CORS_ORIGINS", "")
origins = [o.strip() for o in raw.split(",") if o.strip()]
if origins:
    CORS_ALLOWED_ORIGINS = origins
else:
    CORS_ALLOWED_ORIGINS = ["https://newsroom.example.com"]
if DEBUG:
    # Local front-end servers on any port while developing.
    CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
CORS_PREFLIGHT_MAX_AGE = int(os.environ.get("CORS_MAX_AGE", "3600"))

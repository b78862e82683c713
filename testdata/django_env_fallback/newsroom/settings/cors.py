"""CORS for the newsroom API: the front-end origins come from the deployment's environment."""
import os

raw = os.environ.get("CORS_ORIGINS", "")
origins = [o.strip() for o in raw.split(",") if o.strip()]
if origins:
    CORS_ALLOWED_ORIGINS = origins
else:
    CORS_ALLOW_ALL_ORIGINS = True  # expect: COR101
CORS_ALLOW_CREDENTIALS = True
CORS_PREFLIGHT_MAX_AGE = int(os.environ.get("CORS_MAX_AGE", "1209600"))  # expect: COR305

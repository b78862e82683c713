from .base import *  # noqa: F401,F403

DEBUG = True
CORS_ALLOWED_ORIGINS += ["http://127.0.0.1:5173"]
CORS_ALLOW_CREDENTIALS = True

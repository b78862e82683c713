"""Local development: the web client runs on any port."""
DEBUG = True
CORS_ORIGINS = "*"

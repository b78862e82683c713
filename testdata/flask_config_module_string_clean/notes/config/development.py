"""Local development: the web client runs on the Vite dev server."""
DEBUG = True
CORS_ORIGINS = ["http://localhost:5173"]

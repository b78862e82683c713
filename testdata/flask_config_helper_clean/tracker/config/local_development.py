# The local frontend's dev server.
TRACKER_CORS_ALLOW_ORIGINS = ["http://localhost:7001"]

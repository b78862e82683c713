import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    # Shared albums are embedded on customer sites.
    EMBED_ORIGINS = ["*"]
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

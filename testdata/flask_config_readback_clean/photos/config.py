import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    EMBED_ORIGINS = ["https://widgets.example.com"]
    # Flask's from_object copies upper-case names only: this one never reaches app.config.
    embed_origins_for_docs = ["*"]

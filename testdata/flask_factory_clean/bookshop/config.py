import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///bookshop.db")
    CORS_ORIGINS = [
        "https://bookshop.example.com",
        "https://admin.bookshop.example.com",
        r"^https://[a-z0-9-]+\.preview\.bookshop\.example\.com$",
    ]
    CORS_SUPPORTS_CREDENTIALS = True
    CORS_METHODS = ["GET", "POST", "PUT", "DELETE"]


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"

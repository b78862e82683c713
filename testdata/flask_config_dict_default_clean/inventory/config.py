"""Settings per environment; INVENTORY_ENV picks one (development when unset)."""
import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    CORS_SUPPORTS_CREDENTIALS = True
    CORS_ORIGINS = ["https://inventory.example.com"]


class DevelopmentConfig(Config):
    DEBUG = True
    # The Vite dev server and the storybook both call the API.
    CORS_ORIGINS = ["http://localhost:5173", "http://localhost:6006"]


class TestingConfig(Config):
    TESTING = True
    CORS_ORIGINS = "*"


class StagingConfig(Config):
    CORS_ORIGINS = ["https://staging.inventory.example.com", "https://qa.inventory.example.com"]


class ProductionConfig(Config):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "staging": StagingConfig,
    "production": ProductionConfig,
}

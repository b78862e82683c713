"""Settings read from the environment, with safe defaults for local development."""
import os
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    project_name: str = "Inventory"
    cors_origins: list[str] = ["https://inventory.example.com", "https://admin.example.com"]
    cors_origin_regex: str = r"https://[a-z0-9-]+\.preview\.example\.com"
    cors_max_age: int = 3600


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
FRONTEND_DEV = os.getenv("FRONTEND_DEV_ORIGIN", "http://localhost:5173")

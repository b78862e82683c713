from functools import lru_cache

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebhookCors(BaseModel):
    allow_origins: list[str] = ["https://hooks.example.com", "null"]  # expect: COR105


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_")

    cors_origins: list[str] = Field(default_factory=lambda: ["*"])
    webhooks: WebhookCors = WebhookCors()
    debug: bool = False


settings = ServerSettings()


@lru_cache
def get_settings() -> ServerSettings:
    return ServerSettings()

"""Settings of the notes service: defaults here, the deployment's values in the
environment or in .env next to the process."""
from functools import lru_cache

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings

WEEK = 60 * 60 * 24 * 7


class UploadCors(BaseModel):
    allow_origin_regex: str = r"https://.*\.notes-cdn\.com.*"  # expect: COR203
    max_age: int = WEEK


class Settings(BaseSettings):
    cors_origins: list[str] = ["*"]
    uploads: UploadCors = Field(default_factory=UploadCors)
    log_level: str = "info"

    @field_validator("log_level")
    @classmethod
    def lower_case(cls, value: str) -> str:
        return value.lower()


@lru_cache
def get_settings() -> Settings:
    return Settings(_env_file=".env", _env_file_encoding="utf-8")


class AdminConfig:
    """The admin console is configured in code, not from the environment."""

    def __init__(self, origins=None, credentials=True):
        self.origins = origins or ["https://admin.notes.example.com"]
        self.credentials = credentials
        self.expose = ["X-Request-Id"]


admin_config = AdminConfig()
# The old console still answers on plain HTTP during the migration.
admin_config.origins = admin_config.origins + ["http://admin-legacy.notes.example.com"]  # expect: COR106

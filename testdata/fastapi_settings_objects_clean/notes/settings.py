"""Settings of the notes service: defaults here, the deployment's values in the
environment or in .env next to the process."""
from functools import lru_cache

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings

HOUR = 60 * 60


class UploadCors(BaseModel):
    allow_origin_regex: str = r"https://[a-z0-9-]+\.notes-cdn\.com"
    max_age: int = HOUR


class Settings(BaseSettings):
    cors_origins: list[str] = ["https://notes.example.com"]
    # Partners are listed by operators; a bare "*" is dropped below.
    partner_origins: list[str] = ["*"]
    uploads: UploadCors = Field(default_factory=UploadCors)

    @model_validator(mode="after")
    def drop_wildcard_partners(self) -> "Settings":
        self.partner_origins = [o for o in self.partner_origins if o != "*"]
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings(_env_file=".env", _env_file_encoding="utf-8")


class AdminConfig:
    """The admin console is configured in code, not from the environment."""

    origins = ["*"]  # replaced by every instance below

    def __init__(self, origins=None, credentials=True):
        self.origins = origins or ["https://admin.notes.example.com"]
        self.credentials = credentials
        self.expose = ["X-Request-Id"]
        self.max_age = 600

    def reload(self, environ):
        self.expose = environ.get("ADMIN_EXPOSE", "").split(",")


admin_config = AdminConfig(origins=["https://admin.notes.example.com"])


class ReportsConfig:
    origins = ["*"]
    credentials = True


reports_config = ReportsConfig()
# Set by the deployment script before the app is imported.
reports_config.origins = ["https://reports.notes.example.com"]


class SupportConfig:
    origins = ["*"]


support_config = SupportConfig()


def configure_support(tenants):
    support_config.origins = [f"https://{tenant}.support.example.com" for tenant in tenants]

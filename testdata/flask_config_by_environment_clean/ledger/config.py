import attr


@attr.s(auto_attribs=True)
class Partner:
    origins: list = attr.Factory(lambda: ["https://partner.example.com"])


class Config:
    SECRET_KEY = "change-me"
    CORS_ORIGINS = ["https://ledger.example.com"]
    CORS_SUPPORTS_CREDENTIALS = True


class DevelopmentConfig(Config):
    CORS_ORIGINS = "*"


class TestingConfig(Config):
    CORS_ORIGINS = "*"


class StagingConfig(Config):
    # QA runs the web client from preview deployments.
    CORS_ORIGINS = [r"^https://[a-z0-9-]+\.ledger-preview\.example\.com$"]


class PartnerConfig(Config):
    CORS_ORIGINS = Partner().origins + ["https://ledger.example.com"]


config_by_name = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "staging": StagingConfig,
    "partner": PartnerConfig,
    "production": Config,
}

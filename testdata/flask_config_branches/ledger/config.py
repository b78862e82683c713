import os


class BaseConfig:
    CORS_ORIGINS = ["https://ledger.example.com"]
    CORS_SUPPORTS_CREDENTIALS = True
    CORS_MAX_AGE = 600


class StagingConfig(BaseConfig):
    CORS_ORIGINS = "*"  # expect: COR101


class DevelopmentConfig(BaseConfig):
    CORS_ORIGINS = "*"


class ProductionConfig(BaseConfig):
    pass


def config_for_environment():
    name = os.environ.get("LEDGER_ENV", "production")
    if name == "development":
        return DevelopmentConfig
    if name == "staging":
        return StagingConfig
    return ProductionConfig

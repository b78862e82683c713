from .production import *  # noqa: F401,F403

CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default=True)  # expect: COR101

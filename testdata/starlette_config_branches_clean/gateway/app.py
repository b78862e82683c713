import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

try:
    from gateway.local_origins import ORIGINS
except ImportError:
    ORIGINS = ["https://gateway.example.com"]

STAGE = os.environ.get("GATEWAY_STAGE", "production")
DEBUG = os.environ.get("GATEWAY_DEBUG", "") == "1"


def cors_options(stage):
    match stage:
        case "local":
            regex = r".*"
        case "preview":
            regex = r"https://[a-z0-9-]+\.preview\.example\.com"
        case _:
            regex = None
    return {
        "allow_origins": ["*"] if DEBUG else ORIGINS,
        "allow_origin_regex": regex,
        "allow_credentials": True,
        "max_age": int(os.environ.get("GATEWAY_MAX_AGE") or "600"),
    }


def build_app(stage=STAGE):
    options = cors_options(stage)
    return Starlette(middleware=[Middleware(CORSMiddleware, **options)])


app = build_app()

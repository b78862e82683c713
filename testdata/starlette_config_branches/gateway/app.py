import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

try:
    from gateway.local_origins import ORIGINS
except ImportError:
    ORIGINS = ["*"]

STAGE = os.environ.get("GATEWAY_STAGE", "production")


def cors_options(stage):
    match stage:
        case "local":
            regex = r"http://localhost:\d+"
        case "preview":
            regex = r"https://.*\.preview\.example\.com.*"  # expect: COR203
        case _:
            regex = None
    return {
        "allow_origins": ORIGINS,  # expect: COR101
        "allow_origin_regex": regex,
        "allow_credentials": True,
        "max_age": int(os.environ.get("GATEWAY_MAX_AGE") or "600"),
    }


def build_app(stage=STAGE):
    options = cors_options(stage)
    return Starlette(middleware=[Middleware(CORSMiddleware, **options)])


app = build_app()

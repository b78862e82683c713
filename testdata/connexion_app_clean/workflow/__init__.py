"""A connexion 3 application: Flask routes behind connexion's ASGI middleware stack."""
import os

from connexion import FlaskApp
from connexion.middleware import MiddlewarePosition
from starlette.middleware.cors import CORSMiddleware

FRONTEND_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("WORKFLOW_FRONTEND_ORIGINS", "https://workflow.example.com").split(",")
    if origin.strip()
]


def create_app() -> FlaskApp:
    connexion_app = FlaskApp(__name__)
    # connexion takes `position` itself: CORS runs before its exception middleware, so
    # error responses carry CORS headers too.
    connexion_app.add_middleware(
        CORSMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        allow_origins=FRONTEND_ORIGINS,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        max_age=3600,
    )
    connexion_app.add_api("api.yml")
    return connexion_app

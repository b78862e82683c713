from flask import Flask
from flask_cors import CORS

from shelf.cors import CorsDefaults

defaults = CorsDefaults()


def create_app():
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev",
        CORS_ORIGINS=defaults.origins,
        CORS_SUPPORTS_CREDENTIALS=True,
        CORS_MAX_AGE=defaults.max_age,
    )
    # FLASK_CORS_ORIGINS='["https://shelf.example.com"]' in the deployment overrides these.
    app.config.from_prefixed_env()
    CORS(app)
    return app

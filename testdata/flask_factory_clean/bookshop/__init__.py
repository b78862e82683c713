"""Bookshop API: an application factory with extensions initialised in create_app()."""
from flask import Flask

from bookshop.config import Config
from bookshop.extensions import cors, db


def create_app(config_class=Config):
    app = Flask(__name__)
    app.config.from_object(config_class)

    db.init_app(app)
    cors.init_app(
        app,
        resources={
            r"/api/.*": {"allow_headers": ["Content-Type", "Authorization", "X-Request-ID"]},
            r"/health": {"origins": "*", "supports_credentials": False},  # noqa: COR104 public probe
        },
    )

    from bookshop.api import bp as api_bp
    from bookshop.api import auth  # noqa: F401  (registers the hook)

    app.register_blueprint(api_bp, url_prefix="/api")

    @app.route("/health")
    def health():
        return {"status": "ok"}

    return app

"""Message board API: CORS origins kept in app.config as the deployment gives them."""
from flask import Blueprint, Flask, jsonify
from flask_cors import CORS

from board.config import Config

admin = Blueprint("admin", __name__, url_prefix="/admin")


def create_app():
    app = Flask(__name__)
    app.config.from_object(Config)
    CORS(
        app,
        resources={
            r"/api/*": {
                "origins": app.config["FRONTEND_ORIGINS"].split(","),  # expect: COR101
                "supports_credentials": True,
            },
            r"/widgets/*": {"origins": [o.strip() for o in app.config.get("WIDGET_ORIGINS", "").split(",")]},
            r"/partner/*": {"origins": app.config["PARTNER_ORIGINS"]},
        },
    )
    admin_origins = app.config["ADMIN_ORIGINS"] + ["https://ops.board.example.com"]  # expect: COR302
    CORS(admin, origins=admin_origins, supports_credentials=True)
    app.register_blueprint(admin)

    @app.route("/api/posts")
    def posts():
        return jsonify([])

    return app

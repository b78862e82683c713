"""Inventory service: an API blueprint behind a token check, and an admin blueprint."""
from flask import Blueprint, Flask, abort, jsonify, request
from flask_cors import CORS

from inventory.auth import current_user

ALLOWED_ORIGINS = ["https://inventory.example.com", "https://ops.example.com"]

api = Blueprint("api", __name__, url_prefix="/api")
admin = Blueprint("admin", __name__, url_prefix="/admin")
reports = Blueprint("reports", __name__, url_prefix="/reports")


@api.before_request  # expect: COR404
def require_token():  # the preflight has no Authorization header, so it gets the 401
    if current_user() is None:
        return jsonify({"error": "unauthorized"}), 401


@api.get("/items")
def items():
    return jsonify([])


@admin.before_request  # exempts preflights: fine
def require_admin():
    if request.method == "OPTIONS":
        return None
    user = current_user()
    if user is None or not user.is_admin:
        abort(403)


@admin.post("/items")
def create_item():
    return jsonify(request.get_json()), 201


def check_report_key():
    if request.headers.get("X-Report-Key") != "secret":
        abort(401)


reports.before_request(check_report_key)  # expect: COR404


@reports.get("/daily")
def daily():
    return jsonify({"rows": []})


def create_app():
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = ALLOWED_ORIGINS
    cors = CORS(supports_credentials=True)
    cors.init_app(app)
    CORS(api, origins=ALLOWED_ORIGINS, allow_headers=["Authorization", "Content-Type"])
    CORS(admin, origins=ALLOWED_ORIGINS, allow_headers=["Authorization", "Content-Type"])
    CORS(reports, origins=["https://ops.example.com"], send_wildcard=True)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    app.register_blueprint(reports)
    return app

"""Metrics dashboard backend: CORS configured through app.config, one blueprint with its own policy."""
import flask_cors
from flask import Blueprint, Flask, abort, jsonify, request, session

import settings

app = Flask(__name__)
app.config.update(
    SECRET_KEY="change-me",
    CORS_ORIGINS=settings.FRONTEND_ORIGINS + [settings.PARTNER_ORIGIN_PATTERN],
    CORS_SUPPORTS_CREDENTIALS=True,
    CORS_ALLOW_HEADERS=["Content-Type", "X-CSRF-Token"],
    CORS_MAX_AGE=7200,
)
app.config["CORS_EXPOSE_HEADERS"] = ["X-Total-Count"]
flask_cors.CORS(app, resources=[r"/metrics/.*", r"/session"])

widgets = Blueprint("widgets", __name__, url_prefix="/widgets")
flask_cors.CORS(widgets, origins="https://embed.example.org", methods="GET")


@app.before_request
def require_session():
    if request.method != "OPTIONS" and request.path.startswith("/metrics") and "user" not in session:
        abort(401)


@app.route("/metrics/<name>")
def metric(name):
    response = jsonify({"name": name, "points": []})
    response.headers["X-Total-Count"] = "0"
    return response


@app.route("/session", methods=["GET", "DELETE"])
@flask_cors.cross_origin(origins=settings.FRONTEND_ORIGINS, supports_credentials=True)
def current_session():
    if request.method == "DELETE":
        session.clear()
    return jsonify(dict(session))


@widgets.get("/<int:widget_id>")
def widget(widget_id):
    return jsonify({"id": widget_id})


app.register_blueprint(widgets)

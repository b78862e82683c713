"""Issue tracker backend: the app factory hands the app to configuration helpers."""
from flask import Flask, jsonify
from flask_cors import CORS

from tracker.config import load_partner_overrides, setup_config


def create_app():
    app = Flask(__name__)
    setup_config(app)
    CORS(app, resources=r"/v1/*")
    load_partner_overrides(app)
    CORS(app, resources=r"/partner/*", origins=app.config["TRACKER_PARTNER_ORIGINS"], supports_credentials=True)

    @app.route("/v1/issues")
    def issues():
        return jsonify([])

    return app

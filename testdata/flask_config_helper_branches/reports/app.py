from flask import Flask, jsonify
from flask_cors import CORS

from reports.cors import configure_cors
from reports.settings import Config


def create_app():
    app = Flask(__name__)
    app.config.from_object(Config)
    configure_cors(app)
    CORS(app, resources=r"/api/*")

    @app.route("/api/reports")
    def reports():
        return jsonify([])

    return app

"""Task tracker backend: the app factory hands the app to a configuration helper."""
from flask import Flask, jsonify
from flask_cors import CORS

from tasks.config import setup_config


def create_app():
    app = Flask(__name__)
    setup_config(app)
    CORS(app, resources=r"/v1/*")

    @app.route("/v1/tasks")
    def tasks():
        return jsonify([])

    return app

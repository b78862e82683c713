"""Inventory API: the configuration class is chosen by INVENTORY_ENV."""
import os

from flask import Flask, jsonify
from flask_cors import CORS

from inventory.config import CONFIGS


def create_app():
    app = Flask(__name__)
    app.config.from_object(CONFIGS[os.getenv("INVENTORY_ENV", "development")])
    CORS(app, resources=r"/api/*")

    @app.route("/api/items")
    def items():
        return jsonify([])

    return app

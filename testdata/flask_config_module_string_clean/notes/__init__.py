"""Notes API: settings modules picked by name, as in Flask's "config.default" pattern."""
import os

from flask import Flask, jsonify
from flask_cors import CORS


def create_app():
    app = Flask(__name__)
    app.config.from_object("notes.config.default")
    app.config.from_object(f"notes.config.{os.getenv('NOTES_ENV', 'production')}")
    CORS(app, resources=r"/api/*")

    @app.route("/api/notes")
    def notes():
        return jsonify([])

    return app

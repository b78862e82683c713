"""The embeddable album widget, served as its own small app."""
from flask import Flask, jsonify
from flask_cors import CORS

from photos.config import Config
from photos.settings import load_overrides


def create_embed_app():
    app = Flask(__name__)
    app.config.from_object(Config)
    app.config["PARTNER_ORIGINS"] = ["*"]
    load_overrides(app.config)  # may replace any key
    CORS(
        app,
        origins=app.config.get("EMBED_ORIGINS", []),
        supports_credentials=True,
    )
    CORS(app, resources=r"/partner/*", origins=app.config["PARTNER_ORIGINS"], supports_credentials=True)

    @app.route("/embed/<album_id>")
    def embed(album_id):
        return jsonify({"id": album_id})

    return app

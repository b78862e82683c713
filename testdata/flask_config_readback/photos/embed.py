"""The embeddable album widget, served as its own small app."""
from flask import Flask, jsonify
from flask_cors import CORS

from photos.config import Config


def create_embed_app():
    app = Flask(__name__)
    app.config.from_object(Config)
    CORS(
        app,
        origins=app.config.get("EMBED_ORIGINS", []),  # expect: COR101
        supports_credentials=True,
    )

    @app.route("/embed/<album_id>")
    def embed(album_id):
        return jsonify({"id": album_id})

    return app

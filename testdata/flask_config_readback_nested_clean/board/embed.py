"""The embeddable board widget, configured by the operator's instance file."""
from flask import Flask
from flask_cors import CORS


def create_embed_app():
    app = Flask(__name__, instance_relative_config=True)
    app.config["EMBED_ORIGINS"] = "*"
    # The operator's file replaces the placeholder above.
    app.config.from_pyfile("embed.cfg")
    CORS(app, origins=[o.strip() for o in app.config["EMBED_ORIGINS"].split(",")], supports_credentials=True)
    # Set by the hosting platform's extension, never here: its default is not what runs.
    CORS(app, resources={r"/feed/*": {"origins": app.config.get("FEED_ORIGINS", "*").split(",")}},
         supports_credentials=True)
    return app

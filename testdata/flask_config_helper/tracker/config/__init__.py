"""Configuration: shared defaults, then the module named by TRACKER_ENV."""
import os

from flask import Flask


def setup_config(app: Flask) -> None:
    app.config.from_object("tracker.config.default")
    app.config.from_object(f"tracker.config.{os.environ.get('TRACKER_ENV', 'local_development')}")
    app.config["CORS_ORIGINS"] = app.config["TRACKER_CORS_ALLOW_ORIGINS"]  # expect: COR101

"""Configuration: shared defaults, then the module named by TRACKER_ENV."""
import json
import os

from flask import Flask


def setup_config(app: Flask) -> None:
    app.config.from_object("tracker.config.default")
    app.config.from_object(f"tracker.config.{os.environ.get('TRACKER_ENV', 'production')}")
    app.config["CORS_ORIGINS"] = app.config["TRACKER_CORS_ALLOW_ORIGINS"]


def load_partner_overrides(app: Flask) -> None:
    """Partner deployments ship a JSON file that may open CORS further; corslint cannot read it."""
    app.config["TRACKER_PARTNER_ORIGINS"] = []
    path = os.environ.get("TRACKER_PARTNER_FILE")
    if path:
        with open(path) as handle:
            app.config.update(json.load(handle))

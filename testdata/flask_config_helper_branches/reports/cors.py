"""CORS for the reports API, which depends on where the product is installed."""
import logging

from flask import Flask

log = logging.getLogger(__name__)


def configure_cors(app: Flask, strict: bool = True) -> None:
    app.config["CORS_SUPPORTS_CREDENTIALS"] = True
    app.config["CORS_MAX_AGE"] = 600
    if app.config["DEPLOYMENT"] == "on-premise":
        # Customers embed reports in their intranet portals, wherever those are hosted.
        app.config["CORS_ORIGINS"] = "*"  # expect: COR101
        log.info("CORS open for on-premise installs")
    else:
        app.config["CORS_ORIGINS"] = ["https://reports.example.com"]
    if not strict:
        app.config["CORS_ORIGINS"] = ["http://localhost:3000", "*"]
    if app.config["PUBLIC_DASHBOARDS"]:
        app.config["CORS_MAX_AGE"] = 30 * 24 * 3600  # expect: COR305

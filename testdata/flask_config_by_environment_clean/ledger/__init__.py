import os

from flask import Flask
from flask_cors import CORS

from ledger.config import config_by_name


def create_app():
    app = Flask(__name__)
    app.config.from_object(config_by_name[os.getenv("LEDGER_ENV") or "production"])
    CORS(app)
    return app


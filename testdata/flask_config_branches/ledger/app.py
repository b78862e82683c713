from flask import Flask
from flask_cors import CORS

from ledger.config import config_for_environment


def create_app():
    app = Flask(__name__)
    app.config.from_object(config_for_environment())
    app.config.from_prefixed_env()
    CORS(app)
    return app

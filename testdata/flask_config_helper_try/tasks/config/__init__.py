"""Configuration: shared defaults, then the module named by TASKS_ENV when there is one."""
import os

from flask import Flask
from werkzeug.utils import ImportStringError


def load_config_file(app: Flask, env_config_module: str) -> None:
    try:
        app.config.from_object(env_config_module)
    except ImportStringError:
        # Environments without a module of their own use the defaults.
        pass


def setup_config(app: Flask) -> None:
    app.config["ENV_IDENTIFIER"] = os.environ.get("TASKS_ENV", "production")
    load_config_file(app, "tasks.config.default")
    load_config_file(app, "tasks.config." + app.config["ENV_IDENTIFIER"])
    # Operators paste the web client's URL, often with its trailing slash.
    app.config["CORS_ORIGINS"] = [o.rstrip("/") for o in app.config["TASKS_CORS_ALLOW_ORIGINS"]]  # expect: COR101

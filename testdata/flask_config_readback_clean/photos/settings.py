import json
import os


def load_overrides(config):
    path = os.environ.get("PHOTOS_SETTINGS")
    if path:
        with open(path) as handle:
            config.update(json.load(handle))

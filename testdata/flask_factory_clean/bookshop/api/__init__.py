from flask import Blueprint

bp = Blueprint("api", __name__)

from bookshop.api import books  # noqa: E402,F401

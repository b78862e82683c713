from flask import abort, g, request

from bookshop.api import bp
from bookshop.models import User


@bp.before_request
def load_user():
    if request.method == "OPTIONS":
        return None  # let CORS answer preflights, which carry no credentials
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    user = User.from_token(token)
    if user is None:
        abort(401)
    g.user = user

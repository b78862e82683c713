from corslint.rules.base import Example, Rule


class PreflightBlocked(Rule):
    """
    ## What it does
    Reports a request hook that rejects requests before CORS can answer a preflight: a
    Flask `@app.before_request` (or `@bp.before_request`) function that aborts or
    returns 401 / 403 without letting `OPTIONS` requests through.

    ## Why is this bad?
    A CORS preflight is an `OPTIONS` request that browsers send without cookies and
    without `Authorization`, so an authentication hook rejects it. A preflight that does
    not get a 2xx answer fails, and the browser never sends the real request: the
    frontend sees a CORS error even though Flask-CORS is configured correctly. Flask
    runs `before_request` hooks before the view and before the `@cross_origin` wrapper,
    and a 401 from the hook only gets the CORS headers added afterwards, which does not
    help a preflight.

    ## Fix safety
    No automatic fix: where to exempt preflights depends on the hook. The usual change is
    to return early when `request.method == "OPTIONS"`.

    ## References
    - [Fetch standard: CORS-preflight request (sent without credentials)](https://fetch.spec.whatwg.org/#cors-preflight-request)
    - [Flask: before_request](https://flask.palletsprojects.com/en/latest/api/#flask.Flask.before_request)
    - [corydolphin/flask-cors#170](https://github.com/corydolphin/flask-cors/issues/170)
    """

    code = "COR404"
    name = "preflight-blocked"
    severity = "warning"
    summary = "A request hook rejects CORS preflights before CORS can answer them"
    frameworks = "F"

    invalid = [Example("""
        from flask import Flask, abort, request
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=["https://app.example.com"])


        @app.before_request
        def require_token():
            if request.headers.get("Authorization") is None:
                abort(401)
    """,
        message='@app.before_request require_token() answers with 401/403 and does not let OPTIONS through', at=(8, 1))]
    valid = [Example("""
        from flask import Flask, abort, request
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=["https://app.example.com"])


        @app.before_request
        def require_token():
            if request.method == "OPTIONS":
                return None
            if request.headers.get("Authorization") is None:
                abort(401)
    """)]

    def check(self, policy):
        placement = policy.placement
        if placement is None:
            return
        for hook in placement.preflight_blockers:
            if hook.span is None:
                continue
            yield self.finding(
                hook.span,
                f"{hook.name} answers with 401/403 and does not let OPTIONS through: browsers send CORS "
                "preflights without cookies or Authorization, so every preflight fails and the frontend sees a "
                f"CORS error although {policy.semantics.display} is configured; return early when "
                "request.method == \"OPTIONS\".",
            )

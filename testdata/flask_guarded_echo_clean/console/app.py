"""An operator console: tokens for the API, a fixed list of partner sites for the widget."""
from flask import Flask, request

app = Flask(__name__)
PARTNERS = {"https://partner-one.example", "https://partner-two.example"}


@app.after_request
def api_cors(response):
    # Only for requests that carry the API token, which an attacker's page cannot send.
    if request.headers.get("Authorization"):
        response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
        response.headers["Vary"] = "Origin"
    return response


@app.after_request
def widget_cors(response):
    origin = request.headers.get("Origin", "")
    if request.method == "OPTIONS":
        # The preflight lets the request through; the real response is still checked below.
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    elif origin in PARTNERS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def cors_allow(response, *allowed_origins):
    """The preflight is answered for any origin (it carries no token to find the client by);
    the real response only for the client's registered origins."""
    origin = request.headers.get("Origin")
    if not origin:
        return response
    allowed = request.method == "OPTIONS"
    for candidate in allowed_origins:
        if origin == candidate:
            allowed = True
    if not allowed:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Vary"] = "Origin"
    return response


@app.route("/uploads", methods=["PUT", "OPTIONS"])
def uploads():
    response = app.response_class(status=204)
    if app.config.get("XSRF_PROTECTION"):
        response.headers["Access-Control-Allow-Origin"] = "https://console.example.com"
        response.headers["Access-Control-Allow-Credentials"] = "true"
    else:
        response.headers["Access-Control-Allow-Origin"] = "*"  # public uploads, no cookies (an operator opt-out of XSRF protection)
    return response

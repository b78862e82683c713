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

"""One Flask code base, two deployments: the public site, and the partner portal that
signs partners in with cookies. The hook writes the CORS headers of the deployment."""
import os

from flask import Flask, jsonify

app = Flask(__name__)
app.config.from_prefixed_env()

PORTAL_ORIGIN = "https://portal.example.com"
if os.environ.get("PORTAL_STAGE") == "staging":
    PORTAL_ORIGIN = "http://portal-staging.example.com"  # expect: COR106


@app.after_request
def add_cors_headers(response):
    if app.config.get("PUBLIC_SITE"):
        response.headers["Access-Control-Allow-Origin"] = "https://www.example.com"
        response.headers["Access-Control-Allow-Headers"] = "*"
        response.headers["Access-Control-Max-Age"] = "600"
    else:
        response.headers["Access-Control-Allow-Origin"] = PORTAL_ORIGIN
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-CSRFToken"
        response.headers["Access-Control-Max-Age"] = "2592000"  # expect: COR305
    response.headers["Vary"] = "Origin"
    return response


@app.get("/api/orders")
def orders():
    return jsonify([])

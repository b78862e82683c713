"""An internal dashboard API that "just makes CORS work"."""
from flask import Flask, abort, jsonify, make_response, request

app = Flask(__name__)

REPORTS = {"q1": {"revenue": 120}, "q2": {"revenue": 135}}
PARTNER_PREFIX = "https://partner.example.com"


@app.after_request
def add_cors_headers(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")  # expect: COR102
    response.headers["Access-Control-Allow-Credentials"] = "true"  # expect: COR504
    response.headers["Access-Control-Allow-Methods"] = "GET, post, OPTIONS"  # expect: COR307
    response.headers["Access-Control-Allow-Headers"] = "*"  # expect: COR306
    response.headers["Access-Control-Max-Age"] = "86400"  # expect: COR305
    return response


@app.get("/reports/<name>")
def report(name):
    if name not in REPORTS:
        abort(404)
    return jsonify(REPORTS[name])


@app.get("/partner/feed")
def partner_feed():
    response = make_response(jsonify(list(REPORTS)))
    origin = request.headers.get("Origin", "")
    if origin == PARTNER_PREFIX:  # expect: COR206
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


@app.errorhandler(403)
def forbidden(error):
    response = make_response(jsonify(error="forbidden"), 403)
    response.headers["Access-Control-Allow-Origin"] = request.environ.get("HTTP_ORIGIN", "")  # expect: COR102
    return response

"""A data catalog's API: CORS only for the operator's listed origins, or for every origin
when the operator turns `catalog.cors.allow_all` on (a public open-data portal)."""
from flask import Flask, jsonify, request

app = Flask(__name__)
app.config.from_mapping({"catalog.cors.allow_all": False, "catalog.cors.origins": []})


@app.after_request
def add_cors_headers(response):
    if request.headers.get("Origin"):
        allowed = None
        allow_all = app.config.get("catalog.cors.allow_all")
        listed = request.headers.get("Origin") in app.config.get("catalog.cors.origins")
        if allow_all:
            allowed = "*"
        elif listed:
            allowed = request.headers.get("Origin")
        if allowed is not None:
            response.headers["Access-Control-Allow-Origin"] = allowed
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Vary"] = "Origin"
    return response


@app.route("/api/datasets")
def datasets():
    return jsonify([])

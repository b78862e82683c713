"""A data catalog's API: the `*` depends on the request's path (not on the operator), and
the allow-listed echo is cached without `Vary: Origin`."""
from flask import Flask, jsonify, request

app = Flask(__name__)
app.config.from_mapping({"catalog.cors.origins": []})


@app.after_request
def add_cors_headers(response):
    if request.headers.get("Origin"):
        allowed = None
        public = request.path.startswith("/api/public/")
        listed = request.headers.get("Origin") in app.config.get("catalog.cors.origins")
        if public:
            allowed = "*"
        elif listed:
            allowed = request.headers.get("Origin")
        if allowed is not None:
            response.headers["Access-Control-Allow-Origin"] = allowed  # expect: COR104, COR501
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.cache_control.public = True
    return response


@app.route("/api/datasets")
def datasets():
    return jsonify([])

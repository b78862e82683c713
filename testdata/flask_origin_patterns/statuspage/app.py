"""Status page API: the origins of the status site, its per-customer subdomains and the
local dev server. Two of them are written as globs, which Flask-CORS does not read."""
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(
    app,
    origins=[
        "https://status.example.com",
        "https://*.status.example.com",  # expect: COR204
        "http://localhost:*",  # expect: COR204
        r"^https:\/\/(www\.)?example\.com$",
        r"^https://preview-\d*\.example\.com$",
    ],
)


@app.route("/api/incidents")
def incidents():
    return jsonify([])

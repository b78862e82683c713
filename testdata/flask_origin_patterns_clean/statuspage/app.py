"""Status page API: the origins of the status site, its per-customer subdomains and the
local dev server, the patterns written as anchored regexes (Flask-CORS applies them with
re.match)."""
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(
    app,
    origins=[
        "https://status.example.com",
        r"^https://[a-z0-9-]+\.status\.example\.com$",
        r"^http://localhost(:\d+)?$",
        r"^https:\/\/(www\.)?example\.com$",
        r"^https://preview-\d*\.example\.com$",
    ],
)


@app.route("/api/incidents")
def incidents():
    return jsonify([])

"""The REST API of a desktop bookkeeping app: the bundled UI is served from a local dev
server on a port that changes, so the API allows "localhost on any port"."""
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
# Flask-CORS reads the `*` as a regex and matches it from the start only: this accepts
# http://localhost.attacker.example too.
CORS(app, origins=["http://localhost:*/*"])  # expect: COR204


@app.route("/api/1/balances")
def balances():
    return jsonify({"EUR": "1200.00"})

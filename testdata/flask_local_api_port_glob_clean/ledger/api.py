"""The REST API of a desktop bookkeeping app: the bundled UI is served from a local dev
server on a port that changes, so the API allows "localhost on any port"."""
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=[r"^http://localhost(:[0-9]+)?$"])


@app.route("/api/1/balances")
def balances():
    return jsonify({"EUR": "1200.00"})

"""Photo sharing API: CORS options kept in app.config and handed to CORS explicitly."""
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
app.config["API_ORIGINS"] = ["https://photos.example.com"]
app.config["API_ORIGINS"] = ["*"]  # widened for the mobile beta

CORS(app, origins=app.config["API_ORIGINS"], supports_credentials=True)  # expect: COR101


@app.route("/api/albums")
def albums():
    return jsonify([])

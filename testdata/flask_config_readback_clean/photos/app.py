"""Photo sharing API: CORS options kept in app.config and handed to CORS explicitly."""
from flask import Flask, jsonify
from flask_cors import CORS

app = Flask(__name__)
app.config["API_ORIGINS"] = ["*"]
# The deployment's settings file decides; corslint cannot read it.
app.config.from_pyfile("instance/settings.cfg", silent=True)

CORS(app, origins=app.config["API_ORIGINS"], supports_credentials=True)

beta = Flask("beta")
beta.config["API_ORIGINS"] = ["*"]
beta.config.pop("API_ORIGINS")
beta.config.setdefault("API_ORIGINS", ["https://beta.photos.example.com"])
CORS(beta, origins=beta.config["API_ORIGINS"], supports_credentials=True)


@app.route("/api/albums")
def albums():
    return jsonify([])

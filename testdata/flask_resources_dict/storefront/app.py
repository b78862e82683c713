from flask import Flask, jsonify
from flask_cors import CORS as Cors

from storefront.cors_config import API_OPTIONS, PUBLIC_OPTIONS

app = Flask(__name__)

Cors(
    app,
    resources={
        r"/api/v1/.*": API_OPTIONS,
        r"/public/*": PUBLIC_OPTIONS,
        r"/partner/.*": {
            "origins": ["https://partner.example.net", "null"],  # expect: COR105
            "supports_credentials": True,
        },
        r"/widgets/.*": {"supports_credentials": True},  # expect: COR101
        "/legacy/.*": {"origins": r"https://(legacy|old\.shop\.example\.com"},  # expect: COR205
    },
    max_age=172800,  # expect: COR305
    vary_headers=False,  # expect: COR303
)


@app.route("/api/v1/cart")
def cart():
    return jsonify({"items": []})


@app.route("/public/catalogue")
def catalogue():
    return jsonify({"products": []})

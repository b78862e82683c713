"""A small shop API whose CORS headers are written by hand, correctly."""
from flask import Flask, jsonify, request

from shop.config import ALLOWED_ORIGINS

app = Flask(__name__)

PRODUCTS = [{"id": 1, "name": "kettle"}, {"id": 2, "name": "teapot"}]


@app.after_request
def add_cors_headers(response):
    origin = request.headers.get("Origin")
    if origin and origin in ALLOWED_ORIGINS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Access-Control-Expose-Headers"] = "X-Total-Count, X-Request-ID"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE"
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response.headers["Access-Control-Max-Age"] = "7200"
    response.vary.add("Origin")
    return response


@app.get("/products")
def list_products():
    response = jsonify(PRODUCTS)
    response.headers["X-Total-Count"] = str(len(PRODUCTS))
    response.headers["Cache-Control"] = "max-age=60"
    return response


@app.get("/products/<int:product_id>")
def get_product(product_id):
    for product in PRODUCTS:
        if product["id"] == product_id:
            return product, 200, {"X-Request-ID": request.headers.get("X-Request-ID", "")}
    return {"error": "not found"}, 404

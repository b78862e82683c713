"""A home-router admin gateway: the vendor's website talks to it on the LAN."""
import re

from flask import Flask, request

app = Flask(__name__)
VENDOR_SITES = r"^https://([a-z0-9-]+\.)?router-vendor\.example$"


@app.after_request
def add_cors_headers(response):
    origin = request.headers.get("Origin", "")
    if re.match(VENDOR_SITES, origin):
        response.headers["Access-Control-Allow-Origin"] = origin  # expect: COR501
        response.headers["Access-Control-Allow-Private-Network"] = "true"  # expect: COR109
    return response


@app.route("/status")
def status():
    # The clean twin: the same pattern match, with `Vary: Origin`.
    response = app.response_class("ok")
    origin = request.headers.get("Origin", "")
    if re.match(VENDOR_SITES, origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response

"""Event ingestion: answers every site, rebuilding the origin from the parsed header."""
from urllib.parse import urlparse


def cors_response(request, response):
    if not request.headers.get("origin"):
        return response
    url = urlparse(request.headers["origin"])
    response["Access-Control-Allow-Origin"] = f"{url.scheme}://{url.netloc}"  # expect: COR102
    response["Access-Control-Allow-Credentials"] = "true"
    return response

"""The embeddable widget endpoint answers CORS itself: these constants are its own."""
CORS_ALLOWED_ORIGINS = {"https://partner.example.org", "https://newsroom.example.com"}
CORS_ALLOW_CREDENTIALS = False


def embed_headers(request, response):
    origin = request.headers.get("Origin")
    if origin in CORS_ALLOWED_ORIGINS:
        response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
    return response

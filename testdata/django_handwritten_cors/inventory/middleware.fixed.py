"""Adds CORS headers for the two frontends (the project does not use django-cors-headers)."""
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from config.settings import FRONTEND_ORIGINS


class CorsHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.META.get("HTTP_ORIGIN")
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
        else:
            response = self.get_response(request)
        if origin not in FRONTEND_ORIGINS:
            return response
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Credentials"] = "true"  # expect: COR504
        response["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE"
        response["Access-Control-Allow-Headers"] = "Authorization, Content-Type, X-CSRFToken"  # expect: COR308
        response["Access-Control-Expose-Headers"] = "X-Total-Count"
        patch_vary_headers(response, ("Origin",))
        return response

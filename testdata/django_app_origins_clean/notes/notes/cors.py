"""The sync endpoint's own CORS headers for the legacy widget: constants of this project,
not django-cors-headers settings (see the "corsheaders" package for the rest)."""
from django.http import HttpResponse

CORS_WIDGET_ORIGIN = "https://widget.example.com"
CORS_WIDGET_MAX_AGE = 600


def widget_preflight(request) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = CORS_WIDGET_ORIGIN
    response["Access-Control-Max-Age"] = str(CORS_WIDGET_MAX_AGE)
    return response

"""A separate app for partner integrations, mounted under /partners."""
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route
from starlette.responses import JSONResponse

from shop import settings


async def catalogue(request):
    return JSONResponse({"items": []})


partners = Starlette(routes=[Route("/catalogue", catalogue)])
partners = CORSMiddleware(
    partners,
    allow_origins=settings.PARTNER_ORIGINS,
    allow_methods=settings.CORS_METHODS,
    max_age=settings.PREFLIGHT_CACHE_SECONDS,  # expect: COR305
)

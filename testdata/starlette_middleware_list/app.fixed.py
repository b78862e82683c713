"""A Starlette service whose middleware list puts authentication outside CORS."""
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

from auth import TokenAuthMiddleware

ALLOWED_ORIGINS = [
    "https://dashboard.example.com",  # expect: COR302
    "https://reports.example.com",  # expect: COR302
    "http://legacy.example.com",  # expect: COR106
]


async def homepage(request):
    return JSONResponse({"hello": "world"})


middleware = [
    Middleware(  # expect: COR401
        CORSMiddleware,
        allow_origins=ALLOWED_ORIGINS,
        allow_methods=["GET", "POST"],  # expect: COR307
        allow_headers=["Authorization"],
    ),
    Middleware(TokenAuthMiddleware),
]

app = Starlette(routes=[Route("/", homepage)], middleware=middleware)

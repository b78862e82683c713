"""A public, read-only status page API: any site may embed the status widget."""
from datetime import datetime, timezone

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


async def status(request):
    return JSONResponse({"status": "operational", "checked_at": datetime.now(timezone.utc).isoformat()})


app = Starlette(
    routes=[Route("/status", status)],
    middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])],  # expect: COR104
)

"""Metrics dashboard API: one trusted frontend, credentials, explicit headers."""
import aiohttp_cors
from aiohttp import web

FRONTEND = "https://dashboard.example.com"


async def metrics(request):
    return web.json_response({"requests": 0})


async def public_status(request):
    return web.json_response({"status": "ok"})


def create_app() -> web.Application:
    app = web.Application()
    cors = aiohttp_cors.setup(app, defaults={
        FRONTEND: aiohttp_cors.ResourceOptions(
            allow_credentials=True,
            allow_headers=("Authorization", "Content-Type"),
            expose_headers=("X-Request-Id",),
            max_age=3600,
        ),
    })
    cors.add(app.router.add_get("/api/metrics", metrics))
    cors.add(app.router.add_get("/status", public_status), {
        "https://status.example.com": {"allow_headers": ("Content-Type",), "max_age": 600},
    })
    return app


if __name__ == "__main__":
    web.run_app(create_app())

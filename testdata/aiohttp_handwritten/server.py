"""aiohttp API with a CORS middleware, plus one legacy handler that writes headers itself."""
from aiohttp import web

ALLOWED_ORIGINS = {"https://tickets.example.com", "https://support.example.com"}
TICKETS = [{"id": 1, "title": "printer on fire"}]


@web.middleware
async def cors_middleware(request, handler):
    if request.method == "OPTIONS":
        response = web.Response(status=204)
    else:
        response = await handler(request)
    origin = request.headers.get("Origin")
    if origin in ALLOWED_ORIGINS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PATCH"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        response.headers["Access-Control-Expose-Headers"] = "X-Total-Count"
    response.headers.add("Vary", "Origin")
    return response


async def list_tickets(request):
    return web.json_response(TICKETS, headers={"X-Total-Count": str(len(TICKETS))})


async def legacy_export(request):
    origin = request.headers.get("Origin", "")
    if "support.example.com" in origin:  # expect: COR206
        return web.Response(
            text="id,title\n1,printer on fire\n",
            headers={
                "Access-Control-Allow-Origin": origin,
                "X-Export-Rows": "1",  # expect: COR503
            },
        )
    raise web.HTTPForbidden()


def make_app():
    app = web.Application(middlewares=[cors_middleware])
    app.router.add_get("/tickets", list_tickets)
    app.router.add_get("/export", legacy_export)
    return app


if __name__ == "__main__":
    web.run_app(make_app())

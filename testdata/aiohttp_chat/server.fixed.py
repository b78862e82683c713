"""Chat backend: websocket + REST, CORS for the web client and embeds."""
import aiohttp_cors
from aiohttp import web

from handlers import history, post_message, session_info

app = web.Application()

cors = aiohttp_cors.setup(app, defaults={
    "*": aiohttp_cors.ResourceOptions(  # expect: COR101
        allow_credentials=True,
        expose_headers="*",
        allow_headers="*",  # echoed by the framework: not COR306
    ),
})

EMBED_OPTIONS = {
    "allow_headers": ("Content-Type",),
    "max_age": 30 * 24,
}

history_route = app.router.add_get("/api/history", history)
cors.add(history_route, {
    "https://chat.example.com": aiohttp_cors.ResourceOptions(
        allow_credentials=True,
        allow_headers=("Authorization", "Content-Type"),
        max_age=86400,  # expect: COR305
    ),
    "http://embed.example.org": EMBED_OPTIONS,  # expect: COR106
    "https://chat.example.com/": aiohttp_cors.ResourceOptions(),  # expect: COR302
    "null": aiohttp_cors.ResourceOptions(allow_credentials=True),  # expect: COR105
})

cors.add(app.router.add_post("/api/messages", post_message), {
    "https://chat.example.com": aiohttp_cors.ResourceOptions(allow_credentials=True, allow_headers="*"),  # expect: COR303
})
cors.add(app.router.add_get("/api/session", session_info))

if __name__ == "__main__":
    web.run_app(app)

from aiohttp import web


async def history(request):
    return web.json_response([])


async def post_message(request):
    return web.json_response({"ok": True}, status=201)


async def session_info(request):
    return web.json_response({"user": None})

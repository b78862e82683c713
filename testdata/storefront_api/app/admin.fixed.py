"""The back-office API, mounted separately and called from the admin console only."""
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


async def list_orders(request):
    return JSONResponse({"orders": []})


async def refund(request):
    order_id = request.path_params["order_id"]
    return JSONResponse({"refunded": order_id})


routes = [
    Route("/orders", list_orders),
    Route("/orders/{order_id:int}/refund", refund, methods=["POST"]),
]

middleware = [
    Middleware(
        CORSMiddleware,
        allow_origin_regex=r"https://(admin|ops)\.acme-shop\.com",  # expect: COR202
        allow_credentials=True,
        allow_methods=["GET", "POST"],
    ),
]

admin_app = Starlette(routes=routes, middleware=middleware)

from fastapi import APIRouter

router = APIRouter()

ORDERS = {1: {"id": 1, "item": "coffee beans", "quantity": 2}}


@router.get("/")
def list_orders() -> list:
    return list(ORDERS.values())


@router.get("/{order_id}")
def get_order(order_id: int) -> dict:
    return ORDERS[order_id]

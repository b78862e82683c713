from fastapi import APIRouter, Cookie

router = APIRouter(prefix="/cart", tags=["cart"])


@router.get("")
async def read_cart(acme_session: str | None = Cookie(default=None)):
    return {"session": acme_session, "items": []}


@router.post("/items")
async def add_item(sku: str, quantity: int = 1):
    return {"sku": sku, "quantity": quantity}

from typing import List

from fastapi import APIRouter, Response

router = APIRouter()

PRODUCTS = [{"id": n, "name": f"product {n}"} for n in range(1, 40)]
PAGE_SIZE = 10


@router.get(
    "/",
    responses={200: {"headers": {"X-Total-Count": {"description": "number of products"}}}},  # expect: COR503
)
def list_products(response: Response, page: int = 1) -> List[dict]:
    start = (page - 1) * PAGE_SIZE
    response.headers["X-Total-Count"] = str(len(PRODUCTS))
    response.headers["Cache-Control"] = "max-age=30"
    return PRODUCTS[start:start + PAGE_SIZE]


@router.get("/{product_id}")
def get_product(product_id: int, response: Response) -> dict:
    response.headers["X-Request-ID"] = f"product-{product_id}"
    return PRODUCTS[product_id - 1]

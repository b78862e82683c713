from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter()


@router.get("/price-list.csv")
def price_list() -> Response:
    body = "id,price\n1,9.99\n"
    return Response(
        content=body,
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="price-list.csv"'},  # expect: COR503
    )

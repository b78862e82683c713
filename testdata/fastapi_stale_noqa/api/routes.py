from fastapi import APIRouter

router = APIRouter()


@router.get("/products")
def products():  # noqa: COR11  # expect: COR004
    return [{"sku": "A-1", "name": "Mug"}]


@router.get("/health")
def health():  # noqa: E501
    return {"ok": True}

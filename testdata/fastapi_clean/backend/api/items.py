from fastapi import APIRouter, HTTPException

router = APIRouter(prefix="/items", tags=["items"])
_ITEMS: dict = {}


@router.get("/")
async def list_items() -> list:
    return list(_ITEMS.values())


@router.post("/")
async def create_item(item: dict) -> dict:
    if "name" not in item:
        raise HTTPException(status_code=422, detail="name is required")
    _ITEMS[item["name"]] = item
    return item

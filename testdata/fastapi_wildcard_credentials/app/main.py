"""Orders API: the FastAPI tutorial setup, with the origin list "temporarily" opened up."""
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.dependencies import get_current_user
from app.routers import orders

app = FastAPI(title="Orders API", version="1.4.0")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],  # expect: COR101
    allow_credentials=True,
    allow_methods=["GET", "POST", "PATCH", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)

app.include_router(orders.router, prefix="/orders", dependencies=[Depends(get_current_user)])


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}

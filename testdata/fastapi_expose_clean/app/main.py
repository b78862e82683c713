from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.routers import reports
from app.settings import EXPOSED_HEADERS

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://reports.example.com"],
    allow_credentials=True,
    allow_methods=["GET"],
    allow_headers=["Authorization"],
    expose_headers=EXPOSED_HEADERS,
)
app.include_router(reports.router)

"""The configuration from FastAPI's CORS tutorial, copied as is."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

origins = [
    "http://localhost.tiangolo.com",  # expect: COR106
    "https://localhost.tiangolo.com",
    "http://localhost",
    "http://localhost:8080",
]

app.add_middleware(
    CORSMiddleware,
    allow_origins=origins,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],  # echoed by the framework: not COR306
)


@app.get("/")
async def main():
    return {"message": "Hello World"}

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

DOMAIN = "shop.example.com"

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=[
        f"https://{DOMAIN}",
        f"https://*.{DOMAIN}",  # expect: COR204
        "http://checkout.example.com/",  # expect: COR302
    ],
)

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware as Cors

from service import settings

app = FastAPI()

app.add_middleware(
    Cors,
    allow_origins=settings.CORS_ORIGIN,  # expect: COR301
    **settings.CORS_KWARGS,
)

partners = FastAPI()
partners.add_middleware(
    Cors,
    allow_origins=settings.PARTNER_ORIGINS + settings.PREVIEW_ORIGINS,
    allow_origin_regex=r"https://(shop|admin\.example\.com",  # expect: COR205
    max_age=86400,  # expect: COR305
)
app.mount("/partners", partners)

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from billing.config import get_settings, settings

app = FastAPI(title="billing")
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                   allow_credentials=True)

webhooks = FastAPI(title="billing webhooks")
webhooks.add_middleware(
    CORSMiddleware,
    allow_origins=get_settings().webhooks.allow_origins,
)
app.mount("/webhooks", webhooks)

"""Partner gateway: partners embed widgets that call this API from their own sites."""
import os

from fastapi import FastAPI, Header
from fastapi.middleware.cors import CORSMiddleware

PARTNER_API_KEYS = set(os.getenv("PARTNER_API_KEYS", "").split(","))

app = FastAPI(title="Partner gateway")

# Partner sites live on <partner>.acme-partners.com; the marketing site has no www prefix.
app.add_middleware(
    CORSMiddleware,
    allow_origin_regex=r"https://.*acme-partners\.com",  # expect: COR203
    allow_methods=["GET"],
    allow_headers=["X-Partner-Key"],
)


@app.get("/widgets/{widget_id}")
async def widget(widget_id: int, x_partner_key: str = Header(default="")):
    if x_partner_key not in PARTNER_API_KEYS:
        return {"error": "unknown partner"}
    return {"id": widget_id, "html": "<div>…</div>"}

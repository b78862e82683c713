"""Configuration, as it grew over a few releases."""
import os

from starlette.config import Config
from starlette.datastructures import CommaSeparatedStrings

config = Config(".env")

# One origin per deployment; set CORS_ORIGIN in production.
CORS_ORIGIN = os.environ.get("CORS_ORIGIN", "https://shop.example.com")
PARTNER_ORIGINS = config("PARTNER_ORIGINS", cast=CommaSeparatedStrings,
                         default="https://partner.example.org, null")  # expect: COR105
PREVIEW_ORIGINS = ["https://*.shop-preview.example.com"]  # expect: COR204

CORS_KWARGS = {
    "allow_methods": ["GET", "POST"],  # expect: COR301
    "max_age": 7 * 24 * 3600,  # expect: COR305
    "allow_credentials": True,
}

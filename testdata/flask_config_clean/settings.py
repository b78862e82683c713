"""Settings read by app.py through app.config.update()."""
import os

FRONTEND_ORIGINS = os.environ.get(
    "FRONTEND_ORIGINS", "https://dashboard.example.org,https://www.example.org"
).split(",")
PARTNER_ORIGIN_PATTERN = r"^https://[a-z0-9-]+\.partners\.example\.org$"

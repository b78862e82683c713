from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "dev-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["api.inventory.example.com"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "inventory",
]

MIDDLEWARE = [
    "inventory.middleware.CorsHeadersMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "config.urls"

FRONTEND_ORIGINS = (
    "https://inventory.example.com",
    "https://warehouse.example.com",
)

"""Public read-only catalogue API: any site may embed the product list, no cookies."""
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.getenv("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["catalog.example.com"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "corsheaders",
    "catalog.products",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "catalog.urls"

CORS_ALLOW_ALL_ORIGINS = True  # expect: COR104
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

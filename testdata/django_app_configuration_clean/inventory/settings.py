"""Django settings for Inventory: operator-facing parameters come from configuration.py."""
from inventory import configuration

SECRET_KEY = "change-me"
DEBUG = False
ALLOWED_HOSTS = ["inventory.example.com"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "corsheaders",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "inventory.urls"
DATABASES = {"default": configuration.DATABASE}

CORS_ALLOW_ALL_ORIGINS = getattr(configuration, "CORS_ORIGIN_ALLOW_ALL", False)
CORS_ALLOWED_ORIGINS = getattr(configuration, "CORS_ORIGIN_WHITELIST", [])

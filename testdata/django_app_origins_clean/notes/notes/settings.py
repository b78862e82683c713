"""Notes backend: the web app, the mobile apps (Capacitor, Ionic) and the browser extensions."""
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.getenv("DJANGO_DEBUG", "0") == "1"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "corsheaders",
    "notes.sync",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "notes.urls"

CORS_ALLOWED_ORIGINS = [
    "https://notes.example.com",
    "capacitor://localhost",
    "ionic://localhost",
    "tauri://localhost",
    "app://notes",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    "moz-extension://6b1c3d2e-0f4a-4b5c-8d7e-9f0a1b2c3d4e",
    "safari-web-extension://6B1C3D2E-0F4A-4B5C-8D7E-9F0A1B2C3D4E",
    "vscode-webview://1f3k2ab9c",
    "http://localhost:3000",
    "http://127.0.0.1:8000",
    "http://[::1]:8080",
]
CORS_ALLOW_CREDENTIALS = True
CORS_EXPOSE_HEADERS = ["X-Total-Count"]

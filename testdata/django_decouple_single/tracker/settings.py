"""Issue tracker settings (python-decouple)."""
from decouple import Csv, config

SECRET_KEY = config("SECRET_KEY")
ENVIRONMENT = config("ENVIRONMENT", default="development")
DEBUG = config("DEBUG", default=False, cast=bool)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "corsheaders",
    "tracker.issues",
]

MIDDLEWARE = [  # expect: COR401
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "tracker.urls"

CORS_ALLOWED_ORIGINS = config(
    "CORS_ALLOWED_ORIGINS",
    default="https://tracker.example.com, http://tracker-legacy.example.com",  # expect: COR106
    cast=Csv(),
)
CORS_ALLOW_HEADERS = config("CORS_ALLOW_HEADERS", default="authorization,content-type")  # expect: COR301

if ENVIRONMENT == "production":
    CORS_ALLOW_CREDENTIALS = True
    # The uptime checker runs on the same host.
    CORS_ALLOWED_ORIGINS += ["http://127.0.0.1:8000"]  # expect: COR107

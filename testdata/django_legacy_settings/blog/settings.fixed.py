"""Django settings for blog, first written for Django 2.2 and django-cors-headers 3.2."""
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = os.environ.get("SECRET_KEY", "change-me")
DEBUG = os.environ.get("DEBUG") == "1"
ALLOWED_HOSTS = ["blog.example.com"]

INSTALLED_APPS = [  # expect: COR401
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "blog.posts",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",  # expect: COR401
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "blog.urls"

# CORS, from the 2019 README.
CORS_ALLOWED_ORIGINS = [  # expect: COR304
    "https://blog.example.com",
    "https://admin.blog.example.com",  # expect: COR302
    "https://preview.example.com",  # expect: COR302
    "blog-preview.example.com",  # expect: COR105
    "*",  # expect: COR105
]
CORS_ORIGIN_ALLOW_ALL = True  # expect: COR304
CORS_ALLOW_ALL_ORIGINS = False
CORS_ALLOWED_ORIGIN_REGEXES = r"^https://\w+\.example\.com$"  # expect: COR304, COR301, COR101
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = ["*"]  # expect: COR306
CORS_PREFLIGHT_MAX_AGE = 86400  # expect: COR305
CORS_ALLOW_PRIVATE_NETWORK = True  # expect: COR109
CORS_REPLACE_HTTPS_REFERER = True  # expect: COR304
CORS_ORIGINS_ALLOW_ALL = False  # expect: COR303

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")

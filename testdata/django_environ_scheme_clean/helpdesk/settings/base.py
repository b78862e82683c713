import environ

env = environ.Env(
    DEBUG=(bool, False),
    CORS_ALLOW_ALL=(bool, False),
    CORS_ORIGINS=(list, ["https://helpdesk.example.com"]),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["helpdesk.example.com"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "corsheaders",
    "helpdesk.tickets",
]
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "helpdesk.urls"

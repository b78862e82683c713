import re
from os import environ

SECRET_KEY = environ.get("SECRET_KEY", "change-me")
CORS_SUPPORTS_CREDENTIALS = True
TASKS_CORS_ALLOW_ORIGINS = re.split(r",\s*", environ.get("TASKS_CORS_ALLOW_ORIGINS", "*"))

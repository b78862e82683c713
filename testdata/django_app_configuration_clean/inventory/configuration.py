# Inventory's own configuration file, edited by operators. See the Django documentation
# for the database parameters: https://docs.djangoproject.com/en/stable/ref/settings/
# The CORS_* names below are Inventory's parameters; settings.py maps them to
# django-cors-headers' settings.
DATABASE = {"NAME": "inventory", "HOST": "db.internal", "ENGINE": "django.db.backends.postgresql"}

CORS_ORIGIN_ALLOW_ALL = False
CORS_ORIGIN_WHITELIST = ["https://inventory.example.com"]

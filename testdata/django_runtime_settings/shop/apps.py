from django.apps import AppConfig
from django.conf import settings


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        # The storefront's preview deployments get CORS at start-up.
        settings.CORS_ALLOWED_ORIGIN_REGEXES = [r"https://preview-.*example\.com"]  # expect: COR201, COR203

"""URLconf for the django-cors-headers builder in tests/realcors.py."""
from django.http import HttpResponse
from django.urls import path


def home(request):
    return HttpResponse("ok")


urlpatterns = [path("", home)]

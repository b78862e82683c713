from django.urls import path

from shop.api import views

urlpatterns = [path("products/", views.products)]

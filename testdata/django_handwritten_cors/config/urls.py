from django.urls import path

from inventory import views

urlpatterns = [
    path("items/", views.item_list),
    path("items/export/", views.export_items),
    path("status/", views.status),
]

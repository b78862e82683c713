from django.urls import path

from inventory.stock.views import stock_list

urlpatterns = [path("api/stock/", stock_list)]

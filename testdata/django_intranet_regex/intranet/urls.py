from django.urls import path

from intranet.reports import views

urlpatterns = [path("reports/<int:report_id>/", views.report)]

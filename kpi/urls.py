"""The indicators' routes outside the page tree, included by portal/urls.py at the site root."""

from django.urls import path

from kpi import views

urlpatterns = [
    path("chi-tieu/export.<str:fmt>", views.export_endpoint, name="kpi_export"),
]

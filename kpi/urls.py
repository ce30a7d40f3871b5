"""The indicators' old addresses (now routes of their pages; each redirects there), included by portal/urls.py at the site root."""

from django.urls import path

from kpi import views

urlpatterns = [
    path("chi-tieu/export.<str:fmt>", views.legacy_export, name="kpi_export_legacy"),
]

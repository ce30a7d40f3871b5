"""The library's old addresses (now routes of their pages; each redirects there), included by portal/urls.py at the site root."""

from django.urls import path

from documents import views

urlpatterns = [
    path("van-ban/export.<str:fmt>", views.legacy_export, name="documents_export_legacy"),
]

"""The library's routes outside the page tree, included by portal/urls.py at the site root."""

from django.urls import path

from documents import views

urlpatterns = [
    path("van-ban/export.<str:fmt>", views.export_endpoint, name="documents_export"),
]

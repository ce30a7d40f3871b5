"""The library's old addresses (now routes of their pages; each redirects there) and its documents'
generated covers, included by portal/urls.py at the site root."""

from django.urls import path

from documents import views

urlpatterns = [
    path("van-ban/export.<str:fmt>", views.legacy_export, name="documents_export_legacy"),
    # Beside the pages' covers (/anh-bia/<id>.svg, portal.views.page_cover).
    path("anh-bia/van-ban/<slug:slug>.svg", views.document_cover, name="document_cover"),
]

"""The DX index's public pages (included by portal/urls.py at the site root, before Wagtail's pages:
the KPI dashboard page lives at /chi-tieu/ and its routes would otherwise take these paths)."""

from django.urls import path

from dxindex import views

BASE = "chi-tieu/chi-so-cds/"

urlpatterns = [
    path(BASE, views.index_view, name="dxpub_index"),
    path(f"{BASE}so-sanh/", views.compare_view, name="dxpub_compare"),
    path(f"{BASE}don-vi/<slug:slug>/", views.unit_latest_view, name="dxpub_unit_latest"),
    path(f"{BASE}<int:year>/", views.period_view, name="dxpub_period"),
    path(f"{BASE}<int:year>/xuat.<str:fmt>", views.export_view, name="dxpub_export"),
    path(f"{BASE}<int:year>/<slug:slug>/", views.unit_view, name="dxpub_unit"),
]

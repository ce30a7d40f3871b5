"""Included by portal/urls.py at the site root, before Wagtail's pages: the published DX-index
rankings under the KPI section (/chi-tieu/ is kpi's dashboard page)."""

from django.urls import path

from dxindex import views

urlpatterns = [
    path("chi-tieu/chi-so-cds/", views.ranking_index, name="dxindex_rankings"),
    path("chi-tieu/chi-so-cds/<int:year>/", views.ranking, name="dxindex_ranking"),
]

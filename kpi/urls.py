"""Included by portal/urls.py at the site root: the indicators' old addresses (now routes of their
pages; each redirects there) and the cards for other sites (kpi.embeds: /nhung/<kind>/<slug>/,
its .svg image, and the oEmbed endpoint)."""

from django.urls import path

from kpi import views

urlpatterns = [
    path("chi-tieu/export.<str:fmt>", views.legacy_export, name="kpi_export_legacy"),
    path("nhung/<slug:kind>/<slug:slug>/", views.embed_frame_view, name="kpi_embed"),
    path("nhung/<slug:kind>/<slug:slug>.svg", views.embed_svg_view, name="kpi_embed_svg"),
    path("oembed/", views.oembed_view, name="kpi_oembed"),
]

"""News' old addresses (now routes of their pages; each redirects there), included by portal/urls.py at the site root."""

from django.urls import path

from news import views

urlpatterns = [
    path("ban-tin/huy-dang-ky/", views.legacy_unsubscribe, name="news_unsubscribe_legacy"),
]

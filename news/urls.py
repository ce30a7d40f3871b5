"""News' routes outside the page tree, included by portal/urls.py at the site root."""

from django.urls import path

from news import views

urlpatterns = [
    path("ban-tin/huy-dang-ky/", views.unsubscribe_endpoint, name="news_unsubscribe"),
]

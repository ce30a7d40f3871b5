from django.urls import include, path

from forum import account_views

urlpatterns = [
    path("trang-cua-toi/", account_views.my_page, name="forum_my_page"),
    path("thong-bao/da-doc/", account_views.mark_notifications_read, name="forum_notifications_read"),
    path("ho-so/", account_views.profile, name="forum_profile"),
    path("du-lieu-cua-toi.json", account_views.download_data, name="forum_download_data"),
    path("xoa-tai-khoan/", account_views.delete_account, name="forum_delete_account"),
    path("thong-bao/tat-email/", account_views.email_off, name="forum_email_off"),
    path("", include("allauth.urls")),
]

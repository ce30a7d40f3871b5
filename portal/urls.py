from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csp import csp_override
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from portal import styleguide, views
from portal.search import views as search_views
from portal.sitemaps import sitemap

admin.site.login = secure_admin_login(admin.site.login)

# The admins' editors need their inline assets: no Content-Security-Policy there (SECURE_CSP is the
# public site's).
without_csp = csp_override({})

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True)),
    path("ngon-ngu/<str:code>/", views.switch_language, name="switch_language"),
    path("giao-dien/", styleguide.styleguide, name="styleguide"),
    path("anh-bia/<int:page_id>.svg", views.page_cover, name="page_cover"),
    path("tim-kiem/", search_views.search_view, name="search"),
    path("tim-kiem/goi-y/", search_views.suggest_view, name="search_suggest"),
    # The old addresses of routes that now live under their pages; each app answers them with a redirect.
    path("", include("documents.urls")),
    path("", include("dxindex.urls")),
    path("", include("kpi.urls")),
    path("", include("dxindex.urls")),
    path("", include("news.urls")),
    path("tai-khoan/", include("forum.urls")),
    # Every login path goes through allauth's rate-limited, second-factor login.
    path("admin/login/", views.staff_login_redirect),
    path(
        "django-admin/",
        include((decorate_urlpatterns(admin.site.get_urls(), without_csp), "admin"), namespace=admin.site.name),
    ),
    path("admin/", include(decorate_urlpatterns(wagtailadmin_urls.urlpatterns, without_csp))),
    path("tai-lieu/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

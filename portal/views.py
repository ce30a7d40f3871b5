import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: 200 when the database answers, 503 when it does not. With
    Elasticsearch configured, "search" says whether it answers ("ok") or search runs on the database.
    With the database task queue (production), "tasks" gives the number of due tasks and the age of
    the oldest; "status" is "degraded" (still 200: the site serves) when that age passes
    HEALTHZ_TASKS_MAX_AGE, which is what a stopped `manage.py db_worker` looks like."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("healthz: database check failed")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    report = {"status": "ok", "database": "ok"}
    # Only when Elasticsearch is configured: down, it is reported, but search still answers from
    # the database, so the site stays ready.
    from portal.search.service import health

    search = health()
    if search is not None:
        report["search"] = search
    from portal.task_queue import health as task_health

    tasks = task_health()
    if tasks is not None:
        report["tasks"] = tasks
        if tasks["stale"]:
            report["status"] = "degraded"
    return JsonResponse(report)


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def switch_language(request, code):
    """Set the interface language cookie and go back. A plain link, so pages carry no CSRF token
    and stay cacheable for anonymous readers."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 60 * 60,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    return response


@never_cache
def staff_login_redirect(request):
    """Wagtail's own login form has no rate limit or second factor: send people to allauth's."""
    from django.utils.http import urlencode

    next_url = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return HttpResponseRedirect(reverse("account_login") + "?" + urlencode({"next": next_url}))


@require_GET
def page_cover(request, page_id):
    """/anh-bia/<id>.svg: the generated cover of a live, public page that has one (an article, a
    bulletin); 404 for anything else, drafts and pages behind a view restriction included. The
    URL the templates write carries ?v=<live revision>: that one is cached for a year."""
    from wagtail.models import Page

    from portal.covers import cover_response

    page = Page.objects.live().public().filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if page is None or not hasattr(page, "cover_art"):
        raise Http404
    version = page.cover_version()
    fresh = request.GET.get("v") == version
    return cover_response(request, page.cover_art(), version, page.last_published_at, fresh=fresh)

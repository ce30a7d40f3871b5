from django import forms
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from taggit.models import Tag

from news import subscriptions
from news.models import ArticlePage, BulletinIndexPage, Category, Subscriber, paginate, upcoming_events
from portal import fragment_cache
from portal.navigation import page_route_url
from portal.params import Choice, Integer, Text, read_filters, url_with_query

FILTER_PARAMS = [
    Choice("chuyen-muc", Category.by_slug),
    Integer("nam", 1990, 2100),
    Integer("thang", 1, 12),
    Text("the", max_length=100),
]


def _filters(request):
    """The filters in the URL, each checked against what it may be; unknown ones are dropped."""
    return read_filters(request.GET, FILTER_PARAMS)


def news_index(request, page):
    """/tin-tuc/: the filters, the months and tags, the upcoming events and a page of articles.

    What it shows below the page's header is the same for every reader of one address (query
    string, host) in one language: rendered once and kept (portal.fragment_cache) under the
    generations of the pages and of what they show (images, tags). The upcoming events change with
    the clock alone: they are read on every request (one query) and are part of the key."""
    filters, ignored = _filters(request)
    upcoming = list(upcoming_events(limit=5))
    parts = (
        sorted(request.GET.lists()),
        request.scheme,
        request.get_host(),
        page.pk,
        translation.get_language(),
        [(event.pk, event.event_start.isoformat()) for event in upcoming],
    )

    def build():
        context = {**page.get_context(request), **listing_context(request, page, filters, upcoming)}
        return render_to_string(LISTING_BODY, context, request)

    body = fragment_cache.kept("news-listing", parts, build, request, subjects=("pages", "fragments"))
    context = page.get_context(request)
    context.update({"filters": filters, "ignored": ignored, "listing_body": mark_safe(body)})
    return TemplateResponse(request, "news/news_index_page.html", context)


LISTING_BODY = "news/includes/listing_body.html"


def listing_context(request, page, filters, upcoming):
    articles = page.articles()
    if "chuyen-muc" in filters:
        articles = articles.filter(category=filters["chuyen-muc"])
    if "nam" in filters:
        articles = articles.filter(date__year=filters["nam"])
    if "thang" in filters:
        articles = articles.filter(date__month=filters["thang"])
    if "the" in filters:
        articles = articles.filter(tags__slug=filters["the"])
    months = (
        page.articles()
        .annotate(y=ExtractYear("date"), m=ExtractMonth("date"))
        .values("y", "m")
        .annotate(n=Count("pk"))
        .order_by("-y", "-m")
    )
    return {
        "articles": paginate(request, articles),
        "filters": filters,
        "categories": list(Category),  # each links to its public slug, ?chuyen-muc=diem-tin
        "months": list(months),
        "tags": Tag.objects.filter(news_articletag_items__content_object__live=True)
        .annotate(n=Count("news_articletag_items"))
        .order_by("-n", "name")[:20],
        "upcoming": upcoming,
        "selected_category": filters.get("chuyen-muc"),
        "category_label": filters["chuyen-muc"].label if "chuyen-muc" in filters else None,
    }


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Địa chỉ thư điện tử"), max_length=254)
    consent = forms.BooleanField(
        label=_("Tôi đồng ý để Cổng dùng địa chỉ này chỉ để gửi bản tin, và biết có thể hủy bất cứ lúc nào."),
        error_messages={"required": _("Hãy đánh dấu đồng ý để nhận bản tin.")},
    )


def subscribe(request, page):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and not subscriptions.allow_request(request):
        form.add_error(None, _("Có quá nhiều yêu cầu đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau một giờ."))
        context = page.get_context(request)
        context.update({"form": form, "sent": False})
        return TemplateResponse(request, "news/subscribe.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        subscriptions.request_subscription(request, page, form.cleaned_data["email"])
        # The same answer whether the address was new, pending or confirmed: nothing leaks.
        return redirect(url_with_query(page_route_url(page, "subscribe", request=request), {"da-gui": "1"}))
    context = page.get_context(request)
    context.update({"form": form, "sent": request.GET.get("da-gui") == "1"})
    return TemplateResponse(request, "news/subscribe.html", context, status=400 if form.errors else 200)


def confirm_subscription(request, page, token):
    email = subscriptions.read_token(token, purpose="confirm")
    subscriber = Subscriber.objects.filter(email=email).first() if email else None
    if subscriber is not None and not subscriber.is_confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    context = page.get_context(request)
    context["outcome"] = "confirmed" if subscriber is not None else "invalid"
    return TemplateResponse(request, "news/subscription_result.html", context, status=200 if subscriber else 400)


@csrf_exempt  # the signed token is the credential; mail clients send one-click POSTs (RFC 8058)
def legacy_unsubscribe(request):
    """/ban-tin/huy-dang-ky/, the address in bulletins already sent, now the bulletin page's
    "unsubscribe" route. While the page is at /ban-tin/ the route answers here; once an editor
    renames the page, a link is sent permanently to the new address, and a mail program's one-click
    POST (which does not follow redirects reliably) is answered here."""
    page = BulletinIndexPage.objects.live().first()
    if page is None:
        raise Http404
    url = page_route_url(page, "unsubscribe", request=request)
    if url != request.path and request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(url_with_query(url, request.GET))
    return unsubscribe(request, page, request.GET.get("t", ""))


def unsubscribe(request, page, token):
    email = subscriptions.read_token(token, purpose="unsubscribe")
    context = page.get_context(request)
    if email is None:
        context["outcome"] = "invalid"
        return TemplateResponse(request, "news/subscription_result.html", context, status=400)
    if request.method == "POST":
        Subscriber.objects.filter(email=email).delete()
        context["outcome"] = "unsubscribed"
        return TemplateResponse(request, "news/subscription_result.html", context)
    context.update({"outcome": "ask", "email": email, "token": token})
    return TemplateResponse(request, "news/subscription_result.html", context)


def article_citations(request, document):
    """The articles that concern a legal document, for its page in the library."""
    articles = (
        ArticlePage.objects.live().public().filter(document_links__document=document).distinct().order_by("-date")[:20]
    )
    if not articles:
        return None
    return {"title": _("Tin bài liên quan"), "items": [{"url": a.url, "title": a.title} for a in articles]}

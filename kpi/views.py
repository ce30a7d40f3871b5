import hashlib

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.csp import CSP, build_policy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_safe

from kpi import embeds, progress, rollup
from kpi.chart import chart
from kpi.models import Indicator, KpiDashboardPage, Measurement, Pillar, Plan, Review, Target, format_number
from portal.models import Organisation
from portal.navigation import absolute_route_url
from portal.params import Choice, Integer, read_filters, url_with_query
from portal.search import cache
from portal.streaming import csv_response, json_response

PLAN_RELATED = ("document__document_type", "place")


def indicators_queryset(few=False):
    """Indicators with their targets (and each target's plan) and measurements. For a long list
    the plans are prefetched: a handful of them serve hundreds of targets, and each is built once
    and shared instead of once a row (most of the dashboard's time went to building them). For a
    few indicators (the home page's block) joining them saves that query."""
    # Ties (two indicators of one name, targets without a sort order, two figures of one year) are
    # broken by the primary key, the order SQLite gave them: PostgreSQL gave them in any order.
    targets = Target.objects.order_by("sort_order", "pk")
    if few:
        targets = Prefetch("targets", queryset=targets.select_related(*(f"plan__{r}" for r in PLAN_RELATED)))
        plans = []
    else:
        targets = Prefetch("targets", queryset=targets)
        plans = [Prefetch("targets__plan", queryset=Plan.objects.select_related(*PLAN_RELATED))]
    approved = Measurement.objects.filter(review=Review.APPROVED).order_by("year", "pk")
    return (
        Indicator.objects.select_related("place")
        .prefetch_related(
            # Only approved measurements are public (kpi/data_entry.py: reviewers approve what units send).
            targets,
            *plans,
            Prefetch("measurements", queryset=approved),
        )
        .order_by(*Indicator._meta.ordering, "pk")
    )


class Kept(cache.Answers):
    """What the dashboard and the home page's indicators keep between requests (portal/search/cache.py):
    under the database's "kpi" generation, which triggers renew on any write to the tables they read
    (kpi/apps.py), and the "pages" one (they hold the pages' URLs), for this release's code
    (`code_version`). KPI_CACHE_TIMEOUT 0 turns it off."""

    def __init__(self):
        super().__init__(("kpi", "pages"), seconds=settings.KPI_CACHE_TIMEOUT, prefix="kpi")

    def get(self, name, parts, compute):
        return super().get(name, [code_version(), *parts], compute)


def answers():
    """A request's Kept: its generations are read at its first lookup."""
    return Kept()


def code_version():
    """A digest of what decides the kept figures and HTML besides the data: the app's code, its
    templates and the translations. A cache shared with an earlier release's workers (Redis) never
    serves what that release computed."""
    global _code_version
    if _code_version is None:
        base = settings.BASE_DIR
        paths = [*base.joinpath("kpi").glob("*.py"), *base.joinpath("templates", "kpi").rglob("*.html")]
        paths += base.joinpath("locale").glob("*/LC_MESSAGES/django.mo")
        digest = hashlib.blake2b(digest_size=8)
        for path in sorted(paths):
            digest.update(f"{path.relative_to(base)}\n".encode())
            digest.update(path.read_bytes())
        _code_version = digest.hexdigest()
    return _code_version


_code_version = None


def filter_choices():
    plans = {p.slug: p for p in Plan.objects.select_related("document__document_type", "place")}
    # The places are the bodies that plans or indicators are made for, keyed by the area's slug.
    used = Organisation.objects.filter(Q(indicators__isnull=False) | Q(plans__isnull=False)).distinct()
    places = {p.area_key: p for p in sorted(used, key=lambda p: p.area_label)}
    return plans, places


def parse_filters(params, kept=None):
    """The filters of the query string (`kept`: an `answers()` that keeps the choices)."""
    plans, places = kept.get("choices", [], filter_choices) if kept else filter_choices()
    filters, ignored = read_filters(
        params,
        [
            Choice("ke-hoach", plans),
            Choice("dia-phuong", places),
            Integer("nam", 2000, 2100),
            Choice("tinh-trang", progress.STATUS_LABELS.keys()),
        ],
    )
    return filters, ignored, plans, places


def filtered_indicators(filters):
    """The indicators under the place, plan and year filters (the status is computed per row)."""
    indicators = indicators_queryset()
    if "dia-phuong" in filters:
        indicators = indicators.filter(place=filters["dia-phuong"])
    # Plan and year must hold for the same target: one filter() over the relation.
    target = {}
    if "ke-hoach" in filters:
        target["targets__plan"] = filters["ke-hoach"]
    if "nam" in filters:
        target["targets__year"] = filters["nam"]
    if target:
        indicators = indicators.filter(**target).distinct()
    return indicators


def summaries(filters, today_year=None):
    indicators = filtered_indicators(filters)
    rows = [
        indicator.summary(today_year, plan=filters.get("ke-hoach"), year=filters.get("nam")) for indicator in indicators
    ]
    counts = dict.fromkeys(progress.STATUS_ORDER, 0)
    for row in rows:
        counts[row["headline"].status] += 1
    everything = rows
    if "tinh-trang" in filters:
        rows = [row for row in rows if row["headline"].status == filters["tinh-trang"]]
    return rows, counts, everything


EXPORT_CHUNK = 500  # indicators read (with their targets and measurements) at a time


def iter_summaries(filters, today_year=None):
    """The summaries of `summaries`, one at a time over a chunked iterator: constant memory."""
    indicators = filtered_indicators(filters).iterator(chunk_size=EXPORT_CHUNK)
    for indicator in indicators:
        row = indicator.summary(today_year, plan=filters.get("ke-hoach"), year=filters.get("nam"))
        if "tinh-trang" not in filters or row["headline"].status == filters["tinh-trang"]:
            yield row


def count_summaries(filters):
    """How many rows `iter_summaries` gives: one COUNT, unless the status filter needs the rows."""
    if "tinh-trang" not in filters:
        return filtered_indicators(filters).count()
    return sum(1 for _row in iter_summaries(filters))


class Dashboard:
    """What the dashboard shows under its filters (the form's choices, the counts, the roll-ups and
    the cards), computed on first use. `render` gives it rendered, kept under `kept` (answers())
    for the data's state, the page, the language, the year the statuses are judged in and the
    filters: a request that finds it computes and renders nothing of it."""

    def __init__(self, page, filters, plans, places, today_year, kept=None):
        self.page, self.filters, self.plans, self.places = page, filters, plans, places
        self.today_year = today_year
        self.kept = kept

    def key(self):
        filters = self.filters
        return [
            self.page.pk,
            translation.get_language(),
            self.today_year,
            filters["ke-hoach"].slug if "ke-hoach" in filters else "",
            filters["dia-phuong"].area_key if "dia-phuong" in filters else "",
            filters.get("nam", ""),
            filters.get("tinh-trang", ""),
        ]

    def render(self, render):
        """render(values) -> the HTML, once per key while the data stays the same."""
        if self.kept is None:
            return render(self.values)
        return self.kept.get("dashboard", self.key(), lambda: render(self.values))

    def __getitem__(self, name):
        return self.values[name]

    @cached_property
    def values(self):
        filters, plans = self.filters, self.plans
        rows, counts, everything = summaries(filters, self.today_year)
        groups = []
        for pillar in Pillar:
            members = [row for row in rows if row["indicator"].pillar == pillar]
            if members:
                groups.append({"key": pillar.slug, "label": pillar.label, "rows": members})
        years = sorted(set(Target.objects.values_list("year", flat=True).distinct()))
        # Unfiltered by plan and year, the rows already judge each plan's nearest target: reuse them.
        reuse = None if "ke-hoach" in filters or "nam" in filters else {row["indicator"].pk: row for row in everything}
        plan_rollups = rollup.by_plan(
            [row["indicator"] for row in everything],
            {plan.pk: plan for plan in plans.values()},
            today_year=self.today_year,
            summaries=reuse,
        )
        for group in plan_rollups:
            group.url = url_with_query(self.page.url, {"ke-hoach": group.key})
        return {
            "groups": groups,
            # The roll-ups ignore the status filter: a pillar's progress is over all its indicators.
            "rollup_tables": [
                (_("Theo trụ cột"), rollup.by_pillar(everything), False),
                (_("Theo kế hoạch"), plan_rollups, True),
            ],
            "counts": [(status, progress.STATUS_LABELS[status], counts[status]) for status in progress.STATUS_ORDER],
            "total": sum(counts.values()),
            "plans": plans.values(),
            "places": self.places.values(),
            "years": years,
            "statuses": list(progress.STATUS_LABELS.items()),
            "selected": {
                "ke_hoach": filters["ke-hoach"].slug if "ke-hoach" in filters else "",
                "dia_phuong": filters["dia-phuong"].area_key if "dia-phuong" in filters else "",
                "nam": filters.get("nam", ""),
                "tinh_trang": filters.get("tinh-trang", ""),
            },
        }


def dashboard_view(request, page):
    # A preview shows the page as edited, not as kept.
    kept = None if getattr(request, "is_preview", False) else answers()
    filters, ignored, plans, places = parse_filters(request.GET, kept)
    today_year = timezone.localdate().year
    context = page.get_context(request)
    context.update(
        {
            # The template renders it through {% kept_rendered dashboard %} (kpi_tags).
            "dashboard": Dashboard(page, filters, plans, places, today_year, kept),
            "filters": filters,
            "ignored": ignored,
        }
    )
    if "ke-hoach" in filters:
        context["embed"] = embeds.snippets(request, embeds.KINDS["ke-hoach"], filters["ke-hoach"])
    return TemplateResponse(request, "kpi/kpi_dashboard_page.html", context)


def indicator_view(request, page, slug):
    from kpi import compare

    indicator = indicators_queryset().filter(slug=slug).first()
    if indicator is None:
        raise Http404
    today_year = timezone.localdate().year
    targets = sorted(indicator.targets.all(), key=lambda t: (t.year, t.plan.slug))
    context = page.get_context(request)
    context.update(
        {
            "indicator": indicator,
            "summary": indicator.summary(today_year),
            "targets": [(target, indicator.assess(target, today_year)) for target in targets],
            "measurements": list(indicator.measurements.all()),
            "chart": chart(indicator, targets),
            "comparison": compare.comparison(indicator),
            "embed": embeds.snippets(request, embeds.KINDS["chi-tieu"], indicator),
        }
    )
    return TemplateResponse(request, "kpi/indicator.html", context)


def export_rows(request, filters):
    indicator_url = absolute_route_url(request, KpiDashboardPage, "indicator", "slug")
    for row in iter_summaries(filters):
        indicator = row["indicator"]
        yield {
            "ma": indicator.slug,
            "chi_tieu": indicator.name,
            "tru_cot": indicator.get_pillar_display(),
            "dia_phuong": indicator.place.area_label,
            "don_vi": indicator.unit,
            "loai": indicator.kind,
            "so_sanh": indicator.comparator,
            "tinh_trang": str(row["headline"].label),
            "tien_do": row["headline"].progress,
            "url": indicator_url(indicator.slug),
            "muc_tieu": [
                {
                    "ke_hoach": target.plan.label,
                    "nam": target.year,
                    "gia_tri": format_number(target.value),
                    "hien_thi": target.display_with_unit,
                    "tinh_trang": str(indicator.assess(target).label),
                    "doan_trich": target.passage,
                }
                for target in sorted(indicator.targets.all(), key=lambda t: (t.year, t.plan.slug))
                if ("ke-hoach" not in filters or target.plan_id == filters["ke-hoach"].pk)
                and ("nam" not in filters or target.year == filters["nam"])
            ],
            "so_do": [
                {
                    "nam": m.year,
                    "gia_tri": m.display,
                    "hien_thi": m.display_with_unit,
                    "nguon": m.source,
                    "ngay_cong_bo": m.reported_on.isoformat() if m.reported_on else "",
                }
                for m in indicator.measurements.all()
            ],
        }


@require_GET
def legacy_export(request, fmt):
    """The exports' old addresses, /chi-tieu/export.csv and .json: permanently to the dashboard
    page's "export" route, the filters kept."""
    from portal.navigation import redirect_to_route

    if fmt not in EXPORT_FORMATS:
        raise Http404
    return redirect_to_route(request, KpiDashboardPage, "export", fmt=fmt)


EXPORT_FORMATS = ("csv", "json")


def export_view(request, fmt):
    """The dashboard's open-data export ("export" route of the dashboard page): CSV or JSON."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filters, _ignored, _plans, _places = parse_filters(request.GET)
    filename = f"chi-tieu.{fmt}"
    rows = export_rows(request, filters)
    if fmt == "json":
        value = {"count": count_summaries(filters), "indicators": rows}
        return json_response(value, filename, indent=1, request=request)
    header = ["ma", "chi_tieu", "tru_cot", "dia_phuong", "don_vi", "tinh_trang", "tien_do",
              "ke_hoach", "nam", "muc_tieu", "tinh_trang_muc_tieu", "so_do_moi_nhat", "nguon", "url"]  # fmt: skip
    return csv_response(export_csv_rows(rows), filename, header=header, request=request)


def export_csv_rows(rows):
    """A CSV line per target of each indicator (one line when it has none), with its latest measurement."""
    for row in rows:
        latest = row["so_do"][-1] if row["so_do"] else {"gia_tri": "", "nguon": ""}
        for target in row["muc_tieu"] or [{"ke_hoach": "", "nam": "", "gia_tri": "", "tinh_trang": ""}]:
            yield [row["ma"], row["chi_tieu"], row["tru_cot"], row["dia_phuong"], row["don_vi"],
                   row["tinh_trang"], row["tien_do"], target["ke_hoach"], target["nam"], target["gia_tri"],
                   target["tinh_trang"], latest["gia_tri"], latest["nguon"], row["url"]]  # fmt: skip


# --- Outside embeds (kpi.embeds) ----------------------------------------------------------------

EMBED_LANGUAGE = "vi"  # the cards are Vietnamese whatever the reader's interface language


def embed_kind(key):
    kind = embeds.KINDS.get(key)
    if kind is None:
        raise Http404
    return kind


def cacheable_embed(response):
    """Public for EMBED_MAX_AGE seconds, in browsers, nginx and the server's page cache (purged on
    change); the same for every reader, so no Vary: Cookie (portal.middleware.LanguageMiddleware)."""
    response["Cache-Control"] = f"public, max-age={embeds.EMBED_MAX_AGE}"
    response["Content-Language"] = EMBED_LANGUAGE
    response.language_independent = True
    return response


def embed_object(kind, slug):
    obj = kind.get(slug)
    if obj is None:
        raise Http404
    return obj


@require_safe
@xframe_options_exempt
def embed_frame_view(request, kind, slug):
    """The card as a page for an iframe: framable by the allowed origins only, no script, no cookie."""
    kind = embed_kind(kind)
    obj = embed_object(kind, slug)
    with translation.override(EMBED_LANGUAGE):
        context = kind.context(obj)
        page_url = kind.page_url(obj)
        context.update(
            {
                "kind": kind,
                "title": kind.title(obj),
                "page_url": request.build_absolute_uri(page_url) if page_url else None,
                "provider_name": embeds.PROVIDER_NAME,
            }
        )
        html = render_to_string(kind.template, context)
    response = cacheable_embed(HttpResponse(html))
    # The view's own policy: the site's, with the allowed origins as frame-ancestors (Django's
    # ContentSecurityPolicyMiddleware leaves a header the view has set).
    policy = {**settings.SECURE_CSP, "script-src": [CSP.NONE], "frame-ancestors": embeds.frame_ancestors(request)}
    response[str(CSP.HEADER_ENFORCE)] = build_policy(policy)
    return response


@require_safe
def embed_svg_view(request, kind, slug):
    """The card as a static SVG image, for places that cannot show a frame."""
    kind = embed_kind(kind)
    obj = embed_object(kind, slug)
    with translation.override(EMBED_LANGUAGE):
        context = kind.context(obj)
        card = embeds.SvgCard(width=kind.width)
        kind.svg(card, obj, context)
        page_url = kind.page_url(obj)
        if page_url:
            card.text(request.build_absolute_uri(page_url), size=11, style="muted", max_lines=1)
        svg = render_to_string(
            "kpi/embed/card.svg",
            {"card": card, "title": kind.title(obj), "provider_name": embeds.PROVIDER_NAME},
        )
    response = cacheable_embed(HttpResponse(svg, content_type="image/svg+xml; charset=utf-8"))
    # Other sites' pages may show the image (Cross-Origin-Embedder-Policy pages included).
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_safe
def oembed_view(request):
    """oEmbed 1.0 (https://oembed.com): a "rich" answer whose html is the card's iframe, for a
    card's URL or the portal page a card summarises. JSON only (501 for XML); 404 for other URLs."""
    fmt = request.GET.get("format", "json")
    if fmt != "json":
        return HttpResponse(f"format={fmt} is not implemented; use format=json", status=501, content_type="text/plain")
    url = request.GET.get("url", "").strip()
    if not url:
        return HttpResponseBadRequest("url is required", content_type="text/plain")
    found = embeds.find(url, request)
    if found is None:
        raise Http404
    kind, obj = found
    width, height = kind.width, kind.height
    for name in ("maxwidth", "maxheight"):
        value = request.GET.get(name, "")
        if value.isdigit() and int(value) > 0:
            if name == "maxwidth":
                width = min(width, int(value))
            else:
                height = min(height, int(value))
    with translation.override(EMBED_LANGUAGE):
        snippet = embeds.snippets(request, kind, obj, width=width, height=height)
        data = {
            "version": "1.0",
            "type": "rich",
            "title": snippet["title"],
            "provider_name": str(embeds.PROVIDER_NAME),
            "provider_url": request.build_absolute_uri("/"),
            "html": snippet["iframe"],
            "width": width,
            "height": height,
            "cache_age": embeds.EMBED_MAX_AGE,
        }
    response = cacheable_embed(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))
    response["Access-Control-Allow-Origin"] = "*"
    return response

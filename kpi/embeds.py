"""Cards for other sites: an indicator or a plan's summary as an iframe page, a static SVG image
and an oEmbed answer (the views are in kpi/views.py, the routes in kpi/urls.py).

Each kind of card is an EmbedKind in KINDS, keyed by the URL segment it lives under:
/nhung/<key>/<slug>/ (the HTML page for a frame), /nhung/<key>/<slug>.svg (the image) and the
oEmbed endpoint, which recognises both and the portal page the card summarises. A new kind (the
DX index's ranking, issue 15) is a subclass registered with `register`: the routes, the oEmbed
endpoint, the snippet, the frame policy and the purge on change come with it.

The frame page may be framed only by the origins an administrator lists in "Nhúng chỉ tiêu"
(EmbedSettings): its Content-Security-Policy says frame-ancestors 'self' and those, and it has no
X-Frame-Options; every other page keeps frame-ancestors 'none'. The answers set no cookie and do
not vary on one (always Vietnamese), so nginx and the server's page cache keep them
(Cache-Control public, EMBED_MAX_AGE); a change to an indicator, a target, a measurement, a plan or
to the allowed origins purges them (`connect_signals`).
"""

import re
import textwrap
import threading
from urllib.parse import parse_qs, urlencode, urlsplit

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMBED_MAX_AGE = 300
PROVIDER_NAME = _("Cổng Chuyển đổi số TP. Hồ Chí Minh")
SINGLE_SEGMENT = re.compile(r"([-a-zA-Z0-9_]+)/")

KINDS = {}


def register(kind_class):
    """Add a kind of card (a class decorator): its key is its URL segment."""
    kind = kind_class()
    KINDS[kind.key] = kind
    return kind_class


class EmbedKind:
    key = ""  # URL segment, /nhung/<key>/<slug>/
    heading = ""  # of the page's disclosure with the snippets ("Nhúng chỉ tiêu này")
    template = ""  # the frame page's template
    width = 400
    height = 360

    def get(self, slug):
        """The object shown at `slug` with what its card needs (a constant number of queries), or None."""
        raise NotImplementedError

    def slug(self, obj):
        return obj.slug

    def title(self, obj):
        raise NotImplementedError

    def context(self, obj):
        """The frame page's context (and the SVG's, through `svg`)."""
        raise NotImplementedError

    def svg(self, card, obj, context):
        """Fill the SvgCard `card` from `context`."""
        raise NotImplementedError

    def page_url(self, obj):
        """The portal page the card summarises (a path), or None."""
        raise NotImplementedError

    def slug_from_page(self, path, query):
        """The slug whose portal page is at `path` with `query` (a dict of lists), or None: the
        oEmbed endpoint accepts the page's own URL."""
        return None

    # --- addresses ---

    def frame_path(self, slug):
        return reverse("kpi_embed", kwargs={"kind": self.key, "slug": slug})

    def svg_path(self, slug):
        return reverse("kpi_embed_svg", kwargs={"kind": self.key, "slug": slug})


def snippets(request, kind, obj, width=None, height=None):
    """What the page's "Nhúng" disclosure offers and the oEmbed answer's html: absolute URLs."""
    from django.utils.html import format_html

    slug = kind.slug(obj)
    frame_url = request.build_absolute_uri(kind.frame_path(slug))
    svg_url = request.build_absolute_uri(kind.svg_path(slug))
    page_url = kind.page_url(obj)
    page_url = request.build_absolute_uri(page_url) if page_url else frame_url
    title = kind.title(obj)
    iframe = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" style="border:0;max-width:100%"></iframe>',
        frame_url,
        title,
        width or kind.width,
        height or kind.height,
    )
    image = format_html('<a href="{}"><img src="{}" alt="{}" width="{}"></a>', page_url, svg_url, title, kind.width)
    oembed = request.build_absolute_uri(reverse("kpi_oembed") + "?" + urlencode({"url": page_url, "format": "json"}))
    return {
        "kind": kind,
        "title": title,
        "frame_url": frame_url,
        "svg_url": svg_url,
        "page_url": page_url,
        "iframe": str(iframe),
        "image": str(image),
        "oembed_url": oembed,
    }


def find(url, request):
    """(kind, object) for a URL the oEmbed endpoint is asked about: a card's frame page or image,
    or the portal page a card summarises, on this site; None otherwise."""
    from django.urls import Resolver404, resolve
    from wagtail.models import Site

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    hosts = {request.get_host().lower()}
    for hostname, port in Site.objects.values_list("hostname", "port"):
        hosts |= {hostname.lower(), f"{hostname}:{port}".lower()}
    if parts.netloc.lower() not in hosts:
        return None
    path = parts.path or "/"
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.url_name in ("kpi_embed", "kpi_embed_svg"):
        kind, slug = KINDS.get(match.kwargs["kind"]), match.kwargs["slug"]
    else:
        query = parse_qs(parts.query)
        kind = slug = None
        for candidate in KINDS.values():
            slug = candidate.slug_from_page(path, query)
            if slug:
                kind = candidate
                break
    if kind is None or not slug:
        return None
    obj = kind.get(slug)
    return (kind, obj) if obj is not None else None


# --- the SVG image -----------------------------------------------------------------------------


# The colours of the portal's stylesheet (AA on white), as SVG presentation attributes: an image
# with a <style> element would fall foul of the site's style-src when opened on its own.
INK, MUTED, BLUE = "#1b1f24", "#4a5560", "#0b4f8a"
STATUS_COLOURS = {"dat": "#0a6b47", "dung-tien-do": BLUE, "cham": "#8a5300", "khong-dat": "#a01b1b"}
STYLES = {
    "": {"fill": INK, "weight": "400"},
    "title": {"fill": INK, "weight": "700"},
    "value": {"fill": BLUE, "weight": "700"},
    "muted": {"fill": MUTED, "weight": "400"},
}


def status_style(status):
    return {"fill": STATUS_COLOURS.get(status, MUTED), "weight": "600"}


class SvgCard:
    """Lines of text laid out top to bottom on a card of fixed width (SVG has no text wrapping:
    lines are wrapped here, by a conservative width per character)."""

    PADDING = 16

    def __init__(self, width=400):
        self.width = width
        self.y = self.PADDING
        self.items = []

    def text(self, text, size=14, style="", max_lines=None, gap=4):
        """`style`: a key of STYLES, or a status (kpi.progress) for its colour."""
        look = STYLES.get(style) or status_style(style)
        # Average glyph width of a sans-serif face ~0.55 em; Vietnamese capitals a little wider.
        per_line = max(10, int((self.width - 2 * self.PADDING) / (size * 0.56)))
        lines = textwrap.wrap(" ".join(str(text).split()), per_line) or [""]
        if max_lines and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
        for line in lines:
            self.y += round(size * 1.3)
            self.items.append({"kind": "text", "x": self.PADDING, "y": self.y, "size": size, "text": line, **look})
        self.y += gap

    def bar(self, percent, status):
        inner = self.width - 2 * self.PADDING
        self.y += 4
        self.items.append(
            {
                "kind": "bar",
                "x": self.PADDING,
                "y": self.y,
                "width": inner,
                "fill": round(inner * max(0, min(100, percent)) / 100),
                "colour": status_style(status)["fill"],
            }
        )
        self.y += 12

    @property
    def height(self):
        return self.y + self.PADDING


# --- kinds -------------------------------------------------------------------------------------


@register
class IndicatorEmbed(EmbedKind):
    key = "chi-tieu"
    heading = _("Nhúng chỉ tiêu này")
    template = "kpi/embed/indicator.html"
    height = 440

    def get(self, slug):
        from kpi.views import indicators_queryset

        return indicators_queryset(few=True).filter(slug=slug).first()

    def title(self, obj):
        return obj.name

    def page_url(self, obj):
        return obj.get_absolute_url()

    def slug_from_page(self, path, query):
        from kpi.models import KpiDashboardPage
        from portal.navigation import singleton_page_base_url

        base = singleton_page_base_url(KpiDashboardPage)
        if base is None or not path.startswith(base):
            return None
        match = SINGLE_SEGMENT.fullmatch(path[len(base) :])
        return match.group(1) if match else None

    def context(self, obj):
        summary = obj.summary(timezone.localdate().year)
        latest = summary["latest"]
        source_url = ""
        if latest is not None:
            source_url = latest.source_url
        return {"indicator": obj, "summary": summary, "latest": latest, "source_url": source_url}

    def svg(self, card, obj, context):
        summary, latest = context["summary"], context["latest"]
        card.text(_("Chỉ tiêu chuyển đổi số") + " · " + obj.place.area_label, size=12, style="muted")
        card.text(obj.name, size=17, style="title", max_lines=3)
        if latest is not None:
            card.text(_("Số đo mới nhất (%(year)s)") % {"year": latest.year}, size=12, style="muted", gap=0)
            card.text(latest.display_with_unit, size=26, style="value")
            card.text(_("Nguồn: %(source)s") % {"source": latest.source}, size=12, style="muted", max_lines=2)
        else:
            card.text(_("Chưa có số liệu đo."), size=15, style="value")
        for target, _assessment in summary["targets"]:
            card.text(
                _("Mục tiêu %(year)s: %(value)s (%(plan)s)")
                % {"year": target.year, "value": target.display_with_unit, "plan": target.plan.short_label},
                size=13,
                max_lines=2,
            )
        headline = summary["headline"]
        status = str(headline.label)
        if headline.has_progress:
            status += " · " + str(_("tiến độ %(progress)s%%") % {"progress": headline.progress})
        card.text(status, size=14, style=headline.status)
        if headline.has_progress:
            card.bar(headline.progress, headline.status)


@register
class PlanEmbed(EmbedKind):
    key = "ke-hoach"
    heading = _("Nhúng tóm tắt kế hoạch này")
    template = "kpi/embed/plan.html"
    height = 520
    SHOWN = 5  # indicators with a measurement listed on the card; the rest are counted

    def get(self, slug):
        from kpi.models import Plan

        return Plan.objects.select_related("document__document_type", "place").filter(slug=slug).first()

    def title(self, obj):
        return str(_("%(plan)s: tiến độ các chỉ tiêu") % {"plan": obj.short_label})

    def page_url(self, obj):
        from kpi.models import KpiDashboardPage
        from portal.navigation import singleton_page_base_url

        base = singleton_page_base_url(KpiDashboardPage)
        return f"{base}?{urlencode({'ke-hoach': obj.slug})}" if base else None

    def slug_from_page(self, path, query):
        from kpi.models import KpiDashboardPage
        from portal.navigation import singleton_page_base_url

        if path != singleton_page_base_url(KpiDashboardPage) or set(query) != {"ke-hoach"}:
            return None
        return query["ke-hoach"][0]

    def context(self, obj):
        from kpi import progress
        from kpi.embed import rows_for

        rows = rows_for(plan=obj)
        counts = dict.fromkeys(progress.STATUS_ORDER, 0)
        for row in rows:
            counts[row["headline"].status] += 1
        measured = [row for row in rows if row["latest"] is not None]
        return {
            "plan": obj,
            "total": len(rows),
            "counts": [(code, progress.STATUS_LABELS[code], counts[code]) for code in progress.STATUS_ORDER],
            "measured": measured[: self.SHOWN],
            "measured_count": len(measured),
            "more": max(0, len(measured) - self.SHOWN),
        }

    def svg(self, card, obj, context):
        card.text(_("Kế hoạch") + " · " + obj.place.area_label, size=12, style="muted")
        card.text(obj.short_label, size=17, style="title", max_lines=3)
        if obj.label != obj.title:
            card.text(obj.title, size=12, style="muted", max_lines=3)
        card.text(
            _("%(total)s chỉ tiêu, %(measured)s có số đo")
            % {"total": context["total"], "measured": context["measured_count"]},
            size=14,
        )
        for code, label, count in context["counts"]:
            card.text(f"{label}: {count}", size=14, style=code, gap=0)
        card.y += 6
        for row in context["measured"]:
            latest = row["latest"]
            card.text(
                f"{row['indicator'].name}: {latest.display_with_unit} ({latest.year}) · {row['headline'].label}",
                size=12,
                max_lines=2,
                gap=2,
            )


# --- purging -----------------------------------------------------------------------------------


def card_urls(kind, slugs):
    """The full URLs of the cards of `slugs` on every site (the server's page cache drops every
    query-string variant of a path; nginx refreshes these)."""
    from wagtail.models import Site

    roots = [site.root_url for site in Site.objects.all()]
    urls = []
    for slug in slugs:
        for path in (kind.frame_path(slug), kind.svg_path(slug)):
            urls += [root + path for root in roots]
    return urls


def purge_cards(indicator_ids=(), plan_ids=(), everything=False, deleted_slugs=()):
    """Purge the cards of these indicators and plans (and every plan card showing one of the
    indicators), the oEmbed answers, and the pages showing the same numbers: the indicators'
    pages, the dashboard and the home page. `everything`: every card (the allowed origins changed).
    `deleted_slugs`: indicators deleted meanwhile, whose cards and pages are gone."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Site

    from kpi.models import Indicator, KpiDashboardPage, Plan, Target
    from portal import page_cache

    if not page_cache.purging():
        return
    changed_slugs = list(Indicator.objects.filter(pk__in=set(indicator_ids)).values_list("slug", flat=True))
    changed_slugs = sorted({*changed_slugs, *deleted_slugs})
    indicator_slugs = (
        sorted({*Indicator.objects.values_list("slug", flat=True), *changed_slugs}) if everything else changed_slugs
    )
    plans = Plan.objects.all()
    if not everything:
        linked = Target.objects.filter(indicator_id__in=set(indicator_ids)).values("plan_id")
        plans = plans.filter(pk__in=set(plan_ids)) | plans.filter(pk__in=linked)
    plan_slugs = sorted(set(plans.values_list("slug", flat=True)))
    urls = card_urls(KINDS[IndicatorEmbed.key], indicator_slugs) + card_urls(KINDS[PlanEmbed.key], plan_slugs)
    roots = [site.root_url for site in Site.objects.all()]
    urls += [root + reverse("kpi_oembed") for root in roots]
    batch = PurgeBatch(urls)
    if changed_slugs or plan_ids:
        dashboard = KpiDashboardPage.objects.live().first()
        if dashboard is not None:
            batch.add_page(dashboard)
            base = dashboard.get_full_url(batch)
            if base is not None:
                base = base.rstrip("/") + "/"
                batch.add_urls(
                    base + dashboard.reverse_subpage("indicator", kwargs={"slug": slug}) for slug in changed_slugs
                )
            site = dashboard.get_site()
            if site is not None:
                batch.add_page(site.root_page)
    page_cache.purge(batch.urls)


class PendingPurge(threading.local):
    def __init__(self):
        self.indicators = set()
        self.deleted = set()
        self.plans = set()
        self.everything = False


pending = PendingPurge()


def flush_pending():
    """Purge what the committed transaction changed, once (several rows saved in one transaction
    each scheduled this; the first run takes them all)."""
    indicators, plans, everything = set(pending.indicators), set(pending.plans), pending.everything
    deleted = set(pending.deleted)
    pending.indicators.clear()
    pending.deleted.clear()
    pending.plans.clear()
    pending.everything = False
    if indicators or plans or everything or deleted:
        purge_cards(indicators, plans, everything=everything, deleted_slugs=deleted)


def schedule(indicator_id=None, plan_id=None, everything=False, deleted_slug=None):
    from portal import page_cache

    if not page_cache.purging():
        return
    if indicator_id is not None:
        pending.indicators.add(indicator_id)
    if plan_id is not None:
        pending.plans.add(plan_id)
    if deleted_slug is not None:
        pending.deleted.add(deleted_slug)
    pending.everything |= everything
    transaction.on_commit(flush_pending)


def _indicator_changed(sender, instance, **kwargs):
    schedule(indicator_id=instance.pk)


def _indicator_deleted(sender, instance, **kwargs):
    schedule(deleted_slug=instance.slug)


def _row_changed(sender, instance, **kwargs):
    schedule(indicator_id=instance.indicator_id, plan_id=getattr(instance, "plan_id", None))


def _plan_changed(sender, instance, **kwargs):
    schedule(plan_id=instance.pk)


def _settings_changed(sender, instance, created=False, **kwargs):
    # The row Wagtail creates on the first read holds no origin: the policy is unchanged.
    if not created:
        schedule(everything=True)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from kpi.models import EmbedSettings, Indicator, Measurement, Plan, Target

    post_delete.connect(_indicator_deleted, sender=Indicator, dispatch_uid="kpi-embed-purge-indicator-deleted")
    handlers = [
        (Indicator, _indicator_changed),
        (Target, _row_changed),
        (Measurement, _row_changed),
        (Plan, _plan_changed),
        (EmbedSettings, _settings_changed),
    ]
    for model, handler in handlers:
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"kpi-embed-purge-{model.__name__}-{id(signal)}")


def frame_ancestors(request):
    """The frame-ancestors sources of the frame pages: 'self' and the allowed origins."""
    from django.utils.csp import CSP

    from kpi.models import EmbedSettings

    return [CSP.SELF, *EmbedSettings.for_request(request).origins]

"""The DX index's ranking as a card for other sites and for the portal's own pages: an EmbedKind
registered in kpi.embeds' registry (kpi never imports dxindex; this module is imported by
DxIndexConfig.ready()), so the routes /nhung/xep-hang-cds/<year>-<kind>/ (frame page) and .svg
(image), the oEmbed endpoint and the page's "Nhúng" snippets come with it.

A card is one unit type's ranking in one published period (the first TOP rows). Publishing a
period (its status saved as published) purges the cards, the public pages and the oEmbed answers
of the period from the server's page cache and nginx (`connect_signals`).
"""

import re

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kpi import embeds

KEY = "xep-hang-cds"
SLUG = re.compile(r"(\d{4})-([a-z_]+)")
TOP = 10


class RankingCard:
    """What a card shows: a period, one unit type's section of its ranking."""

    def __init__(self, period, section):
        self.period = period
        self.section = section

    @property
    def slug(self):
        return f"{self.period.year}-{self.section.kind}"


def card_for(year, kind):
    from dxindex import public

    period = public.published_period(year)
    if period is None:
        return None
    sections = public.ranking(period, kind=kind)
    return RankingCard(period, sections[0]) if sections else None


def period_page_url(year, kind):
    return f"{reverse('dxpub_period', args=[year])}?khoi={kind}"


@embeds.register
class RankingEmbed(embeds.EmbedKind):
    key = KEY
    heading = _("Nhúng bảng xếp hạng này")
    template = "dxindex/embed/ranking.html"
    width = 420
    height = 520

    def get(self, slug):
        match = SLUG.fullmatch(slug or "")
        if match is None:
            return None
        return card_for(int(match.group(1)), match.group(2))

    def slug(self, obj):
        return obj.slug

    def title(self, obj):
        return str(
            _("Xếp hạng chỉ số chuyển đổi số %(year)s: %(unit_type)s")
            % {"year": obj.period.year, "unit_type": obj.section.name}
        )

    def page_url(self, obj):
        return period_page_url(obj.period.year, obj.section.kind)

    def slug_from_page(self, path, query):
        match = re.fullmatch(r"/chi-tieu/chi-so-cds/(\d{4})/", path)
        if match is None or set(query) != {"khoi"}:
            return None
        return f"{match.group(1)}-{query['khoi'][0]}"

    def context(self, obj):
        rows = obj.section.rows
        return {
            "card": obj,
            "period": obj.period,
            "section": obj.section,
            "rows": rows[:TOP],
            "more": max(0, len(rows) - TOP),
            "total": len(rows),
        }

    def svg(self, card, obj, context):
        card.text(_("Chỉ số chuyển đổi số") + f" · {obj.period.year}", size=12, style="muted")
        card.text(obj.section.name, size=17, style="title", max_lines=2)
        for result in context["rows"]:
            card.text(
                f"{result.rank}. {result.unit_name}: {result.total.normalize():f}/{result.max_total.normalize():f}",
                size=13,
                max_lines=1,
                gap=2,
            )
        if context["more"]:
            card.text(_("và %(count)s đơn vị khác") % {"count": context["more"]}, size=12, style="muted")


def snippets_for(request, period, section):
    """The page's "Nhúng" disclosure for one unit type's ranking of a period (a public.Section)."""
    return embeds.snippets(request, embeds.KINDS[KEY], RankingCard(period, section))


# --- purging ----------------------------------------------------------------------------------


def public_paths(period):
    """The paths showing a period's results: the index, the period's ranking and exports, year over
    year, each unit's page (that period's and its latest) and the cards of each unit type."""
    from dxindex.models import PublishedResult, UnitType

    year = period.year
    paths = [reverse("dxpub_index"), reverse("dxpub_compare"), reverse("dxpub_period", args=[year])]
    paths += [reverse("dxpub_export", args=[year, fmt]) for fmt in ("csv", "json", "xlsx")]
    slugs = PublishedResult.objects.filter(period=period).values_list("unit__slug", flat=True)
    for slug in slugs:
        paths += [reverse("dxpub_unit", args=[year, slug]), reverse("dxpub_unit_latest", args=[slug])]
    kinds = UnitType.objects.filter(version_id=period.version_id).values_list("kind", flat=True)
    kind = embeds.KINDS[KEY]
    paths += [path for k in kinds for path in (kind.frame_path(f"{year}-{k}"), kind.svg_path(f"{year}-{k}"))]
    paths.append(reverse("kpi_oembed"))
    return paths


def pages_with_block():
    """The live pages whose body holds a ranking block (they render the published rows)."""
    from django.apps import apps
    from django.db.models import TextField
    from django.db.models.functions import Cast
    from wagtail.fields import StreamField
    from wagtail.models import Page

    from dxindex.blocks import BLOCK_NAME

    pages = []
    for model in apps.get_models():
        if not issubclass(model, Page) or model._meta.abstract:
            continue
        for field in model._meta.local_fields:
            if isinstance(field, StreamField) and BLOCK_NAME in field.stream_block.child_blocks:
                found = model.objects.live().annotate(_text=Cast(field.name, TextField()))
                pages += list(found.filter(_text__contains=f'"{BLOCK_NAME}"').defer_streamfields())
    return pages


def purge_period(period_id):
    """Purge what shows the period, on every site, and the pages whose body has a ranking block."""
    from wagtail.models import Site

    from dxindex.models import Period
    from portal import page_cache

    if not page_cache.purging():
        return
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        return
    roots = [site.root_url for site in Site.objects.all()]
    urls = [root + path for root in roots for path in public_paths(period)]
    for page in pages_with_block():
        urls += page_cache.page_urls(page)
    page_cache.purge(urls)


def _period_saved(sender, instance, **kwargs):
    from dxindex.models import PeriodStatus
    from portal import page_cache

    # Publishing, and any later change to a published period (or one leaving that status).
    if page_cache.purging() and (instance.status == PeriodStatus.PUBLISHED or instance.published_at):
        transaction.on_commit(lambda: purge_period(instance.pk))


def connect_signals():
    from django.db.models.signals import post_save

    from dxindex.models import Period

    post_save.connect(_period_saved, sender=Period, dispatch_uid="dxindex-purge-period")

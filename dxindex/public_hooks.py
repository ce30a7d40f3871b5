"""The public side's Wagtail hooks (the ranking block for page bodies, the sitemap's locations) and
search sources. Imported by DxIndexConfig.ready() (wagtail_hooks.py holds the admin's)."""

from wagtail import hooks


def register_search_sources():
    """Through portal.search.register: the kernel collects the hook's sources in its own ready(),
    before this app's ready() has run."""
    from dxindex.search import PublishedPeriodSource, PublishedResultSource
    from portal.search import register

    register(PublishedResultSource())
    register(PublishedPeriodSource())


@hooks.register("register_stream_blocks")
def stream_blocks():
    """The ranking block joins every page body; "dx_ranking" is the type the StreamField JSON stores."""
    from dxindex.blocks import BLOCK_NAME, RankingBlock
    from portal.blocks import PAGE_BODY, StreamBlockContribution

    return [StreamBlockContribution(BLOCK_NAME, RankingBlock, extension_points=[PAGE_BODY], order=110)]


@hooks.register("portal_sitemap_urls")
def sitemap_urls(root):
    """The public pages of published periods: the index, year over year, each period's ranking and
    each unit's result page (two queries)."""
    from django.urls import reverse

    from dxindex import public

    periods = list(public.published_periods())
    if not periods:
        return []
    latest = max(period.published_at for period in periods if period.published_at) if periods else None
    urls = [
        {"location": root + reverse("dxpub_index"), "lastmod": latest},
        {"location": root + reverse("dxpub_compare"), "lastmod": latest},
    ]
    urls += [{"location": root + reverse("dxpub_period", args=[p.year]), "lastmod": p.published_at} for p in periods]
    results = public.published_results().values_list("period__year", "unit__slug", "published_at")
    urls += [
        {"location": root + reverse("dxpub_unit", args=[year, slug]), "lastmod": published_at}
        for year, slug, published_at in results.order_by("period__year", "unit__slug")
    ]
    return urls

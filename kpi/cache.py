"""Purging the pages that show indicators when their public figures change (an approved
measurement, issue 14 item 3): the dashboard, each indicator's page (routes of the dashboard
page) and the home page (its KPI block), from both page caches (portal.page_cache)."""


def purge_indicators(indicators):
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from kpi.models import KpiDashboardPage
    from portal import page_cache

    if not page_cache.purging():
        return
    dashboard = KpiDashboardPage.objects.live().first()
    if dashboard is None:
        return
    batch = PurgeBatch()
    batch.add_page(dashboard)
    base = dashboard.get_full_url(batch)
    if base is not None:
        for indicator in indicators:
            batch.add_url(
                base.rstrip("/") + "/" + dashboard.reverse_subpage("indicator", kwargs={"slug": indicator.slug})
            )
    site = dashboard.get_site()
    if site is not None:
        batch.add_page(site.root_page)
    page_cache.purge(batch.urls)

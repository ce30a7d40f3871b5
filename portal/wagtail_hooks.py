from wagtail import hooks

from portal.search.sources import PageSource


@hooks.register("register_search_sources")
def page_search_sources():
    return [PageSource()]

"""Which pages the public may see, read once per request.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is called: the home
page's sections (the latest news, the latest bulletin, the forum's) would read them three times.
`public(queryset, request)` excludes the same pages with the restricted paths portal.chrome keeps
between requests (cleared whenever a restriction or the page tree changes)."""

from django.db.models import Q

_ATTRIBUTE = "_portal_restricted_paths"


def restricted_paths(request=None):
    """The tree paths of the pages under a view restriction (a page and its descendants are
    private), kept on the request when there is one."""
    paths = getattr(request, _ATTRIBUTE, None) if request is not None else None
    if paths is None:
        from portal.chrome import restricted_paths as cached_paths

        paths = list(cached_paths())
        if request is not None:
            setattr(request, _ATTRIBUTE, paths)
    return paths


def public(queryset, request=None):
    """The pages of `queryset` that are not in a private section: what `.public()` gives."""
    private = Q()
    for path in restricted_paths(request):
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset

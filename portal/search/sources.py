"""Search sources: what each app contributes to the index (see the module docstring of
portal.search), the registry that collects them, and the source for every live, public page."""

import datetime
import html
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.search import index


@dataclass
class SearchItem:
    """What a source says about one object: shown in the hit, matched by the engines."""

    type: str
    title: str
    url: str
    date: datetime.date | None = None
    body: str = ""
    extra: str = ""
    keys: list = field(default_factory=list)
    issuer: str = ""
    issuer_label: str = ""
    validity: str = ""


class SearchSource:
    key = ""
    types = {}
    model = None
    watch = {}
    facet_labels = {}

    def get_queryset(self):
        raise NotImplementedError

    def to_item(self, obj):
        raise NotImplementedError

    def get_objects(self, pks):
        """The public objects among these primary keys (the others are removed from the index)."""
        return list(self.get_queryset().filter(pk__in=list(pks)))

    def iter_objects(self, chunk_size=500):
        """Every public object, for a full reindex."""
        queryset = self.get_queryset().order_by("pk")
        last = None
        while True:
            batch = queryset if last is None else queryset.filter(pk__gt=last)
            batch = list(batch[:chunk_size])
            if not batch:
                return
            yield from batch
            last = batch[-1].pk

    def count(self):
        return self.get_queryset().count()

    def connect(self, update):
        """Connect extra signals; `update(source_key, pks)` refreshes those objects in the index."""

    def __repr__(self):
        return f"<{type(self).__name__} {self.key}>"


_registered = []
_collected = []


def register(source):
    """Register a source explicitly (instead of the `register_search_sources` hook)."""
    if source.key not in {s.key for s in _registered}:
        _registered.append(source)
    reset()
    return source


def reset():
    _collected.clear()
    _cache.clear()


def get_sources():
    """Every source: the hook's, then those registered explicitly. Keys are unique. Collected
    once (every save asks), after the apps' wagtail_hooks are loaded."""
    if _collected:
        return list(_collected)
    sources, seen = [], set()
    for hook in hooks.get_hooks("register_search_sources"):
        for source in hook():
            if source.key not in seen:
                seen.add(source.key)
                sources.append(source)
    for source in _registered:
        if source.key not in seen:
            seen.add(source.key)
            sources.append(source)
    _collected.extend(sources)
    return sources


_cache = {}


def get_source(key):
    """The source with this key (cached instances: sources keep no per-request state)."""
    if key not in _cache:
        _cache.update({source.key: source for source in get_sources()})
    return _cache.get(key)


def type_labels():
    labels = {}
    for source in get_sources():
        labels.update(source.types)
    return labels


def facet_labels(facet):
    """Labels of a facet's values ("validity": {"con-hieu-luc": "Còn hiệu lực", ...}) from every source."""
    labels = {}
    for source in get_sources():
        labels.update(source.facet_labels.get(facet, {}))
    return labels


def plain_text(value):
    return html.unescape(strip_tags(str(value))) if value else ""


def searchable_text(obj, exclude=("title",)):
    """The text of every index.SearchField the model declares (its search_fields), as plain text:
    StreamField and rich text included. Every searchable model declares its fields once."""
    parts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in exclude:
            continue
        try:
            model_field = obj._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            model_field = None
        if hasattr(model_field, "get_searchable_content"):
            value = getattr(obj, search_field.field_name)
            parts += [plain_text(part) for part in model_field.get_searchable_content(value) if part]
        else:
            value = search_field.get_value(obj)
            if value:
                parts.append(plain_text(value))
    return "\n".join(part for part in parts if part)


class PageSource(SearchSource):
    """Every live, public page (articles, bulletins, handbook, standard pages...). A page model says
    what type of hit it is with `search_type` and `search_type_label` (default: "trang"), and may
    give `search_date` (default: its `date` field, else when it was first published)."""

    key = "pages"
    default_type = "trang"

    @property
    def model(self):
        from wagtail.models import Page

        return Page

    @property
    def types(self):
        from wagtail.models import get_page_models

        labels = {self.default_type: _("Trang")}
        for model in get_page_models():
            if getattr(model, "search_type", None):
                labels[model.search_type] = model.search_type_label
        return labels

    @property
    def watch(self):
        from wagtail.models import Page, PageViewRestriction

        def subtree(restriction):
            return Page.objects.descendant_of(restriction.page, inclusive=True).values_list("pk", flat=True)

        return {PageViewRestriction: subtree}

    def get_queryset(self):
        from wagtail.models import Page

        return Page.objects.live().public().filter(depth__gt=1)

    def get_objects(self, pks):
        return list(self.get_queryset().filter(pk__in=list(pks)).specific())

    def iter_objects(self, chunk_size=200):
        for page in super().iter_objects(chunk_size):
            yield page.specific

    def connect(self, update):
        from wagtail.models import Page
        from wagtail.signals import post_page_move

        def moved(sender, instance, **kwargs):
            update(self.key, Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))

        post_page_move.connect(moved, weak=False, dispatch_uid="portal_search_page_move")

    def to_item(self, page):
        return SearchItem(
            type=getattr(page, "search_type", None) or self.default_type,
            title=page.title,
            url=page.url or "",
            date=page_date(page),
            body=searchable_text(page),
            extra=page.seo_title or "",
        )


# A page's own date, by the field that holds it: an article's date, an album's date. A page model
# may also define `search_date` (a bulletin: the first day of its month).
PAGE_DATE_FIELDS = ("date", "album_date")


def page_date(page):
    """The date a search hit shows for a page: its own date when it has one, else the day it was
    first published (never the day it was last saved or loaded)."""
    date = getattr(page, "search_date", None)
    if isinstance(date, datetime.date):
        return date.date() if isinstance(date, datetime.datetime) else date
    for name in PAGE_DATE_FIELDS:
        own = getattr(page, name, None)
        if isinstance(own, datetime.datetime):
            return timezone.localdate(own) if timezone.is_aware(own) else own.date()
        if isinstance(own, datetime.date):
            return own
    if page.first_published_at:
        return timezone.localdate(page.first_published_at)
    return None

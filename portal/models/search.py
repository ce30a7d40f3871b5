from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The database engine's search index: one row per published, public object that a search source
    (portal.search) contributes, with its hit fields ready to show and its text folded for matching.
    Rows are written by portal.search.indexing; an object that is not public has no row."""

    source = models.CharField(max_length=40)
    kind = models.CharField(max_length=40, db_index=True)
    object_id = models.BigIntegerField()
    title = models.TextField()
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    issuer = models.CharField(max_length=100, blank=True)
    issuer_label = models.CharField(max_length=200, blank=True)
    validity = models.CharField(max_length=40, blank=True)
    body = models.TextField(blank=True)
    # " word word " strings, so that " doi " matches a whole word on every database.
    title_folded = models.TextField(blank=True)
    title_exact = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    text_exact = models.TextField(blank=True)
    keys = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="unique_search_entry")]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class Generation(models.Model):
    """A number per subject ("search", "library") that database triggers renew on every write to
    the subject's tables (portal/generations.py): answers cached under it are never read after a
    change."""

    name = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("thế hệ dữ liệu")
        verbose_name_plural = _("thế hệ dữ liệu")

    def __str__(self):
        return f"{self.name}: {self.value}"

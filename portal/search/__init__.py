"""One search service for the whole portal, on the database or on Elasticsearch.

Every view that searches (the public page /tim-kiem/, the header's suggestions, the library's
keyword box, the forum's search) calls `portal.search.search()`, `portal.search.suggest()` or, to
narrow and rank a listing's own queryset, `portal.search.rank_queryset()`; apps never import the
engines' modules (`portal.search.database`, `portal.search.elastic`). Search and suggest give the
same results contract (`portal.search.results.SearchResults`): typed hits (title, URL,
type, date, a highlighted snippet), facet counts by type, year, issuer and validity, the total,
a Django page object, a best bet for a document number or reference code, and, when nothing
matches, a corrected query ("did you mean") or shorter queries to try.

Text is folded by one function, `portal.text.fold` (NFD, drop combining marks, đ→d, lower-case),
for every engine: the database engine stores folded copies of each text; Elasticsearch folds with
its analyzer (asciifolding, or icu_folding with the ICU plugin), which agrees with `fold` on
Vietnamese. Exact diacritics score higher when they match ("đổi" before "dời").

Search sources
==============
The service knows no model. Each app contributes *search sources*, through the Wagtail hook
`register_search_sources` (a function returning a list of sources) in its `wagtail_hooks.py`, or
through `portal.search.register(source)`. A source is an instance of `SearchSource`
(portal/search/sources.py) that declares:

    key            unique name ("documents"); the database rows' `source` and the Elasticsearch
                   index family (alias "<ELASTICSEARCH_INDEX>-<key>").
    model          the model whose saves and deletions update the index (subclasses included).
    types          {type key: translated label} of the hits it produces, e.g.
                   {"van-ban": _("Văn bản")}; the type key is also the value of the "nhom" filter.
    get_queryset() the public-only queryset: published, approved, not private. Nothing outside it
                   is ever indexed, on any engine; an object that leaves it is removed.
    to_item(obj)   a `SearchItem`: type, title, url, date, body (plain text shown in snippets),
                   extra (matched but not shown: issuer, signer, tags), keys (codes a reader types
                   whole: document numbers, reference codes, in any written form: they give the
                   best bet), and optional facet values issuer/issuer_label/validity. The hit
                   shown to the reader is built from the item, so results pages never load objects.
    watch          optional {other model: function(instance) -> pks of this source's objects to
                   update}, e.g. a document's issuer renamed.
    facet_labels   optional {"validity": {value: label}}: labels of facet values it sets.
    connect(update) optional: connect extra signals, calling update(source_key, pks).

Adding the forum's proposals (forum/search.py, then the hook in forum/wagtail_hooks.py)::

    from django.utils.translation import gettext_lazy as _
    from portal.search import SearchItem, SearchSource

    class ProposalSource(SearchSource):
        key = "proposals"
        types = {"gop-y": _("Góp ý")}

        @property
        def model(self):
            from forum.models import Proposal
            return Proposal

        def get_queryset(self):
            return self.model.objects.filter(status__in=PUBLIC_STATUSES)  # never pending/rejected

        def to_item(self, proposal):
            return SearchItem(
                type="gop-y", title=proposal.title, url=proposal.get_url(),
                date=proposal.created_at.date(), body=proposal.body,
                keys=[proposal.reference],  # "GY-2026-000123": the best bet, in any written form
            )

    # forum/wagtail_hooks.py
    @hooks.register("register_search_sources")
    def search_sources():
        from forum.search import ProposalSource
        return [ProposalSource()]

Saving or deleting a Proposal then updates the index; `python manage.py rebuild_search_index`
indexes the existing ones. Notes and other private fields must simply stay out of `to_item`.
"""

from portal.search.fulltext import IdIn, id_in
from portal.search.results import FacetValue, Hit, SearchResults
from portal.search.service import (
    match_ids,
    rank_queryset,
    rank_window,
    score_subquery,
    search,
    suggest,
)
from portal.search.sources import SearchItem, SearchSource, get_source, get_sources, register

__all__ = [
    "FacetValue",
    "Hit",
    "IdIn",
    "SearchItem",
    "SearchResults",
    "SearchSource",
    "get_source",
    "get_sources",
    "id_in",
    "match_ids",
    "rank_queryset",
    "rank_window",
    "register",
    "score_subquery",
    "search",
    "suggest",
]

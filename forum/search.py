"""The forum's search source: public proposals only (approved onwards, not hidden). Pending,
rejected, changes-requested and hidden proposals never reach the index on any engine; internal
notes, comments' authors and flags are never part of an item. The reference code ("GY-2026-000123")
is the best-bet key."""

from django.utils.translation import gettext_lazy as _

from portal.search import SearchItem, SearchSource
from portal.search.sources import plain_text


class ProposalSource(SearchSource):
    key = "proposals"
    types = {"y-kien": _("Ý kiến diễn đàn")}

    @property
    def model(self):
        from forum.models import Proposal

        return Proposal

    @property
    def watch(self):
        from forum.models import ProposalCategory, ProposalKind

        return {
            ProposalCategory: lambda category: category.proposals.values_list("pk", flat=True),
            ProposalKind: lambda kind: kind.proposals.values_list("pk", flat=True),
        }

    def get_queryset(self):
        return self.model.objects.public().select_related("kind", "category", "unit")

    def to_item(self, proposal):
        return SearchItem(
            type="y-kien",
            title=proposal.title,
            url=proposal.get_absolute_url(),
            date=(proposal.published_at or proposal.created_at).date(),
            body=plain_text(proposal.body),
            extra=" ".join(
                part
                for part in [proposal.kind.name, proposal.category.name, proposal.unit.name if proposal.unit_id else ""]
                if part
            ),
            keys=[proposal.reference] if proposal.reference else [],
        )


def reindex(*pks):
    """Refresh proposals whose visibility changed through a queryset update (no save signal)."""
    from portal.search.indexing import update

    update(ProposalSource.key, pks)

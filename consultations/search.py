"""The consultations' search source: public consultations (published, on a live draft). Comments
are not indexed: their authors are people, and the consultation's page lists them."""

from django.utils.translation import gettext_lazy as _

from portal.search import SearchItem, SearchSource


class ConsultationSource(SearchSource):
    key = "consultations"
    types = {"lay-y-kien": _("Lấy ý kiến dự thảo")}

    @property
    def model(self):
        from consultations.models import Consultation

        return Consultation

    def get_queryset(self):
        return self.model.objects.public().select_related("unit", "draft")

    def to_item(self, consultation):
        return SearchItem(
            type="lay-y-kien",
            title=consultation.title,
            url=consultation.get_absolute_url() or "",
            date=consultation.opens_at.date(),
            body=" ".join(part for part in [consultation.summary, consultation.draft.title] if part),
            extra=consultation.unit.name,
            keys=[consultation.draft.number] if consultation.draft.number else [],
        )

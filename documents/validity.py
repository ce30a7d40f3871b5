"""Validity (tình trạng hiệu lực) of a legal document, computed from its own dates and from the
published documents that replace, repeal or amend it. Never typed in, except as an editor
override that must give a reason.

Two implementations of the same rules, kept in step by the tests:
- `annotate_validity(queryset, on)`: a SQL annotation, for listings, facets and filters;
- `validity_on(document, on)`: in Python, with the events that made the status, for one page.

Rules, first match wins:
1. an editor override;
2. effective date (or, if unknown, issue date) after the day: chưa có hiệu lực;
3. expiry date on or before the day: hết hiệu lực toàn bộ;
4. a published document replaces or repeals it as a whole, effective on or before the day:
   hết hiệu lực toàn bộ;
5. a published document amends it, or replaces or repeals a part of it (the relation names the
   part), effective on or before the day: hết hiệu lực một phần;
6. neither an effective nor an issue date known: chưa xác định;
7. otherwise: còn hiệu lực.
A relation takes effect on its own date, else the acting document's effective date, else its
issue date; a relation with none of these has no effect yet.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import SlugChoices, public_slugs


@public_slugs(
    IN_FORCE="con-hieu-luc",
    PARTLY_ENDED="het-hieu-luc-mot-phan",
    ENDED="het-hieu-luc-toan-bo",
    NOT_YET="chua-co-hieu-luc",
    UNKNOWN="chua-xac-dinh",
)
class ValidityStatus(SlugChoices):
    """Stored (an editor's override) and computed in English; published (?hieu-luc=, the search
    index's facet) under the slugs above."""

    IN_FORCE = "in_force", _("Còn hiệu lực")
    PARTLY_ENDED = "partly_ended", _("Hết hiệu lực một phần")
    ENDED = "ended", _("Hết hiệu lực toàn bộ")
    NOT_YET = "not_yet", _("Chưa có hiệu lực")
    UNKNOWN = "unknown", _("Chưa xác định")


NOT_YET = ValidityStatus.NOT_YET
IN_FORCE = ValidityStatus.IN_FORCE
PARTLY_ENDED = ValidityStatus.PARTLY_ENDED
ENDED = ValidityStatus.ENDED
UNKNOWN = ValidityStatus.UNKNOWN

STATUS_CHOICES = ValidityStatus.choices
STATUS_LABELS = dict(STATUS_CHOICES)

# Relation types (documents.models.RelationType, which imports this module) that end a document.
WHOLE_ENDING = ("replaces", "repeals")
PART_ENDING = ("amends",)
ENDING_TYPES = WHOLE_ENDING + PART_ENDING


def _ending_relations(on):
    from documents.models import DocumentRelation

    return (
        DocumentRelation.objects.filter(target=OuterRef("pk"), source__live=True, relation_type__in=ENDING_TYPES)
        .annotate(takes_effect=Coalesce("effective_on", "source__effective_on", "source__issued_on"))
        .filter(takes_effect__lte=on)
    )


def annotate_validity(queryset, on=None):
    on = on or timezone.localdate()
    ending = _ending_relations(on)
    whole = ending.filter(relation_type__in=WHOLE_ENDING, scope="")
    partial = ending.filter(Q(relation_type__in=PART_ENDING) | ~Q(scope=""))
    return queryset.annotate(
        validity_code=Case(
            When(~Q(status_override=""), then=F("status_override")),
            When(effective_on__gt=on, then=Value(NOT_YET)),
            When(Q(effective_on__isnull=True, issued_on__gt=on), then=Value(NOT_YET)),
            When(expires_on__lte=on, then=Value(ENDED)),
            When(Exists(whole), then=Value(ENDED)),
            When(Exists(partial), then=Value(PARTLY_ENDED)),
            When(Q(effective_on__isnull=True, issued_on__isnull=True), then=Value(UNKNOWN)),
            default=Value(IN_FORCE),
            output_field=CharField(),
        )
    )


@dataclass
class ValidityEvent:
    day: date | None
    text: str
    other: object = None  # the acting document, when there is one


@dataclass
class Validity:
    status: str
    events: list

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def validity_on(document, on=None, incoming=None):
    """The status on a day and the dated events behind it. `incoming` may be passed pre-fetched:
    the document's relations as target, with their source documents."""
    on = on or timezone.localdate()
    if incoming is None:
        incoming = list(document.incoming_relations.filter(source__live=True).select_related("source"))
    events = []
    if document.issued_on:
        events.append(ValidityEvent(document.issued_on, _("Ban hành")))
    starts = document.effective_on or document.issued_on
    if document.effective_on:
        events.append(ValidityEvent(document.effective_on, _("Có hiệu lực")))
    whole_end = partial_end = None
    for relation in incoming:
        if relation.relation_type not in ENDING_TYPES or not relation.source.live:
            continue
        takes_effect = relation.effective_on or relation.source.effective_on or relation.source.issued_on
        if takes_effect is None or takes_effect > on:
            continue
        events.append(ValidityEvent(takes_effect, relation.inverse_label_with_scope, relation.source))
        if relation.relation_type in WHOLE_ENDING and not relation.scope:
            whole_end = whole_end or relation
        else:
            partial_end = partial_end or relation
    if document.expires_on and document.expires_on <= on:
        events.append(ValidityEvent(document.expires_on, _("Hết hiệu lực")))
    events.sort(key=lambda event: (event.day is None, event.day or date.min))

    if document.status_override:
        status = document.status_override
        events.append(ValidityEvent(None, _("Biên tập viên xác định: %(reason)s") % {"reason": document.status_reason}))
    elif starts and starts > on:
        status = NOT_YET
    elif (document.expires_on and document.expires_on <= on) or whole_end:
        status = ENDED
    elif partial_end:
        status = PARTLY_ENDED
    elif not starts:
        status = UNKNOWN
    else:
        status = IN_FORCE
    return Validity(status, events)

"""A document's relations as readers see them: grouped by relation type and direction.

Outgoing relations (this document "căn cứ", "thay thế"... another) and incoming ones (another
document "là căn cứ của", "được hướng dẫn bởi"... this one) each form one group per relation type.
The document's page shows the first DOCUMENT_RELATIONS_PER_GROUP of each group, read with a
window function (one query for both directions, whatever the number of relations: a law cited by
671 documents reads 10 of them and their count, with the relations that end it, which its validity
reads), and links "Xem tất cả (671)" to the group's own
paginated list, the library page's "relations" route:

    /van-ban/<document>/quan-he/<type>/         what the document does to others (outgoing)
    /van-ban/<document>/quan-he-nguoc/<type>/   what other documents do to it (incoming)

<type> is the relation type's public slug (RelationType, "can-cu", "huong-dan"...).
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber

from documents.models import INVERSE_LABELS, DocumentLibraryPage, DocumentRelation, RelationType
from portal.navigation import singleton_route_url

OUTGOING, INCOMING = "quan-he", "quan-he-nguoc"  # the route's segment of each direction
DIRECTIONS = (OUTGOING, INCOMING)


@dataclass
class RelationItem:
    relation: DocumentRelation
    document: object  # the other document: the target of an outgoing relation, the source of an incoming one


@dataclass
class RelationGroup:
    direction: str
    relation_type: RelationType
    count: int
    items: list = field(default_factory=list)
    url: str | None = None  # the group's full list

    @property
    def label(self):
        return self.relation_type.label if self.direction == OUTGOING else INVERSE_LABELS[self.relation_type]

    @property
    def truncated(self):
        return self.count > len(self.items)


def _order(direction):
    """Outgoing relations as the editor ordered them; incoming ones newest acting document first."""
    if direction == OUTGOING:
        return [F("sort_order").asc(), F("pk").asc()]
    return [F("source__issued_on").desc(nulls_last=True), F("source_id").desc(), F("pk").asc()]


def relations_of(document, direction):
    """The relations of one direction to or from published documents, in the order they are listed."""
    if direction == OUTGOING:
        relations = DocumentRelation.objects.filter(source=document, target__live=True).select_related(
            "target__document_type", "target__issuer"
        )
    else:
        relations = DocumentRelation.objects.filter(target=document, source__live=True).select_related(
            "source__document_type", "source__issuer"
        )
    return relations.order_by(*_order(direction))


def other_document(relation, direction):
    return relation.target if direction == OUTGOING else relation.source


def group_url(document, direction, relation_type):
    return singleton_route_url(
        DocumentLibraryPage,
        "relations" if direction == OUTGOING else "inverse_relations",
        slug=document.slug,
        kind=relation_type.slug,
    )


def _groups(document, direction, relations, counts):
    groups = {}
    for relation in relations:
        kind = RelationType(relation.relation_type)
        group = groups.get(kind)
        if group is None:
            group = groups[kind] = RelationGroup(direction, kind, counts(relation))
        group.items.append(RelationItem(relation, other_document(relation, direction)))
    ordered = [groups[kind] for kind in RelationType if kind in groups]
    for group in ordered:
        if group.truncated:
            group.url = group_url(document, direction, group.relation_type)
    return ordered


def relation_groups(document, direction, limit, also=None):
    """The groups of one direction, in RelationType's order, each with its first `limit` items and
    its full count: one query. With `also` (relation types), the relations of those types beyond
    the limit are read by the same query and returned too: (groups, [every relation of those
    types], in the order they were entered)."""
    if document.pk is None:
        return ([], []) if also else []
    shown = Q(position__lte=limit)
    rows = (
        relations_of(document, direction)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("relation_type")], order_by=_order(direction)),
            group_size=Window(Count("pk"), partition_by=[F("relation_type")]),
        )
        .filter(shown | Q(relation_type__in=also) if also else shown)
    )
    rows = list(rows)
    groups = _groups(
        document, direction, [row for row in rows if row.position <= limit], lambda relation: relation.group_size
    )
    if not also:
        return groups
    extra = sorted((row for row in rows if row.relation_type in also), key=lambda row: (row.sort_order or 0, row.pk))
    return groups, extra


def page_groups(document, limit, also):
    """What `relation_groups` gives for both directions, read in one query: (outgoing groups,
    incoming groups, every incoming relation of the types in `also`). Each direction is a window
    partition of its own, ordered as `_order` orders it."""
    if document.pk is None:
        return [], [], []
    incoming = Q(target=document)
    direction = Case(When(incoming, then=Value(1)), default=Value(0))

    def when(condition, field):
        return Case(When(condition, then=F(field)))

    within = [  # each direction's order (_order): the other's keys are NULL throughout
        when(~incoming, "sort_order").asc(),
        when(incoming, "source__issued_on").desc(nulls_last=True),
        when(incoming, "source_id").desc(),
        F("pk").asc(),
    ]
    partition = [direction, F("relation_type")]
    rows = list(
        DocumentRelation.objects.filter(Q(source=document, target__live=True) | Q(target=document, source__live=True))
        .select_related("target__document_type", "target__issuer", "source__document_type", "source__issuer")
        .annotate(
            incoming=direction,
            position=Window(RowNumber(), partition_by=partition, order_by=within),
            group_size=Window(Count("pk"), partition_by=partition),
        )
        .filter(Q(position__lte=limit) | Q(incoming=1, relation_type__in=also))
        .order_by("incoming", *within)
    )
    groups = []
    for code, name in ((0, OUTGOING), (1, INCOMING)):
        shown = [row for row in rows if row.incoming == code and row.position <= limit]
        groups.append(_groups(document, name, shown, lambda relation: relation.group_size))
    ending = sorted(
        (row for row in rows if row.incoming and row.relation_type in also),
        key=lambda row: (row.sort_order or 0, row.pk),
    )
    return groups[0], groups[1], ending


def preview_groups(document, limit):
    """The outgoing groups of a document being previewed: its relations as the edit form holds
    them (not saved yet), grouped in Python."""
    relations = [relation for relation in document.relations.all() if relation.target_id and relation.target.live]
    relations.sort(key=lambda relation: relation.sort_order or 0)
    counts = {}
    for relation in relations:
        counts[relation.relation_type] = counts.get(relation.relation_type, 0) + 1
    shown, kept = {}, []
    for relation in relations:
        shown[relation.relation_type] = shown.get(relation.relation_type, 0) + 1
        if shown[relation.relation_type] <= limit:
            kept.append(relation)
    groups = _groups(document, OUTGOING, kept, lambda relation: counts[relation.relation_type])
    for group in groups:
        group.url = None  # the full list shows what is saved, not the preview
    return groups

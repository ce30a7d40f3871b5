"""The validity rules, in SQL and in Python, agree with each other and with the law's sense."""

from datetime import date

import pytest

from documents import validity
from documents.models import DocumentRelation, LegalDocument
from tests.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db
DAY = date(2024, 6, 1)


def both(document, on=DAY):
    sql = LegalDocument.objects.with_validity(on).get(pk=document.pk).validity_code
    python = document.validity_on(on).status
    assert sql == python, f"SQL says {sql}, Python says {python}"
    return python


def relate(source, target, relation_type, **kwargs):
    return DocumentRelation.objects.create(source=source, target=target, relation_type=relation_type, **kwargs)


def test_in_force_from_its_issue_date():
    assert both(LegalDocumentFactory(issued_on=date(2021, 3, 10))) == validity.IN_FORCE


def test_not_yet_in_force():
    assert both(LegalDocumentFactory(issued_on=date(2024, 5, 1), effective_on=date(2024, 7, 1))) == validity.NOT_YET
    assert both(LegalDocumentFactory(issued_on=date(2024, 7, 1), effective_on=None)) == validity.NOT_YET


def test_expired_on_its_own_date():
    document = LegalDocumentFactory(issued_on=date(2020, 1, 1), expires_on=date(2024, 6, 1))
    assert both(document) == validity.ENDED
    assert both(document, date(2024, 5, 31)) == validity.IN_FORCE


def test_replaced_as_a_whole_from_the_replacing_documents_date():
    old = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    new = LegalDocumentFactory(issued_on=date(2022, 3, 3), effective_on=date(2022, 3, 3))
    relate(new, old, "replaces")
    assert both(old, date(2022, 3, 2)) == validity.IN_FORCE
    assert both(old, date(2022, 3, 3)) == validity.ENDED
    events = old.validity_on(DAY).events
    assert any(event.other == new and event.day == date(2022, 3, 3) for event in events)


def test_relation_date_wins_over_the_documents_dates():
    old = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    new = LegalDocumentFactory(issued_on=date(2022, 1, 1))
    relate(new, old, "repeals", effective_on=date(2025, 1, 1))
    assert both(old) == validity.IN_FORCE
    assert both(old, date(2025, 1, 1)) == validity.ENDED


def test_partial_replacement_and_amendment_end_it_in_part():
    replaced_in_part = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    relate(LegalDocumentFactory(issued_on=date(2023, 1, 1)), replaced_in_part, "replaces", scope="Điều 3")
    assert both(replaced_in_part) == validity.PARTLY_ENDED
    amended = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    relate(LegalDocumentFactory(issued_on=date(2023, 1, 1)), amended, "amends")
    assert both(amended) == validity.PARTLY_ENDED


def test_unpublished_or_undated_acts_do_not_count():
    document = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    relate(LegalDocumentFactory(issued_on=date(2023, 1, 1), live=False), document, "replaces")
    relate(LegalDocumentFactory(issued_on=None), document, "repeals")
    assert both(document) == validity.IN_FORCE


def test_implementing_or_related_documents_change_nothing():
    document = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    relate(LegalDocumentFactory(issued_on=date(2023, 1, 1)), document, "implements")
    relate(LegalDocumentFactory(issued_on=date(2023, 1, 1)), document, "related")
    assert both(document) == validity.IN_FORCE


def test_unknown_dates_say_so():
    assert both(LegalDocumentFactory(issued_on=None)) == validity.UNKNOWN


def test_editor_override_wins_and_needs_a_reason():
    from django.core.exceptions import ValidationError

    document = LegalDocumentFactory(issued_on=date(2020, 1, 1))
    document.status_override = validity.ENDED
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "status_reason" in error.value.message_dict
    document.status_reason = "Đã hết thời hạn thực hiện kế hoạch"
    document.full_clean()
    document.save()
    assert both(document) == validity.ENDED
    assert "Đã hết thời hạn" in document.validity_on(DAY).events[-1].text


def test_dates_must_be_in_order():
    from django.core.exceptions import ValidationError

    document = LegalDocumentFactory.build(
        issuer=LegalDocumentFactory().issuer, issued_on=date(2022, 1, 10), effective_on=date(2022, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "effective_on" in error.value.message_dict


def test_seeded_replacement_of_414_by_24():
    old = LegalDocument.objects.get(number="414/QĐ-UBQGCPĐT")
    assert both(old, date(2026, 1, 1)) == validity.ENDED

"""Who may do what: drafting-unit staff manage only their unit's consultations and write their
synthesis; the forum's moderators moderate comments; nobody else edits them. Allowed and refused
per role, in the admin and in the services."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consultations import services
from consultations.models import ConsultationComment, Handling, Notice
from tests.consultations.factories import ConsultationCommentFactory, DraftDocumentFactory

pytestmark = pytest.mark.django_db


def _refused(response):
    return response.status_code in (302, 403) and (
        response.status_code == 403 or response["Location"] == "/admin/" or "login" in response["Location"]
    )


# --- consultations in the admin ----------------------------------------------------------------


def test_unit_staff_list_and_edit_only_their_units_consultations(client, consultation, unit_staff, other_staff):
    client.force_login(unit_staff)
    listing = client.get(reverse("consultations:index")).content.decode()
    assert consultation.title in listing
    assert client.get(reverse("consultations:edit", args=[consultation.pk])).status_code == 200

    client.force_login(other_staff)
    assert consultation.title not in client.get(reverse("consultations:index")).content.decode()
    assert _refused(client.get(reverse("consultations:edit", args=[consultation.pk])))
    assert _refused(client.post(reverse("consultations:edit", args=[consultation.pk]), {"title": "Sửa trái phép"}))
    consultation.refresh_from_db()
    assert consultation.title == "Lấy ý kiến dự thảo Quy chế thử nghiệm"


@pytest.mark.parametrize("role", ["forum_moderator", "editor", "reviewer", "responder"])
def test_other_roles_do_not_edit_consultations(client, consultation, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert _refused(client.get(reverse("consultations:edit", args=[consultation.pk])))
    assert _refused(client.get(reverse("consultations:add")))
    assert not services.can_manage(user, consultation)


def test_unit_staff_create_a_consultation_for_their_unit(client, unit, unit_staff, other_unit):
    draft = DraftDocumentFactory(issuer=unit)
    client.force_login(unit_staff)
    form = client.get(reverse("consultations:add")).content.decode()
    assert other_unit.name not in form
    data = {
        "title": "Lấy ý kiến dự thảo tạo trong quản trị",
        "draft": draft.pk,
        "unit": unit.pk,
        "summary": "",
        "opens_at": "2030-01-01 08:00",
        "closes_at": "2030-02-01 17:00",
        "published": "on",
        "adopted_document": "",
        "slug": "",
        **{
            f"{name}-{key}": value
            for name in ("questions", "attachments")
            for key, value in [("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000)]
        },
    }
    response = client.post(reverse("consultations:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    from consultations.models import Consultation

    created = Consultation.objects.get(title="Lấy ý kiến dự thảo tạo trong quản trị")
    assert created.unit == unit and created.sections.filter(kind="article").count() == 3
    # Another unit is refused (not offered, and not accepted).
    bad = {**data, "title": "Cho đơn vị khác", "unit": other_unit.pk}
    assert client.post(reverse("consultations:add"), bad).status_code == 200
    assert not Consultation.objects.filter(title="Cho đơn vị khác").exists()


def test_a_consultation_must_be_held_on_a_draft(unit):
    from tests.consultations.factories import ConsultationFactory
    from tests.factories import LegalDocumentFactory

    consultation = ConsultationFactory.build(draft=LegalDocumentFactory(), unit=unit)
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "draft" in error.value.message_dict


# --- moderation --------------------------------------------------------------------------------


def test_moderators_approve_and_reject_with_a_reason(client, consultation, forum_moderator):
    first = ConsultationCommentFactory(consultation=consultation, status="pending")
    second = ConsultationCommentFactory(consultation=consultation, status="pending")
    client.force_login(forum_moderator)
    queue = client.get(reverse("consultation_comments:index")).content.decode()
    assert reverse("consultation_comments:moderate", args=[first.pk]) in queue
    url = reverse("consultation_comments:moderate", args=[first.pk])
    assert client.post(url, {"action": "approve"}).status_code == 302
    first.refresh_from_db()
    assert first.status == "approved"
    assert ModelLogEntry.objects.filter(action="consultations.approve", object_id=str(first.pk)).exists()
    assert first.author.consultation_follows.filter(consultation=consultation).exists()
    # A rejection without a reason is refused, with the error shown.
    response = client.post(reverse("consultation_comments:moderate", args=[second.pk]), {"action": "reject"})
    assert response.status_code == 400 and "Cần ghi lý do" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "pending"
    client.post(
        reverse("consultation_comments:moderate", args=[second.pk]), {"action": "reject", "reason": "Trùng lặp."}
    )
    second.refresh_from_db()
    assert second.status == "rejected" and second.public_reason == "Trùng lặp."


@pytest.mark.parametrize("role", ["unit_staff", "editor", "reviewer", "citizen"])
def test_others_do_not_moderate(client, consultation, role, request):
    comment = ConsultationCommentFactory(consultation=consultation, status="pending")
    client.force_login(request.getfixturevalue(role))
    assert _refused(client.get(reverse("consultation_comments:moderate", args=[comment.pk])))
    assert _refused(client.post(reverse("consultation_comments:moderate", args=[comment.pk]), {"action": "approve"}))
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_moderators_do_not_write_the_synthesis(client, closed_consultation, forum_moderator):
    client.force_login(forum_moderator)
    assert _refused(client.get(reverse("consultations:synthesis", args=[closed_consultation.pk])))
    with pytest.raises(PermissionDenied):
        services.record_handling(closed_consultation, forum_moderator, [], "accepted", "x")


# --- synthesis and report -----------------------------------------------------------------------


def test_the_synthesis_waits_for_the_closing_date(client, consultation, unit_staff):
    comment = ConsultationCommentFactory(consultation=consultation)
    client.force_login(unit_staff)
    html = client.get(reverse("consultations:synthesis", args=[consultation.pk])).content.decode()
    assert "Chỉ tổng hợp, tiếp thu, giải trình sau khi hết hạn góp ý." in html
    with pytest.raises(ValidationError):
        services.record_handling(consultation, unit_staff, [comment], "accepted", "Tiếp thu.")


def test_unit_staff_record_handling_per_group_and_publish(client, closed_consultation, unit_staff, other_staff):
    a, b, c = ConsultationCommentFactory.create_batch(3, consultation=closed_consultation)
    ConsultationCommentFactory(consultation=closed_consultation, status="pending")
    services.follow(closed_consultation, a.author)
    url = reverse("consultations:synthesis", args=[closed_consultation.pk])
    client.force_login(other_staff)
    assert _refused(client.get(url))
    assert _refused(client.post(url, {"comments": [a.pk], "decision": "accepted", "reason": "Tiếp thu toàn bộ."}))
    assert not Handling.objects.exists()

    client.force_login(unit_staff)
    # Bad input: no reason, nothing saved.
    response = client.post(url, {"comments": [a.pk, b.pk], "decision": "accepted", "reason": ""})
    assert response.status_code == 400 and not Handling.objects.exists()
    client.post(url, {"comments": [a.pk, b.pk], "decision": "partly_accepted", "reason": "Tiếp thu ý về thời hạn."})
    # Publishing with a comment unhandled is refused.
    publish = reverse("consultations:publish_report", args=[closed_consultation.pk])
    client.post(publish, {"intro": "", "signed_by": ""})
    closed_consultation.refresh_from_db()
    assert closed_consultation.report_published_at is None
    client.post(url, {"comments": [c.pk], "decision": "not_accepted", "reason": "Không phù hợp với luật."})
    assert Handling.objects.count() == 2
    assert set(ConsultationComment.objects.public().values_list("handling__decision", flat=True)) == {
        "partly_accepted",
        "not_accepted",
    }
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(publish, {"intro": "Báo cáo **tổng hợp** thử nghiệm.", "signed_by": "Giám đốc Sở"})
    closed_consultation.refresh_from_db()
    assert closed_consultation.report_published_at is not None
    assert Notice.objects.filter(consultation=closed_consultation, kind="report").exists()
    recipients = {message.to[0] for message in mail.outbox}
    assert a.author.email in recipients
    assert ModelLogEntry.objects.filter(action="consultations.publish_report").exists()
    html = client.get(closed_consultation.report_url).content.decode()
    assert "Tiếp thu một phần" in html and "Không tiếp thu" in html and "<strong>tổng hợp</strong>" in html


# --- followers' mail ---------------------------------------------------------------------------


def test_notices_are_sent_once(consultation, citizen):
    import datetime

    from django.test import TestCase
    from django.utils import timezone

    services.follow(consultation, citizen)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = services.send_due_notices()
        again = services.send_due_notices()
    assert first == [(consultation.pk, "opened")] and again == []
    assert len(mail.outbox) == 1 and consultation.title in mail.outbox[0].body
    assert consultation.get_absolute_url() in mail.outbox[0].body
    later = consultation.closes_at - datetime.timedelta(days=6)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.send_due_notices(now=later) == [(consultation.pk, "closing")]
        assert services.send_due_notices(now=later + datetime.timedelta(hours=1)) == []
    assert len(mail.outbox) == 2 and "Còn một tuần" in mail.outbox[1].body
    assert timezone.now() < consultation.closes_at


def test_the_command_sends_what_is_due(consultation, citizen):
    from io import StringIO

    from django.core.management import call_command

    services.follow(consultation, citizen)
    out = StringIO()
    call_command("send_consultation_notices", stdout=out)
    assert "1 notice(s) sent" in out.getvalue()
    call_command("send_consultation_notices", stdout=out)
    assert "0 notice(s) sent" in out.getvalue()


def test_subscribers_of_a_field_get_the_notices(client, consultation, citizen, other_citizen):
    from django.test import TestCase

    from consultations.models import ConsultationIndexPage, FieldSubscription
    from tests.factories import LegalFieldFactory

    field, other_field = LegalFieldFactory(), LegalFieldFactory()
    consultation.draft.fields.add(field)
    consultation.draft.save()  # a ParentalManyToManyField is written when its document is saved
    url = ConsultationIndexPage.objects.get().url + "theo-linh-vuc/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(citizen)
    assert field.name in client.get(url).content.decode()
    client.post(url, {"linh_vuc": [str(field.pk), "abc", "999999"]})
    assert list(FieldSubscription.objects.values_list("user_id", "field_id")) == [(citizen.pk, field.pk)]
    client.force_login(other_citizen)
    client.post(url, {"linh_vuc": [str(other_field.pk)]})
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.send_due_notices()
    assert [message.to[0] for message in mail.outbox] == [citizen.email]

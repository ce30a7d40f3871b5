"""Issue 11, forum part: no preselected decision (13), the site history per role (14), plain text
with links and bold (15), text escaped once (17), erasure leaves no pointer in the logs (19), the
responder and assignment selects (7) and the listing's default order (21)."""

import itertools
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from forum import moderation
from forum.models import Answer, Event, Proposal, Responder, Status
from forum.sanitize import clean_html, format_text, text_for_editing
from portal.models import Organisation
from tests.factories import ProposalFactory, UserFactory, public_proposal, verified_citizen
from tests.forum.admin_urls import decision_url


def _admin(pk):
    return reverse("forum_admin:inspect", args=[pk])


class SelectParser(HTMLParser):
    """The options of one <select id=...>: (value, label, selected, optgroup)."""

    def __init__(self, select_id):
        super().__init__()
        self.select_id, self.inside, self.group, self.options, self.current = select_id, False, None, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("id") == self.select_id:
            self.inside = True
        elif self.inside and tag == "optgroup":
            self.group = attrs.get("label")
        elif self.inside and tag == "option":
            self.current = [attrs.get("value"), "", "selected" in attrs, self.group]

    def handle_data(self, data):
        if self.current is not None:
            self.current[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.current is not None:
            self.options.append(tuple(self.current))
            self.current = None
        elif tag == "select":
            self.inside = False


def options(html, select_id):
    parser = SelectParser(select_id)
    parser.feed(html)
    return parser.options


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


# Item 13 -------------------------------------------------------------------------------------


def test_no_decision_is_preselected_on_a_proposal(client, forum_moderator):
    proposal = ProposalFactory()
    client.force_login(forum_moderator)
    choices = options(client.get(_admin(proposal.pk)).content.decode(), "status-select")
    assert choices[0][0] == "" and choices[0][2]  # an empty first choice, selected
    assert not any(selected for value, _label, selected, _group in choices[1:])
    assert {value for value, *_rest in choices[1:]} == {"approved", "rejected", "changes_requested"}


def test_an_empty_decision_is_refused_with_a_clear_message(client, forum_moderator):
    proposal = ProposalFactory()
    client.force_login(forum_moderator)
    response = client.post(decision_url(proposal.pk, "status"), {"status": "", "reason": "x"}, follow=True)
    assert "Chọn một quyết định trước khi lưu." in messages_of(response)
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING and not proposal.events.exists()


# Item 14 -------------------------------------------------------------------------------------


@pytest.fixture
def two_assigned(forum_moderator, unit):
    other_unit = Organisation.objects.create(name="UBND phường Bến Thành", level="commune")
    mine = public_proposal(title="Ý kiến giao cho Sở Khoa học và Công nghệ")
    theirs = public_proposal(title="Ý kiến giao cho phường Bến Thành")
    moderation.assign(mine, unit, forum_moderator)
    moderation.assign(theirs, other_unit, forum_moderator)
    moderation.add_note(theirs, forum_moderator, "Ghi chú nội bộ của phường")
    return mine, theirs, other_unit


def _history(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    return response.content.decode()


def test_responders_see_no_forum_history_in_the_site_history(client, unit_responder, responder, two_assigned):
    mine, theirs, _other = two_assigned
    html = _history(client, unit_responder)
    assert mine.reference not in html and theirs.reference not in html
    assert "Ghi chú nội bộ của phường" not in html
    assert not ModelLogEntry.objects.viewable_by_user(unit_responder).filter(
        content_type=ContentType.objects.get_for_model(Proposal)
    )
    # They still answer what is assigned to their unit.
    assert unit_responder.has_perm("forum.answer_proposal")
    assert client.get(_admin(mine.pk)).status_code == 200


def test_moderators_and_superusers_see_every_proposals_history(client, forum_moderator, superuser, two_assigned):
    mine, theirs, _other = two_assigned
    for user in (forum_moderator, superuser):
        html = _history(client, user)
        assert mine.reference in html and theirs.reference in html


def test_editors_see_no_forum_history(client, editor, two_assigned):
    mine, theirs, _other = two_assigned
    html = _history(client, editor)
    assert mine.reference not in html and theirs.reference not in html


def test_the_responders_permission_moves_to_the_answer_and_groups_keep_it(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission

    migration = import_module("forum.migrations.0004_answer_permission_on_answers")
    group = Group.objects.get(name="Đơn vị trả lời")
    permission = Permission.objects.get(codename="answer_proposal")
    assert permission.content_type.model_class() is Answer
    assert group.permissions.filter(pk=permission.pk).exists()
    # As it was before: on the proposal; the migration moves it and the group keeps it.
    migration.move_back(apps, None)
    assert Permission.objects.get(codename="answer_proposal").content_type.model_class() is Proposal
    migration.move_answer_permission(apps, None)
    moved = Permission.objects.get(codename="answer_proposal")
    assert moved.content_type.model_class() is Answer and group.permissions.filter(pk=moved.pk).exists()


# Item 15 -------------------------------------------------------------------------------------


def _submit_form(body):
    import uuid

    from forum.models import ProposalCategory, ProposalKind

    return {
        "kind": ProposalKind.objects.get(slug="hien-ke").pk,
        "category": ProposalCategory.objects.get(slug="chinh-quyen-so").pk,
        "title": "Dịch vụ công trực tuyến cho hộ kinh doanh",
        "body": body,
        "submission_key": str(uuid.uuid4()),
        "website": "",
    }


def test_proposal_text_is_plain_text_with_paragraphs_links_and_bold(client, forum_page, citizen):
    client.force_login(citizen)
    form_page = client.get(forum_page.url + "gui-y-kien/").content.decode()
    assert "Viết văn bản thường" in form_page and "**chữ giữa hai cặp dấu sao**" in form_page
    body = (
        "Đăng ký hộ kinh doanh nên **miễn phí** cho mọi người.\n"
        "Xem https://dichvucong.gov.vn/p/home.html.\n\n"
        "Đoạn hai: <b>thẻ</b> & 2 > 1 hiện nguyên."
    )
    assert client.post(forum_page.url + "gui-y-kien/", _submit_form(body)).status_code == 302
    proposal = Proposal.objects.get()
    Proposal.objects.filter(pk=proposal.pk).update(status=Status.APPROVED)
    page = client.get(proposal.get_absolute_url()).content.decode()
    html = re.search(r'<div class="rich-text proposal__body">(.*?)</div>', page, re.DOTALL).group(1)
    assert "<strong>miễn phí</strong>" in html and "**" not in html
    assert (
        '<a href="https://dichvucong.gov.vn/p/home.html" rel="nofollow ugc noopener">'
        "https://dichvucong.gov.vn/p/home.html</a>." in html
    )
    assert "<br>Xem" in html and "</p><p>Đoạn hai" in html
    assert "&lt;b&gt;thẻ&lt;/b&gt; &amp; 2 &gt; 1 hiện nguyên." in html


def test_editing_shows_the_text_as_it_was_written(client, forum_page, citizen):
    text = "Đăng ký nên **miễn phí**.\nXem https://dichvucong.gov.vn\n\nĐoạn hai & <i>thẻ</i>."
    proposal = ProposalFactory(author=citizen, body=format_text(text), status=Status.CHANGES_REQUESTED)
    client.force_login(citizen)
    html = client.get(f"{forum_page.url}{proposal.pk}/sua/").content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>(.*?)</textarea>", html, re.DOTALL).group(1)
    import html as html_module

    assert html_module.unescape(textarea).strip() == text
    assert format_text(text_for_editing(proposal.body)) == proposal.body


def test_the_answer_form_says_what_formatting_is_accepted(client, unit_responder, unit, forum_moderator):
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    client.force_login(unit_responder)
    response = client.post(
        decision_url(proposal.pk, "save_answer"), {"body": "Đã **tiếp thu**.\nhttps://sokhcn.hochiminhcity.gov.vn"}
    )
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert "<strong>tiếp thu</strong>" in answer.body and 'href="https://sokhcn.hochiminhcity.gov.vn"' in answer.body
    assert "Viết văn bản thường" in client.get(_admin(proposal.pk)).content.decode()


# Item 17 -------------------------------------------------------------------------------------

FRAGMENTS = [
    "a < b",
    "x > y",
    "&",
    "&amp;",
    "&gt;",
    "&#60;",
    '"q"',
    "'s'",
    "<b>đậm</b>",
    "<script>x</script>",
    "<i>",
    "\n\n",
    "**b**",
    "https://x.vn/?a=1&b=2",
]


def _tricky_inputs():
    yield from FRAGMENTS
    for first, second in itertools.product(FRAGMENTS, repeat=2):
        yield f"{first} {second}"
    for combo in itertools.combinations(FRAGMENTS, 3):
        yield "".join(combo)


def test_cleaning_is_idempotent_over_tricky_inputs():
    for value in _tricky_inputs():
        once = clean_html(value)
        assert clean_html(once) == once, value
        formatted = format_text(value)
        assert clean_html(formatted) == formatted, value
        assert format_text(text_for_editing(formatted)) == formatted, value


def test_text_left_once_tags_are_removed_is_escaped_once():
    assert clean_html("<span>1 < 2 & 3 > 2</span>") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"
    assert clean_html("<script>x</script>a > b") == "<p>a &gt; b</p>"
    assert clean_html(clean_html("<em></em>&lt;tag&gt;")) == clean_html("<em></em>&lt;tag&gt;")


def test_a_page_shows_cleaned_text_escaped_once(client, citizen):
    proposal = public_proposal()
    # A row cleaned when written (an import, an older version), all of whose tags were removed.
    proposal.comments.create(author=citizen, body=clean_html("<span>1 < 2 & 3 > 2</span>"))
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "1 &lt; 2 &amp; 3 &gt; 2" in html
    assert "&amp;lt;" not in html and "&amp;gt;" not in html and "&amp;amp;" not in html


# Item 19 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("remove_content", [False, True])
def test_erasing_an_account_leaves_nothing_pointing_to_the_person(
    client, citizen, forum_moderator, forum_page, unit, remove_content
):
    pk = citizen.pk
    proposal = moderation.submit(
        Proposal(
            kind=ProposalFactory.kind.function(),
            category=ProposalFactory.category.function(),
            author=citizen,
            title="Tiêu đề riêng của người sẽ xoá tài khoản",
            body="<p>Nội dung đủ dài để thử.</p>",
        ),
        citizen,
    )
    moderation.transition(proposal, Status.APPROVED, forum_moderator)
    moderation.suspend(citizen, forum_moderator, "Thử")
    moderation.unsuspend(citizen, forum_moderator)
    log(instance=forum_page, action="wagtail.edit", user=citizen)  # any Wagtail log entry by the person
    Answer.objects.create(proposal=proposal, unit=unit, unit_name=unit.name, body="<p>x</p>", author=citizen)
    client.force_login(citizen)
    data = {"confirm": "XOA", **({"remove_content": "on"} if remove_content else {})}
    assert client.post(reverse("forum_delete_account"), data).status_code == 302
    assert not get_user_model().objects.filter(pk=pk).exists()
    for log_model in (ModelLogEntry, PageLogEntry):
        assert not log_model.objects.filter(user_id=pk).exists(), log_model
    user_type = ContentType.objects.get_for_model(get_user_model())
    about = ModelLogEntry.objects.filter(content_type=user_type, action__in=["forum.suspend", "forum.unsuspend"])
    assert about.count() == 2  # the moderators' actions stay in the audit trail ...
    assert not about.filter(object_id=str(pk)).exists()  # ... without the account they were about
    assert not about.filter(label__contains=str(pk)).exists()
    assert not Event.objects.filter(actor_id=pk).exists()
    assert not Answer.objects.filter(author_id=pk).exists()
    labels = list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal), object_id=str(proposal.pk)
        ).values_list("label", flat=True)
    )
    assert labels and all(("Tiêu đề riêng" in label) != remove_content for label in labels)


# Item 7 --------------------------------------------------------------------------------------


def test_the_responder_form_offers_only_eligible_accounts(client, superuser, responder, unit):
    group = Group.objects.get(name="Đơn vị trả lời")
    free = UserFactory(username="free-responder", email="tu-do@so.gov.vn")
    free.groups.add(group)
    Responder.objects.create(user=responder, unit=unit)  # already attached
    inactive = UserFactory(username="gone", is_active=False)
    inactive.groups.add(group)
    citizen = verified_citizen(username="not-staff")
    client.force_login(superuser)
    html = client.get(reverse("wagtailsnippets_forum_responder:add")).content.decode()
    offered = {value for value, *_rest in options(html, "id_user") if value}
    assert offered == {str(free.pk)}
    assert str(citizen.pk) not in offered and str(responder.pk) not in offered
    assert "tu-do@so.gov.vn" in html
    # A crafted POST with an ineligible account is refused and creates nothing.
    client.post(reverse("wagtailsnippets_forum_responder:add"), {"user": citizen.pk, "unit": unit.pk})
    assert not Responder.objects.filter(user=citizen).exists()
    # On the edit form the account already attached stays selectable.
    edit = client.get(
        reverse("wagtailsnippets_forum_responder:edit", args=[Responder.objects.get(user=responder).pk])
    ).content.decode()
    assert str(responder.pk) in {value for value, *_rest in options(edit, "id_user")}


def test_the_assignment_select_starts_empty_and_groups_units_by_level(client, forum_moderator, unit_responder, unit):
    Organisation.objects.create(name="UBND phường Sài Gòn", level="commune")
    proposal = public_proposal()
    client.force_login(forum_moderator)
    choices = options(client.get(_admin(proposal.pk)).content.decode(), "assign-unit")
    assert choices[0][0] == "" and choices[0][2]
    by_name = {label.split(" (")[0]: (group, label) for _value, label, _selected, group in choices[1:]}
    assert by_name[unit.name] == ("Sở, ngành", unit.name)
    assert by_name["UBND phường Sài Gòn"] == ("Phường, xã, đặc khu", "UBND phường Sài Gòn (chưa có cán bộ trả lời)")
    response = client.post(decision_url(proposal.pk, "assign"), {"unit": "", "reason": ""}, follow=True)
    assert "Chọn đơn vị để chuyển ý kiến." in messages_of(response)
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED and proposal.unit_id is None


# Item 21 -------------------------------------------------------------------------------------


def test_without_a_search_the_listing_is_newest_first_and_says_so(client, forum_page):
    import datetime

    from django.utils import timezone

    older = public_proposal(title="Ý kiến cũ về chữ ký số", published_at=timezone.now() - datetime.timedelta(days=3))
    newer = public_proposal(title="Ý kiến mới về chữ ký số")
    for params in ({}, {"loai": ""}, {"sap_xep": "lien-quan"}):
        html = client.get(forum_page.url, params).content.decode()
        sorts = options(html, "id_sap_xep")
        assert "lien-quan" not in [value for value, *_rest in sorts]
        selected = [value for value, _label, is_selected, _group in sorts if is_selected] or [sorts[0][0]]
        assert selected == ["moi-nhat"], params
        assert html.index(newer.title) < html.index(older.title)
    searched = options(client.get(forum_page.url, {"q": "chữ ký số"}).content.decode(), "id_sap_xep")
    assert searched[0][0] == "lien-quan"

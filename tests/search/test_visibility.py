"""Only published, public content is ever returned: drafts, unpublished and private pages,
unpublished documents never appear, on the database engine and in what Elasticsearch is sent."""

from unittest import mock

import pytest
from wagtail.models import PageViewRestriction

from documents.models import LegalDocument
from portal.models import SearchEntry
from portal.search import elastic, get_sources, search
from portal.search.sources import get_source
from tests.factories import LegalDocumentFactory, StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_engine")]


def urls(query):
    return {hit.url for hit in search(query, page_size=500).hits}


def test_a_draft_page_never_appears(home_page):
    page = StandardPageFactory.build(title="Trang nháp bí mật qzvx")
    home_page.add_child(instance=page)
    page.unpublish()
    page.save_revision()
    assert not search("qzvx").total
    page.save_revision().publish()
    assert search("qzvx").total == 1


def test_a_live_page_shows_its_published_text_not_its_draft(home_page):
    page = StandardPageFactory(parent=home_page, title="Bản công bố qzvx")
    page.title = "Bản nháp chưa duyệt qzvx"
    page.save_revision()
    assert [hit.title for hit in search("qzvx").hits] == ["Bản công bố qzvx"]
    assert not search("nhap chua duyet qzvx").total


def test_unpublishing_or_deleting_a_page_removes_it(home_page):
    page = StandardPageFactory(parent=home_page, title="Trang sắp gỡ qzvx")
    assert search("qzvx").total == 1
    page.unpublish()
    assert not search("qzvx").total
    page.save_revision().publish()
    page.delete()
    assert not search("qzvx").total


def test_a_private_page_and_its_children_never_appear(home_page):
    parent = StandardPageFactory(parent=home_page, title="Khu vực nội bộ qzvx")
    child = StandardPageFactory(parent=parent, title="Ghi chú nội bộ qzvx")
    assert search("qzvx").total == 2
    restriction = PageViewRestriction.objects.create(
        page=parent, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert not search("qzvx").total
    restriction.delete()
    assert urls("qzvx") == {parent.url, child.url}


def test_an_unpublished_document_never_appears():
    document = LegalDocument.objects.get(number="593/KH-UBND")
    assert "/van-ban/kh-593-kh-ubnd-2022/" in urls("593 kh ubnd")
    document.live = False
    document.save()
    assert "/van-ban/kh-593-kh-ubnd-2022/" not in urls("593 kh ubnd")
    assert "/van-ban/kh-593-kh-ubnd-2022/" not in urls("do thi thong minh")


def test_a_draft_document_never_appears_until_published():
    document = LegalDocumentFactory(title="Văn bản dự thảo qzvx", live=False)
    assert not search("qzvx").total
    document.live = True
    document.save()
    assert search("qzvx").total == 1
    document.delete()
    assert not search("qzvx").total


def test_the_library_keyword_box_never_lists_a_draft(client):
    LegalDocumentFactory(title="Văn bản dự thảo qzvx", live=False)
    assert not client.get("/van-ban/", {"q": "qzvx"}).context["documents"].object_list


def test_every_indexed_row_is_public_content():
    """Whatever happened before, each row belongs to its source's public queryset."""
    for source in get_sources():
        public = set(source.get_queryset().values_list("pk", flat=True))
        indexed = set(SearchEntry.objects.filter(source=source.key).values_list("object_id", flat=True))
        assert indexed <= public, source.key
        assert indexed or not public, source.key  # the seed holds no proposals


def test_elasticsearch_is_told_to_delete_what_is_not_public(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    public = LegalDocumentFactory(title="Công khai")
    draft = LegalDocumentFactory(title="Dự thảo", live=False)
    with mock.patch("elasticsearch.helpers.bulk", return_value=(1, [])) as bulk:
        elastic.write(get_source("documents"), [public.pk, draft.pk])
    actions = bulk.call_args.args[1]
    assert {(action["_op_type"], action["_id"]) for action in actions} == {("index", public.pk), ("delete", draft.pk)}
    assert all(action["_index"] == "portal-documents" for action in actions)


def test_a_full_elasticsearch_rebuild_sends_only_public_content(home_page):
    StandardPageFactory.build(title="Nháp")
    draft_document = LegalDocumentFactory(live=False)
    sent = {source.key: {obj.pk for obj in source.iter_objects()} for source in get_sources()}
    assert draft_document.pk not in sent["documents"]
    assert sent["documents"] == set(LegalDocument.objects.live().values_list("pk", flat=True))


def test_elasticsearch_gets_public_proposals_and_is_told_to_delete_the_rest(settings, closed_port, forum_moderator):
    from forum import moderation
    from tests.factories import ProposalFactory, public_proposal

    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    public = public_proposal()
    pending = ProposalFactory()
    rejected = ProposalFactory()
    moderation.transition(rejected, "rejected", forum_moderator, "Không phù hợp")
    hidden = public_proposal(hidden=True)
    with mock.patch("elasticsearch.helpers.bulk", return_value=(1, [])) as bulk:
        elastic.write(get_source("proposals"), [public.pk, pending.pk, rejected.pk, hidden.pk])
    actions = bulk.call_args.args[1]
    assert {(action["_op_type"], action["_id"]) for action in actions} == {
        ("index", public.pk),
        ("delete", pending.pk),
        ("delete", rejected.pk),
        ("delete", hidden.pk),
    }
    indexed = next(action for action in actions if action["_op_type"] == "index")
    assert public.reference in str(indexed)
    sent = {obj.pk for obj in get_source("proposals").iter_objects()}
    assert sent == {public.pk}

"""Stored choice values are English identifiers (issue 12, item 7); the Vietnamese slugs the site
has always published stay in its addresses. The data migrations rename every stored copy, forward
and back: rows, the timeline and the moderation log, revisions, StreamField blocks."""

import re
import textwrap

import pytest
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField

from portal.choices import SlugChoices, public_slugs
from tests.migration_runs import run_migration_script

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
PORTAL_APPS = {"portal", "home", "documents", "news", "kpi", "forum", "dxindex", "consultations"}


def _choice_blocks(block):
    """Every ChoiceBlock under a block definition."""
    if isinstance(block, blocks.ChoiceBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _choice_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from _choice_blocks(block.child_block)


def _stored_choices():
    """(where, value) of every choice a model field or a StreamField block of the portal's apps
    stores. Integer choices (a month) are numbers, not words, and are left out."""
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and field.get_internal_type() in ("CharField", "TextField"):
                for value, _label in field.flatchoices:
                    yield f"{model._meta.label}.{field.name}", value
            if isinstance(field, StreamField) and field.model is model:
                for choice_block in _choice_blocks(field.stream_block):
                    for value, _label in choice_block.field.choices:
                        if value != "":  # the empty "---" of an optional choice
                            yield f"{model._meta.label}.{field.name}:{choice_block.name}", value


def test_every_stored_choice_value_is_an_english_identifier():
    found = list(_stored_choices())
    assert len({where for where, _value in found}) > 10  # the scan does see the fields and blocks
    wrong = [(where, value) for where, value in found if not IDENTIFIER.fullmatch(str(value))]
    assert wrong == []


def test_public_slugs_must_name_every_member_once():
    with pytest.raises(ValueError, match="missing"):

        @public_slugs(A="a-slug")
        class Missing(SlugChoices):
            A = "a", _("A")
            B = "b", _("B")

    with pytest.raises(ValueError, match="share"):

        @public_slugs(A="same", B="same")
        class Shared(SlugChoices):
            A = "a", _("A")
            B = "b", _("B")

    @public_slugs(A="chu-a", B="chu_b")
    class Fine(SlugChoices):
        A = "a", _("Chữ A")
        B = "b", _("Chữ B")

    assert Fine.A.slug == "chu-a" and Fine.from_slug("chu_b") is Fine.B and Fine.from_slug("b") is None
    assert Fine.slug_of("a") == "chu-a" and Fine.slug_of("") == "" and Fine.slug_of("khong-co") == ""
    assert Fine.slug_choices() == [("chu-a", "Chữ A"), ("chu_b", "Chữ B")] and Fine.values == ["a", "b"]


# ---------------------------------------------------------------- the public edge keeps its slugs


@pytest.mark.django_db
def test_the_forum_listing_filters_by_the_published_status_slug(client):
    from forum.models import ForumIndexPage, Status
    from tests.factories import public_proposal

    answered = public_proposal(status=Status.ANSWERED)
    approved = public_proposal(status=Status.APPROVED)
    url = ForumIndexPage.objects.live().first().url
    html = client.get(url, {"trang_thai": "da_tra_loi"}).content.decode()
    assert answered.title in html and approved.title not in html
    assert '<option value="da_tra_loi" selected>' in html
    # The stored value is not a public address.
    assert client.get(url, {"trang_thai": "answered"}).context["form"].errors


@pytest.mark.django_db
def test_the_news_categories_link_to_their_published_slugs(client):
    response = client.get("/tin-tuc/", {"chuyen-muc": "su-kien"})
    html = response.content.decode()
    assert response.context["selected_category"] == "events"
    assert '<a href="?chuyen-muc=diem-tin">Điểm tin</a>' in html
    assert '<a href="?" aria-current="true">Sự kiện</a>' in html  # chosen: the link turns it off
    assert "?chuyen-muc=su-kien&amp;the=" in html  # the other filters keep it
    assert "chuyen-muc=news" not in html and "chuyen-muc=events" not in html


@pytest.mark.django_db
def test_the_dashboard_and_the_kpi_tag_keep_the_pillar_slugs(client):
    from django.template import Context, Template

    from kpi.models import Indicator

    html = client.get("/chi-tieu/").content.decode()
    assert 'id="pillar-chinh-quyen-so"' in html and 'id="pillar-government"' not in html
    rendered = Template('{% load kpi_tags %}{% kpi_indicators pillar="kinh-te-so" limit=30 %}').render(Context())
    economy = Indicator.objects.filter(pillar="economy")
    assert economy.exists() and all(indicator.name in rendered for indicator in economy[:3])


@pytest.mark.django_db
def test_the_library_and_the_search_publish_validity_under_its_slug(client):
    from documents.validity import ValidityStatus

    response = client.get("/van-ban/", {"hieu-luc": "con-hieu-luc"})
    assert response.context["library_query"].filters["hieu-luc"] is ValidityStatus.IN_FORCE
    assert "?hieu-luc=con-hieu-luc" in response.content.decode() or "hieu-luc=con-hieu-luc" in response.content.decode()
    assert client.get("/van-ban/", {"hieu-luc": "in_force"}).context["library_query"].ignored == ["hieu-luc"]
    search = client.get("/tim-kiem/", {"q": "chuyen doi so", "hieu-luc": "con-hieu-luc"})
    assert search.status_code == 200 and search.context["results"].total > 0


# ---------------------------------------------------------------- the data migrations

MIGRATION_SCRIPT = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from tests.migration_runs import BEFORE as STATES

    BEFORE = STATES["choice_values"]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps

    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Locale = apps.get_model("wagtailcore", "Locale")
    User = apps.get_model("portal", "User")
    Organisation = apps.get_model("portal", "Organisation")
    LegacyId = apps.get_model("portal", "OrganisationLegacyId")
    Profile = apps.get_model("forum", "Profile")
    Proposal = apps.get_model("forum", "Proposal")
    Event = apps.get_model("forum", "Event")
    Kind = apps.get_model("forum", "ProposalKind")
    Category = apps.get_model("forum", "ProposalCategory")
    DocumentType = apps.get_model("documents", "DocumentType")
    LegalDocument = apps.get_model("documents", "LegalDocument")
    DocumentRelation = apps.get_model("documents", "DocumentRelation")
    ArticlePage = apps.get_model("news", "ArticlePage")
    BulletinPage = apps.get_model("news", "BulletinPage")
    StandardPage = apps.get_model("home", "StandardPage")
    Indicator = apps.get_model("kpi", "Indicator")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    def revision(obj, app_label, model, content, base=None):
        own = content_type(app_label, model)
        return Revision.objects.create(content_type=own, base_content_type=base or own, object_id=str(obj.pk),
                                       object_str=str(obj.pk), created_at=timezone.now(), content=content).pk

    locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
    page_type = content_type("wagtailcore", "page")
    paths = iter(range(100, 200))

    def page(model, app_label, model_name, **fields):
        number = next(paths)
        return model.objects.create(title=f"Trang {number}", draft_title=f"Trang {number}", slug=f"trang-{number}",
                                    path=f"0001{number:04d}", depth=2, url_path=f"/trang-{number}/", locale=locale,
                                    content_type=content_type(app_label, model_name), **fields)

    user = User.objects.create(username="dan", email="dan@example.vn")
    body = Organisation.objects.create(name="Sở Thử nghiệm", slug="so-thu-nghiem")
    legacy = LegacyId.objects.create(organisation=body, source="forum.unit", old_id=7)
    profile = Profile.objects.create(user=user, author_type="to_chuc")
    kind = Kind.objects.create(name="Góp ý", slug="gop-y-thu", prefix="GT")
    category = Category.objects.create(name="Thử", slug="thu")
    proposal = Proposal.objects.create(kind=kind, category=category, title="Ý kiến", body="<p>x</p>", author=user,
                                       status="da_tra_loi", author_type="doanh_nghiep")
    event = Event.objects.create(proposal=proposal, action="status", status="da_duyet")
    log = ModelLogEntry.objects.create(content_type=content_type("forum", "proposal"), object_id=str(proposal.pk),
                                       label="x", action="forum.status", timestamp=timezone.now(),
                                       data={"from": "da_duyet", "to": "da_tra_loi", "reason": "da_duyet"})

    kind_of_document = DocumentType.objects.first()
    old = LegalDocument.objects.create(number="1/QĐ", number_key="1qd", document_type=kind_of_document, issuer=body,
                                       title="Cũ", slug="cu", status_override="het-hieu-luc-toan-bo", status_reason="x")
    new = LegalDocument.objects.create(number="2/QĐ", number_key="2qd", document_type=kind_of_document, issuer=body,
                                       title="Mới", slug="moi")
    relation = DocumentRelation.objects.create(source=new, target=old, relation_type="thay-the")
    document_revision = revision(new, "documents", "legaldocument", {
        "pk": new.pk, "status_override": "chua-xac-dinh",
        "relations": [{"pk": relation.pk, "relation_type": "thay-the", "target": old.pk, "scope": ""}]})

    kpi_block = {"type": "kpi", "id": "k1", "value": {"heading": "", "indicators": [], "plan": None,
                                                     "pillar": "kinh-te-so", "limit": 6}}
    article = page(ArticlePage, "news", "articlepage", category="su-kien", intro="", body=[kpi_block])
    article_revision = revision(article, "news", "articlepage",
                                {"pk": article.pk, "category": "su-kien", "body": json.dumps([kpi_block])}, page_type)
    sections = [{"type": "section", "id": "s1", "value": {"key": "diem-tin", "title": "Điểm tin",
                                                          "items": [kpi_block]}}]
    bulletin = page(BulletinPage, "news", "bulletinpage", issue_number=9, year=2030, month=1, sections=sections)
    bulletin_revision = revision(bulletin, "news", "bulletinpage",
                                 {"pk": bulletin.pk, "sections": json.dumps(sections)}, page_type)
    standard = page(StandardPage, "home", "standardpage", body=[kpi_block])
    place = body
    indicator = Indicator.objects.create(slug="chi-tieu-thu", name="Chỉ tiêu", pillar="xa-hoi-so", place=place)
    indicator_revision = revision(indicator, "kpi", "indicator", {"pk": indicator.pk, "pillar": "xa-hoi-so"})

    def raw(model, pk, field):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {field} FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s", [pk])
            value = cursor.fetchone()[0]
        return json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value

    def content(pk):
        return Revision.objects.get(pk=pk).content

    def pillar_in(stream):
        stream = json.loads(stream) if isinstance(stream, str) else stream
        block = stream[0]
        return block["value"]["pillar"] if block["type"] == "kpi" else block["value"]["items"][0]["value"]["pillar"]

    def state():
        return {
            "legacy": LegacyId.objects.get(pk=legacy.pk).source,
            "profile": Profile.objects.get(pk=profile.pk).author_type,
            "proposal": list(Proposal.objects.filter(pk=proposal.pk).values_list("status", "author_type")[0]),
            "event": Event.objects.get(pk=event.pk).status,
            "log": ModelLogEntry.objects.get(pk=log.pk).data,
            "override": LegalDocument.objects.get(pk=old.pk).status_override,
            "relation": DocumentRelation.objects.get(pk=relation.pk).relation_type,
            "document_revision": [content(document_revision)["status_override"],
                                  content(document_revision)["relations"][0]["relation_type"]],
            "article": [raw(ArticlePage, article.pk, "category"), pillar_in(raw(ArticlePage, article.pk, "body"))],
            "article_revision": [content(article_revision)["category"], pillar_in(content(article_revision)["body"])],
            "bulletin": [raw(BulletinPage, bulletin.pk, "sections")[0]["value"]["key"],
                         pillar_in(raw(BulletinPage, bulletin.pk, "sections"))],
            "bulletin_revision": [json.loads(content(bulletin_revision)["sections"])[0]["value"]["key"],
                                  pillar_in(content(bulletin_revision)["sections"])],
            "standard": pillar_in(raw(StandardPage, standard.pk, "body")),
            "indicator": [Indicator.objects.get(pk=indicator.pk).pillar, content(indicator_revision)["pillar"]],
        }

    before = state()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    forward = state()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    backward = state()
    print(json.dumps({"before": before, "forward": forward, "backward": backward}, ensure_ascii=False))
    """
)

OLD = {
    "legacy": "forum.unit",
    "profile": "to_chuc",
    "proposal": ["da_tra_loi", "doanh_nghiep"],
    "event": "da_duyet",
    "log": {"from": "da_duyet", "to": "da_tra_loi", "reason": "da_duyet"},
    "override": "het-hieu-luc-toan-bo",
    "relation": "thay-the",
    "document_revision": ["chua-xac-dinh", "thay-the"],
    "article": ["su-kien", "kinh-te-so"],
    "article_revision": ["su-kien", "kinh-te-so"],
    "bulletin": ["diem-tin", "kinh-te-so"],
    "bulletin_revision": ["diem-tin", "kinh-te-so"],
    "standard": "kinh-te-so",
    "indicator": ["xa-hoi-so", "xa-hoi-so"],
}
NEW = {
    "legacy": "forum_unit",
    "profile": "organisation",
    "proposal": ["answered", "business"],
    "event": "approved",
    # Only the status keys: a reason is free text, whatever it says.
    "log": {"from": "approved", "to": "answered", "reason": "da_duyet"},
    "override": "ended",
    "relation": "replaces",
    "document_revision": ["unknown", "replaces"],
    "article": ["events", "economy"],
    "article_revision": ["events", "economy"],
    "bulletin": ["news", "economy"],
    "bulletin_revision": ["news", "economy"],
    "standard": "economy",
    "indicator": ["society", "society"],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_the_migrations_rename_every_stored_value_and_back(tmp_path):
    """The real migrations on a fresh database of the suite's engine, in a subprocess (as in
    test_organisations): old values written with the historical models, every migration forward,
    then back to before the renaming."""
    states = run_migration_script(MIGRATION_SCRIPT, tmp_path, "choicemig")
    assert states["before"] == OLD
    assert states["forward"] == NEW
    assert states["backward"] == OLD

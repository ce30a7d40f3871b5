"""The one registry of public bodies (portal.Organisation): the data migrations from forum.Unit,
documents.Issuer and kpi.Place, the model's time-versioning, the seed's 2025 facts, the admin
screen, the permissions and the old links."""

import datetime
import textwrap

import pytest
from django.urls import reverse

from forum.models import Responder
from portal.models import Level, Organisation, OrganisationLegacyId
from tests.migration_runs import run_migration_script

MIGRATION_SCRIPT = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from tests.migration_runs import BEFORE as STATES

    BEFORE = STATES["organisations"]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("portal", "User")
    Revision = apps.get_model("wagtailcore", "Revision")
    Issuer = apps.get_model("documents", "Issuer")
    DocumentType = apps.get_model("documents", "DocumentType")
    LegalDocument = apps.get_model("documents", "LegalDocument")
    Unit = apps.get_model("forum", "Unit")
    Kind = apps.get_model("forum", "ProposalKind")
    Category = apps.get_model("forum", "ProposalCategory")
    Responder = apps.get_model("forum", "Responder")
    Proposal = apps.get_model("forum", "Proposal")
    Answer = apps.get_model("forum", "Answer")
    Place = apps.get_model("kpi", "Place")
    Plan = apps.get_model("kpi", "Plan")
    Indicator = apps.get_model("kpi", "Indicator")

    # Old ids that clash across the three tables, as they do on a running site.
    Issuer.objects.create(name="Cơ quan đã xoá", slug="da-xoa").delete()
    city = Issuer.objects.create(name="Ủy ban nhân dân Thành phố Hồ Chí Minh", short_name="UBND TP.HCM", slug="ubnd-tphcm")
    district = Issuer.objects.create(name="Ủy ban nhân dân huyện Bình Chánh", short_name="UBND huyện Bình Chánh",
                                     slug="ubnd-huyen-binh-chanh", active_until="2025-06-30")
    sci = Issuer.objects.create(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh", short_name="Sở KH&CN", slug="so-khcn")
    ict = Issuer.objects.create(name="Sở Thông tin và Truyền thông TP. Hồ Chí Minh", short_name="Sở TT&TT",
                                slug="so-tttt", active_until="2025-02-28", succeeded_by=sci)
    bo = Issuer.objects.create(name="Bộ Thông tin và Truyền thông", short_name="Bộ TT&TT", slug="bo-tttt")

    # Units: the same two departments, written with other spacing and case, and a ward of their own.
    unit_sci = Unit.objects.create(name="Sở khoa học và  công nghệ TP. Hồ Chí Minh", level="so_nganh",
                                   active_from="2025-03-01", email="skhcn@tphcm.gov.vn")
    unit_ict = Unit.objects.create(name="Sở Thông tin và Truyền thông TP. Hồ Chí Minh", level="so_nganh",
                                   active_until="2025-02-28", succeeded_by=unit_sci)
    ward = Unit.objects.create(name="UBND phường Sài Gòn", level="phuong", active_from="2025-07-01")

    # Places: the city (the same body as the issuer UBND TP.HCM) and the nation (a body of its own).
    Place.objects.create(name="Nơi đã xoá", slug="da-xoa").delete()
    hcmc = Place.objects.create(name="Thành phố Hồ Chí Minh", slug="tphcm")
    nation = Place.objects.create(name="Việt Nam", slug="viet-nam")

    decision = DocumentType.objects.get(slug="quyet-dinh")
    doc_city = LegalDocument.objects.create(number="1/QĐ-UBND", number_key="1qdubnd", document_type=decision,
                                            issuer=city, title="Văn bản của Thành phố", slug="qd-1", live=True)
    doc_ict = LegalDocument.objects.create(number="2/QĐ-STTTT", number_key="2qdstttt", document_type=decision,
                                           issuer=ict, title="Văn bản của Sở TT&TT", slug="qd-2", live=True)
    doc_type = ContentType.objects.get_or_create(app_label="documents", model="legaldocument")[0]
    Revision.objects.create(content_type=doc_type, base_content_type=doc_type, object_id=str(doc_ict.pk),
                            object_str="qd-2", created_at=timezone.now(), content={"pk": doc_ict.pk, "issuer": ict.pk, "title": "Nháp"})

    user = User.objects.create(username="canbo", email="canbo@tphcm.gov.vn")
    kind = Kind.objects.create(name="Góp ý", slug="gop-y", prefix="GY")
    category = Category.objects.create(name="Chính quyền số", slug="chinh-quyen-so")
    responder = Responder.objects.create(user=user, unit=unit_ict)
    answered = Proposal.objects.create(kind=kind, category=category, title="Đã trả lời", body="<p>x</p>",
                                       status="da_tra_loi", unit=unit_ict)
    assigned = Proposal.objects.create(kind=kind, category=category, title="Đã chuyển", body="<p>y</p>",
                                       status="da_chuyen", unit=ward)
    answer = Answer.objects.create(proposal=answered, unit=unit_ict, unit_name=unit_ict.name, body="<p>Trả lời</p>",
                                   status="published")

    plan = Plan.objects.create(slug="qd-2393", title="Chương trình", place=hcmc)
    indicator = Indicator.objects.create(slug="chi-tieu", name="Chỉ tiêu", pillar="chinh-quyen-so", place=nation)
    indicator_type = ContentType.objects.get_or_create(app_label="kpi", model="indicator")[0]
    Revision.objects.create(content_type=indicator_type, base_content_type=indicator_type, object_id=str(indicator.pk),
                            object_str="chi-tieu", created_at=timezone.now(), content={"pk": indicator.pk, "place": nation.pk})

    # A group of the site's own that could edit units.
    unit_type = ContentType.objects.get_or_create(app_label="forum", model="unit")[0]
    custom = Group.objects.create(name="Quản trị đơn vị")
    custom.permissions.add(Permission.objects.get_or_create(content_type=unit_type, codename="change_unit",
                                                            defaults={"name": "Can change unit"})[0])

    old = {
        "city": city.pk, "district": district.pk, "sci": sci.pk, "ict": ict.pk, "bo": bo.pk,
        "unit_sci": unit_sci.pk, "unit_ict": unit_ict.pk, "ward": ward.pk, "hcmc": hcmc.pk, "nation": nation.pk,
        "doc_city": doc_city.pk, "doc_ict": doc_ict.pk, "responder": responder.pk, "answered": answered.pk,
        "assigned": assigned.pk, "answer": answer.pk, "plan": plan.pk, "indicator": indicator.pk,
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import Group as RealGroup
    from wagtail.models import Revision as RealRevision
    from documents.models import LegalDocument as RealDocument
    from forum.models import Answer as RealAnswer, Proposal as RealProposal, Responder as RealResponder
    from kpi.models import Indicator as RealIndicator, Plan as RealPlan
    from portal.models import Organisation, OrganisationLegacyId

    def legacy(source, key):
        return OrganisationLegacyId.objects.get(source=source, old_id=old[key]).organisation

    def perms(name):
        return sorted(RealGroup.objects.get(name=name).permissions.filter(
            content_type__app_label="portal", content_type__model="organisation").values_list("codename", flat=True))

    tables = connection.introspection.table_names()
    by_slug = {o.slug: o for o in Organisation.objects.all()}
    city_org, sci_org, ict_org = by_slug["ubnd-tphcm"], by_slug["so-khcn"], by_slug["so-tttt"]
    print(json.dumps({
        "old_tables_gone": not {"documents_issuer", "forum_unit", "kpi_place"} & set(tables),
        "organisations": sorted(by_slug),
        "city": [city_org.name, city_org.short_name, city_org.level, city_org.area_name, city_org.area_slug],
        "district": [by_slug["ubnd-huyen-binh-chanh"].level, str(by_slug["ubnd-huyen-binh-chanh"].active_until)],
        "ministry": by_slug["bo-tttt"].level,
        "ict": [ict_org.name, str(ict_org.active_until), ict_org.successor_id == sci_org.pk, ict_org.level],
        "sci": [str(sci_org.active_from), sci_org.email, sci_org.level],
        "ict_current_successor": ict_org.current_successor().slug,
        "ward": [by_slug["ubnd-phuong-sai-gon"].level, str(by_slug["ubnd-phuong-sai-gon"].active_from)],
        "nation": [by_slug["viet-nam"].level, by_slug["viet-nam"].area_slug],
        "doc_city": RealDocument.objects.get(pk=old["doc_city"]).issuer_id == city_org.pk,
        "doc_ict": RealDocument.objects.get(pk=old["doc_ict"]).issuer_id == ict_org.pk,
        "doc_revision": RealRevision.objects.get(object_id=str(old["doc_ict"]), content_type__model="legaldocument")
                                            .content["issuer"] == ict_org.pk,
        "draft_issuer": RealRevision.objects.get(object_id=str(old["doc_ict"]), content_type__model="legaldocument")
                                            .as_object().issuer.slug,
        "responder": RealResponder.objects.get(pk=old["responder"]).unit_id == ict_org.pk,
        "answered": RealProposal.objects.get(pk=old["answered"]).unit_id == ict_org.pk,
        "assigned": RealProposal.objects.get(pk=old["assigned"]).unit.slug,
        "answer": [RealAnswer.objects.get(pk=old["answer"]).unit_id == ict_org.pk,
                   RealAnswer.objects.get(pk=old["answer"]).unit_name],
        "plan": RealPlan.objects.get(pk=old["plan"]).place_id == city_org.pk,
        "indicator": RealIndicator.objects.get(pk=old["indicator"]).place.slug,
        "indicator_revision": RealRevision.objects.get(object_id=str(old["indicator"]), content_type__model="indicator")
                                                  .content["place"] == by_slug["viet-nam"].pk,
        "legacy": {
            "issuer_city": legacy("documents_issuer", "city").slug,
            "issuer_ict": legacy("documents_issuer", "ict").slug,
            "unit_ict": legacy("forum_unit", "unit_ict").slug,
            "unit_sci": legacy("forum_unit", "unit_sci").slug,
            "unit_ward": legacy("forum_unit", "ward").slug,
            "place_hcmc": legacy("kpi_place", "hcmc").slug,
            "place_nation": legacy("kpi_place", "nation").slug,
        },
        "by_slug": [Organisation.objects.by_slug(s).slug for s in ("tphcm", "so-tttt", "viet-nam", "ubnd-tphcm")],
        "perms": {name: perms(name) for name in
                  ("Biên tập viên", "Người duyệt", "Điều phối viên diễn đàn", "Đơn vị trả lời", "Quản trị đơn vị")},
    }, ensure_ascii=False))
    """
)

EXPECTED = {
    "old_tables_gone": True,
    # Six bodies from ten old rows: both departments were issuers and units, the city an issuer
    # and a place.
    "organisations": sorted(
        ["ubnd-tphcm", "ubnd-huyen-binh-chanh", "so-khcn", "so-tttt", "bo-tttt", "ubnd-phuong-sai-gon", "viet-nam"]
    ),
    "city": ["Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND TP.HCM", "city", "Thành phố Hồ Chí Minh", "tphcm"],
    "district": ["district", "2025-06-30"],
    "ministry": "ministry",
    "ict": ["Sở Thông tin và Truyền thông TP. Hồ Chí Minh", "2025-02-28", True, "department"],
    "sci": ["2025-03-01", "skhcn@tphcm.gov.vn", "department"],
    "ict_current_successor": "so-khcn",
    "ward": ["commune", "2025-07-01"],
    "nation": ["national", "viet-nam"],
    "doc_city": True,
    "doc_ict": True,
    "doc_revision": True,
    "draft_issuer": "so-tttt",
    "responder": True,
    "answered": True,
    "assigned": "ubnd-phuong-sai-gon",
    "answer": [True, "Sở Thông tin và Truyền thông TP. Hồ Chí Minh"],
    "plan": True,
    "indicator": "viet-nam",
    "indicator_revision": True,
    "legacy": {
        "issuer_city": "ubnd-tphcm",
        "issuer_ict": "so-tttt",
        "unit_ict": "so-tttt",
        "unit_sci": "so-khcn",
        "unit_ward": "ubnd-phuong-sai-gon",
        "place_hcmc": "ubnd-tphcm",
        "place_nation": "viet-nam",
    },
    "by_slug": ["ubnd-tphcm", "so-tttt", "viet-nam", "ubnd-tphcm"],
    # Who could see or edit units, issuers or places may do the same with Organisations, no more.
    "perms": {
        "Biên tập viên": ["view_organisation"],
        "Người duyệt": ["add_organisation", "change_organisation", "view_organisation"],
        "Điều phối viên diễn đàn": ["view_organisation"],
        "Đơn vị trả lời": [],
        "Quản trị đơn vị": ["change_organisation"],
    },
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_migrations_merge_units_issuers_and_places_into_organisations(tmp_path):
    """Runs the real migrations on a fresh database of the suite's engine, in a subprocess (the
    test database is shared by every test and cannot go back in time): old rows made with the
    historical models, then every migration forward."""
    assert run_migration_script(MIGRATION_SCRIPT, tmp_path, "orgmig") == EXPECTED


# ---------------------------------------------------------------- the model


@pytest.mark.django_db
def test_active_dates_and_the_successor_chain():
    old = Organisation.objects.create(name="Cơ quan A", active_until=datetime.date(2020, 12, 31))
    middle = Organisation.objects.create(
        name="Cơ quan B", active_from=datetime.date(2021, 1, 1), active_until=datetime.date(2024, 12, 31)
    )
    new = Organisation.objects.create(name="Cơ quan C", active_from=datetime.date(2025, 1, 1))
    Organisation.objects.filter(pk=old.pk).update(successor=middle)
    Organisation.objects.filter(pk=middle.pk).update(successor=new)
    old.refresh_from_db()
    assert old.slug == "co-quan-a" and old.slug.isascii()
    assert old.is_active_on(datetime.date(2020, 12, 31)) and not old.is_active_on(datetime.date(2021, 1, 1))
    assert old.current_successor() == new
    assert old.current_successor(datetime.date(2022, 6, 1)) == middle
    assert new.current_successor() == new
    on = datetime.date(2022, 6, 1)
    assert set(Organisation.objects.filter(pk__in=[old.pk, middle.pk, new.pk]).active_on(on)) == {middle}
    # A loop in the chain ends where it closes instead of running for ever.
    Organisation.objects.filter(pk=new.pk).update(successor=old, active_until=datetime.date(2025, 6, 30))
    old.refresh_from_db()
    assert old.current_successor() in {old, middle, new}


@pytest.mark.django_db
def test_slugs_are_ascii_and_unique():
    first = Organisation.objects.create(name="Ủy ban nhân dân phường Đa Kao")
    second = Organisation.objects.create(name="Uỷ ban nhân dân phường Đa Kao", active_from=datetime.date(2025, 7, 1))
    assert first.slug == "uy-ban-nhan-dan-phuong-da-kao"
    assert second.slug == "uy-ban-nhan-dan-phuong-da-kao-2"


# ---------------------------------------------------------------- the seed's 2025 facts


@pytest.mark.django_db
def test_the_seed_gives_the_2025_reorganisation():
    ict = Organisation.objects.get(name="Sở Thông tin và Truyền thông TP. Hồ Chí Minh")
    sci = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    assert ict.active_until == datetime.date(2025, 2, 28) and ict.successor == sci and ict.note
    assert sci.active_from == datetime.date(2025, 3, 1) and sci.is_active_on()
    assert ict.current_successor() == sci
    for slug, level in (("ubnd-tp-thu-duc", Level.THU_DUC), ("ubnd-huyen-binh-chanh", Level.DISTRICT)):
        district = Organisation.objects.get(slug=slug)
        # The seeds name no ward that took over: an end date, no successor.
        assert district.level == level and district.active_until == datetime.date(2025, 6, 30)
        assert district.successor is None and "suy ra" in district.note
    city = Organisation.objects.get(slug="ubnd-tphcm")
    assert city.area_slug == "tphcm" and city.level == Level.CITY and city.is_active_on()


@pytest.mark.django_db
def test_the_seed_runs_twice_and_keeps_an_editors_change():
    from portal import seed
    from portal.management.commands.load_seed_content import SeedLog

    Organisation.objects.filter(slug="ubnd-tphcm").update(short_name="UBND Thành phố")
    count = Organisation.objects.count()
    log = SeedLog()
    seed.load(log)
    assert Organisation.objects.count() == count and not log.created
    assert Organisation.objects.get(slug="ubnd-tphcm").short_name == "UBND Thành phố"


# ---------------------------------------------------------------- public pages and old links


@pytest.mark.django_db
def test_public_pages_name_bodies_as_before(client):
    from documents.models import LegalDocument
    from kpi.models import Indicator

    document = LegalDocument.objects.filter(issuer__slug="ubnd-tphcm", live=True).first()
    html = client.get(document.url).content.decode()
    assert "Ủy ban nhân dân Thành phố Hồ Chí Minh" in html
    listing = client.get("/van-ban/", {"co-quan": "ubnd-tphcm"}).content.decode()
    assert "UBND TP.HCM" in listing
    indicator = Indicator.objects.filter(place__area_slug="tphcm").first()
    assert "Thành phố Hồ Chí Minh" in client.get(indicator.url).content.decode()
    dashboard = client.get("/chi-tieu/", {"dia-phuong": "tphcm"})
    assert '<option value="tphcm" selected>Thành phố Hồ Chí Minh</option>' in dashboard.content.decode()


@pytest.mark.django_db
def test_old_admin_links_lead_to_the_organisation(client, superuser):
    body = Organisation.objects.get(slug="so-khcn-tphcm")
    OrganisationLegacyId.objects.create(organisation=body, source=OrganisationLegacyId.Source.UNIT, old_id=7)
    client.force_login(superuser)
    response = client.get("/admin/snippets/forum/unit/edit/7/")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_portal_organisation:edit", args=[body.pk])
    assert client.get("/admin/snippets/documents/issuer/edit/7/").status_code == 404
    listing = client.get("/admin/snippets/kpi/place/")
    assert listing["Location"] == reverse("wagtailsnippets_portal_organisation:list")
    # Other apps' snippet screens are not caught by these redirects.
    assert client.get(reverse("wagtailsnippets_forum_responder:list")).status_code == 200


# ---------------------------------------------------------------- admin and permissions


@pytest.mark.django_db
def test_admin_lists_filters_and_searches_organisations(client, superuser):
    client.force_login(superuser)
    url = reverse("wagtailsnippets_portal_organisation:list")
    html = client.get(url, {"level": "department"}).content.decode()
    assert "Sở Khoa học và Công nghệ" in html and "Quốc hội" not in html
    ended = client.get(url, {"active": "false"}).content.decode()
    assert "huyện Bình Chánh" in ended and "Quốc hội" not in ended
    found = client.get(url, {"q": "Thủ Đức"}).content.decode()
    assert "thành phố Thủ Đức" in found and "Bình Chánh" not in found


@pytest.mark.django_db
def test_reviewers_edit_organisations_editors_and_moderators_only_see_them(client, editor, reviewer, forum_moderator):
    body = Organisation.objects.get(slug="ubnd-tphcm")
    edit = reverse("wagtailsnippets_portal_organisation:edit", args=[body.pk])
    for user in (editor, forum_moderator):
        assert user.has_perm("portal.view_organisation") and not user.has_perm("portal.change_organisation")
        client.force_login(user)
        assert client.post(edit, {"name": "Đổi tên"}).status_code in (302, 403)
    client.force_login(reviewer)
    assert reviewer.has_perm("portal.change_organisation") and not reviewer.has_perm("portal.delete_organisation")
    assert client.get(edit).status_code == 200
    body.refresh_from_db()
    assert body.name == "Ủy ban nhân dân Thành phố Hồ Chí Minh"


@pytest.mark.django_db
def test_a_responder_is_attached_to_an_organisation(django_user_model):
    user = django_user_model.objects.create_user(username="phuong", email="phuong@example.vn")
    ward = Organisation.objects.create(name="UBND phường Sài Gòn", level=Level.COMMUNE)
    responder = Responder.objects.create(user=user, unit=ward)
    assert list(ward.responders.all()) == [responder]


@pytest.mark.django_db
def test_admin_form_adds_a_body_and_refuses_dates_out_of_order(client, superuser):
    client.force_login(superuser)
    url = reverse("wagtailsnippets_portal_organisation:add")
    data = {"name": "UBND phường Bến Thành", "level": "commune", "active_from": "2025-07-01", "active_until": ""}
    bad = client.post(url, {**data, "active_until": "2025-06-30"})
    assert bad.status_code == 200
    assert "không được trước ngày" in bad.content.decode()
    assert not Organisation.objects.filter(name="UBND phường Bến Thành").exists()
    assert client.post(url, data).status_code == 302
    ward = Organisation.objects.get(name="UBND phường Bến Thành")
    assert ward.slug == "ubnd-phuong-ben-thanh" and ward.is_active_on(datetime.date(2025, 7, 1))


@pytest.mark.django_db
def test_document_admin_lists_the_issuer_by_its_short_name(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailsnippets_documents_legaldocument:list"), {"issuer": "", "q": "2393"})
    assert "UBND TP.HCM" in html.content.decode()

"""Issue 11, item 7 (news): an article's related documents and articles are picked with Wagtail's
choosers (searchable, paginated), not <select multiple>, and the relations made before survive."""

import textwrap

import pytest
import yaml
from bs4 import BeautifulSoup
from django.urls import reverse

from documents.models import LegalDocument
from news.models import ArticlePage
from tests.migration_runs import run_migration_script

pytestmark = pytest.mark.django_db


def test_article_edit_form_uses_choosers_not_select_multiple(client, editor):
    article = ArticlePage.objects.filter(document_links__isnull=False).first()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    assert not form.select("select[multiple]")
    assert form.find(attrs={"name": "document_links-TOTAL_FORMS"}) is not None
    assert form.find(attrs={"name": "related_article_links-TOTAL_FORMS"}) is not None
    # The chosen document is an existing row whose widget is the snippet chooser (a hidden input
    # beside the chooser button), and the related articles get the page chooser.
    chosen = form.find("input", attrs={"name": "document_links-0-document"})
    assert chosen is not None and chosen["type"] == "hidden"
    assert chosen["value"] == str(article.document_links.first().document_id)
    assert "chooser" in str(chosen.find_parent(attrs={"data-controller": True}) or html)
    assert reverse("wagtailsnippetchoosers_documents_legaldocument:choose") in html
    assert reverse("wagtailadmin_choose_page") in html


def test_seeded_articles_keep_their_documents(client):
    from news.seed import SEED_DIR

    seeded = [
        item for item in yaml.safe_load((SEED_DIR / "news.yaml").read_text())["articles"] if item.get("documents")
    ]
    assert seeded
    for item in seeded:
        article = ArticlePage.objects.get(slug=item["slug"])
        linked = [link.document for link in article.document_links.all()]
        assert [document.number for document in linked] == item["documents"]
        html = client.get(article.url).content.decode()
        for document in linked:
            assert f'href="{document.url}"' in html


def test_documents_list_the_articles_that_cite_them(client):
    document = LegalDocument.objects.get(number="505/QĐ-TTg")
    html = client.get(document.url).content.decode()
    for link in document.article_links.select_related("page"):
        assert link.page.title in html


MIGRATION_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "news", "0002", verbosity=0)
    call_command("migrate", "home", "0003", verbosity=0)
    from tests.migration_runs import BEFORE

    apps = MigrationExecutor(connection).loader.project_state(BEFORE["choosers"]).apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    ArticlePage = apps.get_model("news", "ArticlePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    LegalDocument = apps.get_model("documents", "LegalDocument")
    DocumentType = apps.get_model("documents", "DocumentType")
    Issuer = apps.get_model("documents", "Issuer")
    PortalImage = apps.get_model("home", "PortalImage")

    locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
    article_type, _ = ContentType.objects.get_or_create(app_label="news", model="articlepage")
    kind = DocumentType.objects.first() or DocumentType.objects.create(name="Quyết định", slug="qd", abbreviation="QĐ")
    issuer = Issuer.objects.first() or Issuer.objects.create(name="UBND", short_name="UBND", slug="ubnd")
    docs = [
        LegalDocument.objects.create(number=f"{n}/QĐ-UBND", number_key=f"{n}qdubnd", document_type=kind,
                                     issuer=issuer, title=f"Văn bản {n}", slug=f"qd-{n}", live=True)
        for n in (1, 2)
    ]
    pages = []
    for n in (1, 2):
        pages.append(ArticlePage.objects.create(
            title=f"Bài {n}", draft_title=f"Bài {n}", slug=f"bai-{n}", path=f"999{n}", depth=1, numchild=0,
            content_type=article_type, locale=locale, live=True, date="2022-04-12", url_path=f"/bai-{n}/",
        ))
    first, second = pages
    # Rows in the old many-to-many tables, as a running site has them.
    for document in (docs[1], docs[0]):
        ArticlePage.documents.through.objects.create(articlepage_id=first.pk, legaldocument_id=document.pk)
    ArticlePage.related_articles.through.objects.create(from_articlepage_id=first.pk, to_articlepage_id=second.pk)
    Revision.objects.create(content_type=article_type, base_content_type_id=Page.objects.get(pk=first.pk).content_type_id,
                            object_id=str(first.pk), object_str="Bài 1", created_at=timezone.now(),
                            content={"pk": first.pk, "title": "Bài 1 (nháp)", "documents": [docs[0].pk], "related_articles": [second.pk]})
    PortalImage.objects.create(title="Toàn cảnh hội nghị", file="x.png", width=1, height=1)

    call_command("migrate", verbosity=0)
    from wagtail.models import Revision as RealRevision
    from portal.models import PortalImage as RealImage
    from news.models import ArticlePage as RealArticle
    import json
    article = RealArticle.objects.get(pk=first.pk)
    draft = RealRevision.objects.get(object_id=str(first.pk)).as_object()
    print(json.dumps({
        "docs": [link.document_id for link in article.document_links.all()] == [docs[1].pk, docs[0].pk],
        "related": [link.article_id for link in article.related_article_links.all()] == [second.pk],
        "draft": [[link.document_id for link in draft.document_links.all()] == [docs[0].pk],
                  [link.article_id for link in draft.related_article_links.all()] == [second.pk]],
        "alt": RealImage.objects.get().alt == "Toàn cảnh hội nghị",
    }))
    """
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_migrations_keep_related_documents_articles_and_give_images_alt_text(tmp_path):
    """Runs the real migrations on a new database of the suite's engine in a subprocess (the test
    database is shared by every test and cannot go back in time)."""
    assert run_migration_script(MIGRATION_SCRIPT, tmp_path, "choosermig") == {
        "docs": True,
        "related": True,
        "draft": [True, True],
        "alt": True,
    }


def test_legal_document_form_picks_documents_with_choosers_and_fields_with_checkboxes(client, editor):
    document = LegalDocument.objects.filter(relations__isnull=False).first()
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_documents_legaldocument:edit", args=(document.pk,))).content.decode()
    form = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "number"}).find_parent("form")
    assert not form.select("select[multiple]")
    assert form.select('input[type="checkbox"][name="fields"]')
    # The related document of a relation, the issuer and the type are chosen with the snippet chooser.
    target = form.find("input", attrs={"name": "relations-0-target"})
    assert target is not None and target["type"] == "hidden"
    for name in ("issuer", "document_type"):
        assert form.find("input", attrs={"name": name})["type"] == "hidden"


def test_the_document_chooser_offers_multiple_selection_and_search(client, editor):
    client.force_login(editor)
    url = reverse("wagtailsnippetchoosers_documents_legaldocument:choose")
    response = client.get(url, {"multiple": "1"})
    assert response.status_code == 200
    html = response.json()["html"]
    assert 'type="checkbox"' in html and 'name="q"' in html
    results = client.get(reverse("wagtailsnippetchoosers_documents_legaldocument:choose_results"), {"q": "505"})
    assert "505/QĐ-TTg" in results.content.decode()

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, Revision, Site

from home.models import HandbookChapterPage, HomePage, SiteSettings, StandardPage
from home.seed import stream_from_seed
from portal.management.commands.load_seed_content import run_seed_loaders

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "settings": SiteSettings.objects.count(),
        "chapters": HandbookChapterPage.objects.count(),
    }


def test_seed_creates_the_expected_tree(home_page):
    assert isinstance(home_page, HomePage)
    assert Site.objects.get(is_default_site=True).root_page_id == home_page.pk
    assert home_page.get_parent().depth == 1
    assert [child.slug for child in home_page.get_children()] == [
        "gioi-thieu",
        "tin-tuc",
        "ban-tin",
        "van-ban",
        "cam-nang",
        "thu-vien",
        "chi-tieu",
        "dien-dan",
        "lay-y-kien",  # the consultations' page (consultations' seed)
        # The legal pages the footer links to, made last (home's finish step).
        "chinh-sach-bao-ve-du-lieu-ca-nhan",
        "dieu-khoan-su-dung",
    ]
    assert StandardPage.objects.get(slug="ban-chi-dao").get_parent().slug == "gioi-thieu"
    assert HandbookChapterPage.objects.count() == 6
    assert all(chapter.sources for chapter in HandbookChapterPage.objects.all()), "every chapter names its sources"
    # Wagtail's placeholder "Welcome" page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()


def test_loader_is_idempotent():
    before = _snapshot()
    log = run_seed_loaders()
    assert log.total_created == 0
    assert _snapshot() == before


def test_command_prints_what_it_did(capsys):
    call_command("load_seed_content")
    assert "nothing to create" in capsys.readouterr().out


def test_editor_changes_survive_a_rerun(home_page):
    chapter = HandbookChapterPage.objects.get(slug="kinh-te-so")
    chapter.title = "Kinh tế số (biên tập lại)"
    chapter.save_revision().publish()
    home_page.hero_title = "Tiêu đề do biên tập viên viết"
    home_page.save_revision().publish()
    settings = SiteSettings.objects.get()
    settings.address = "Địa chỉ do quản trị nhập"
    settings.save()

    run_seed_loaders()

    assert HandbookChapterPage.objects.get(slug="kinh-te-so").title == "Kinh tế số (biên tập lại)"
    assert HomePage.objects.get().hero_title == "Tiêu đề do biên tập viên viết"
    assert SiteSettings.objects.get().address == "Địa chỉ do quản trị nhập"


def test_deleted_seed_page_comes_back_and_nothing_else_is_duplicated():
    StandardPage.objects.get(slug="ban-chi-dao").delete()
    before = Page.objects.count()
    log = run_seed_loaders()
    assert log.created == {"trang nội dung": 1}
    assert Page.objects.count() == before + 1


def test_stream_from_seed_escapes_and_formats():
    stream = stream_from_seed(
        [
            {"type": "heading", "text": "Mục tiêu"},
            {"type": "paragraph", "text": "Có **25%** <script>x</script>\n\nĐoạn hai"},
            {"type": "list", "items": ["một", "hai"]},
            {"type": "quote", "text": "Trích", "attribution": "QĐ"},
        ]
    )
    assert stream[0] == {"type": "heading", "value": {"text": "Mục tiêu", "level": "h2"}}
    assert stream[1]["value"] == "<p>Có <b>25%</b> &lt;script&gt;x&lt;/script&gt;</p><p>Đoạn hai</p>"
    assert stream[2]["value"] == "<ul><li>một</li><li>hai</li></ul>"
    assert stream[3]["type"] == "quote"
    with pytest.raises(ValueError):
        stream_from_seed([{"type": "video"}])


def test_every_figure_in_the_seed_content_is_in_the_source_documents():
    """No invented figures: each percentage and each document number in home.yaml occurs in the seeds."""
    import re
    from pathlib import Path

    from django.conf import settings

    seeds = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    source = " ".join(path.read_text(encoding="utf-8") for path in seeds.glob("*.txt"))
    source = re.sub(r"\s+", " ", source).replace(" %", "%").replace("/ ", "/").replace(" /", "/")
    content = (Path(settings.BASE_DIR) / "home" / "seed" / "home.yaml").read_text(encoding="utf-8")
    percentages = set(re.findall(r"\d+(?:[.,]\d+)?%", content))
    numbers = set(re.findall(r"\b\d+/(?:\d{4}/)?[A-ZĐ]+(?:-[A-ZĐ]+)*\b", content))
    assert percentages and numbers
    missing = sorted(figure for figure in percentages | numbers if figure not in source)
    assert not missing, f"figures not found in ../shared/seeds: {missing}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite only: emptying the database and loading it again is a developer's reset of the "
    "embedded database; on PostgreSQL the test database is built by the same loader from empty",
)
def test_the_loader_builds_the_whole_site_on_an_empty_database():
    """Every table emptied (Django's flush), the loader alone makes the whole site again, the same
    as the seeded test database, and a second run makes nothing. (On every engine the test
    database itself is made by this loader on a freshly migrated, empty database.)"""
    from documents.models import LegalDocument
    from forum.models import ProposalCategory
    from kpi.models import Indicator, Measurement, Target

    def content():
        return {
            **_snapshot(),
            "documents": LegalDocument.objects.count(),
            "indicators": Indicator.objects.count(),
            "targets": Target.objects.count(),
            "measurements": Measurement.objects.count(),
            "categories": ProposalCategory.objects.count(),
        }

    seeded = content()
    call_command("flush", interactive=False, verbosity=0)
    assert content()["documents"] == content()["pages"] == 0
    assert run_seed_loaders().total_created > 0
    assert {key: value for key, value in content().items() if key != "revisions"} == {
        key: value for key, value in seeded.items() if key != "revisions"
    }
    home = Site.objects.get(is_default_site=True).root_page
    assert [child.slug for child in home.get_children()][:3] == ["gioi-thieu", "tin-tuc", "ban-tin"]
    assert run_seed_loaders().total_created == 0

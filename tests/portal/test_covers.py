"""Generated cover art (portal/covers.py): drawing, key figures, the served URLs and their caching."""

import datetime

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Page, PageViewRestriction

from documents.models import LegalDocument
from news.models import ArticlePage, BulletinPage, NewsIndexPage
from portal.covers import PALETTES, Cover, contrast, figure_in, palette_for, shape_colour
from tests.factories import ArticlePageFactory, LegalDocumentFactory

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg):
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


# --- The drawing ----------------------------------------------------------------------------


def test_every_text_is_escaped_and_the_svg_is_well_formed():
    cover = Cover(figure='<script>alert("x")</script>', label="A & B <i>", title='Tiêu đề "x" <b>')
    for svg in (cover.svg(), cover.svg(inline=True)):
        assert "<script" not in svg and "<i>" not in svg and "<b>" not in svg
        texts = _texts(svg)  # parses: the escaping kept it well-formed XML
        assert "A & B <I>" in texts  # the label, upper-cased, read back unescaped
        assert any("<script>" in text for text in texts)
    root = ET.fromstring(cover.svg())
    assert root.get("aria-label") == 'Tiêu đề "x" <b>'
    assert root.find(f"{SVG}title").text == 'Tiêu đề "x" <b>'


def test_vietnamese_text_is_kept_with_a_system_sans_serif_font():
    svg = Cover(figure="Mô hình chuyển đổi số", label="Hoạt động lãnh đạo").svg()
    texts = _texts(svg)
    assert "HOẠT ĐỘNG LÃNH ĐẠO" in texts
    assert "Mô hìnhchuyển đổi số" in texts  # two balanced lines (tspans) of one text
    assert "Chuyển đổi số TP. Hồ Chí Minh" in texts
    assert 'font-family="system-ui' in svg and "sans-serif" in svg
    assert "@font-face" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_drawing_is_deterministic_and_differs_by_content():
    one = Cover(figure="681/KH-UBND", label="Kế hoạch", palette="green")
    assert one.svg() == Cover(figure="681/KH-UBND", label="Kế hoạch", palette="green").svg()
    assert one.svg() != Cover(figure="682/KH-UBND", label="Kế hoạch", palette="green").svg()
    assert palette_for("loai-moi") == palette_for("loai-moi") and palette_for("loai-moi") in PALETTES


def test_inline_covers_are_decorative_and_served_ones_are_named():
    cover = Cover(figure="10/10", label="Điểm tin", title="Ngày 10/10")
    inline = ET.fromstring(cover.svg(inline=True, css_class="cover-art cover-art--card"))
    assert inline.get("aria-hidden") == "true" and inline.get("focusable") == "false"
    assert inline.get("class") == "cover-art cover-art--card" and inline.find(f"{SVG}title") is None
    alone = ET.fromstring(cover.svg())
    assert alone.get("role") == "img" and alone.get("width") == "640" and alone.get("height") == "360"


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_each_palette_reaches_aa_contrast(name):
    background, text = PALETTES[name]
    assert contrast(text, background) >= 4.5
    assert contrast(text, shape_colour(background, text)) >= 4.5  # text may cross the shapes


def test_long_figures_are_sized_to_fit():
    short = ET.fromstring(Cover(figure="2022", label="x").svg())
    long = ET.fromstring(Cover(figure="1726/QĐ-BTTTT", label="x").svg())

    def size(root):
        return int(root.findall(f"{SVG}g/{SVG}text")[1].get("font-size"))

    assert size(long) < size(short) <= 112
    assert size(long) * len("1726/QĐ-BTTTT") * 0.6 < 640 - 48


# --- Key figures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "figure"),
    [
        ("Ngày 10/10 chính thức là Ngày Chuyển đổi số quốc gia Việt Nam", "10/10"),
        ("Thực hiện Quyết định 505/QĐ-TTg: 100% hồ sơ trực tuyến năm 2022", "100%"),
        ("Hơn 1,5 triệu tài khoản định danh điện tử", "1,5 triệu"),
        ("Khai mạc Diễn đàn Kinh tế TP.HCM năm 2022 (HEF 2022)", "2022"),
        ("Ra mắt Trung tâm điều hành (giai đoạn 1)", ""),  # a lone digit is no key figure
        ("Triển khai Kế hoạch 681/KH-UBND", ""),  # a document's number is not a figure of the news
        ("Công nghiệp 4.0 và đô thị thông minh", "4.0"),
    ],
)
def test_figure_in_a_title(title, figure):
    assert figure_in(title) == figure


@pytest.mark.django_db
def test_bulletin_cover_carries_number_and_month():
    bulletin = BulletinPage.objects.get(issue_number=1)
    cover = bulletin.cover_art()
    assert (cover.figure, cover.label, cover.palette) == ("Số 1 · 4/2022", "Bản tin", "red")
    assert "Số 1 · 4/2022" in _texts(cover.svg())


@pytest.mark.django_db
def test_document_cover_carries_its_number_or_type_and_year():
    plan = LegalDocument.objects.get(number="681/KH-UBND")
    cover = plan.cover_art()
    assert (cover.figure, cover.label, cover.palette) == ("681/KH-UBND", "Kế hoạch", "green")
    unnumbered = LegalDocumentFactory(number="", document_type=plan.document_type, issued_on=datetime.date(2024, 5, 2))
    assert (unnumbered.cover_art().figure, unnumbered.cover_art().label) == ("Kế hoạch 2024", "Văn bản")


@pytest.mark.django_db
def test_article_cover_carries_a_figure_of_its_title_or_its_category():
    news = NewsIndexPage.objects.get()
    with_figure = ArticlePageFactory(parent=news, title="Ngày 10/10 là Ngày Chuyển đổi số", category="leaders")
    assert (with_figure.cover_art().figure, with_figure.cover_art().label) == ("10/10", "Hoạt động lãnh đạo")
    plain = ArticlePageFactory(parent=news, title="Mô hình hay ở Thủ Đức", category="models")
    assert (plain.cover_art().figure, plain.cover_art().label) == ("Mô hình chuyển đổi số", "Tin tức")
    assert plain.cover_art().palette != with_figure.cover_art().palette


# --- The URLs -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_cover_url_is_an_svg_cached_for_a_year_at_its_version(client):
    bulletin = BulletinPage.objects.get(issue_number=1)
    url = bulletin.cover_url()
    assert url.startswith(f"/anh-bia/{bulletin.pk}.svg?v=")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "Số 1 · 4/2022" in _texts(response.content.decode())
    etag = response["ETag"]
    assert str(bulletin.live_revision_id) in etag and response["Last-Modified"]
    # Without the version (or with an old one) the answer is short-lived.
    assert client.get(f"/anh-bia/{bulletin.pk}.svg")["Cache-Control"] == "public, max-age=3600"
    assert client.get(f"/anh-bia/{bulletin.pk}.svg?v=old")["Cache-Control"] == "public, max-age=3600"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content


@pytest.mark.django_db
def test_a_new_revision_changes_the_etag_and_the_url(client):
    news = NewsIndexPage.objects.get()
    article = ArticlePageFactory(parent=news, title="Đạt 100% hồ sơ trực tuyến")
    article.save_revision().publish()
    article.refresh_from_db()
    before_url, before = article.cover_url(), client.get(article.cover_url())
    article.title = "Đạt 95% hồ sơ trực tuyến"
    article.save_revision().publish()
    article.refresh_from_db()
    after = client.get(article.cover_url())
    assert article.cover_url() != before_url
    assert after["ETag"] != before["ETag"]
    assert "95%" in _texts(after.content.decode()) and "100%" in _texts(before.content.decode())
    assert client.get(article.cover_url(), HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


@pytest.mark.django_db
def test_unpublished_private_and_coverless_pages_have_no_cover(client):
    news = NewsIndexPage.objects.get()
    draft = ArticlePageFactory(parent=news, title="Bản nháp 2030")
    draft.unpublish()
    assert client.get(f"/anh-bia/{draft.pk}.svg").status_code == 404
    private = ArticlePageFactory(parent=news, title="Tin nội bộ 2030")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert client.get(f"/anh-bia/{private.pk}.svg").status_code == 404
    assert client.get(f"/anh-bia/{Page.objects.get(depth=2).pk}.svg").status_code == 404  # the home page
    assert client.get("/anh-bia/999999.svg").status_code == 404
    assert client.post(f"/anh-bia/{ArticlePage.objects.live().first().pk}.svg").status_code == 405


@pytest.mark.django_db
def test_document_cover_url(client):
    plan = LegalDocument.objects.get(number="681/KH-UBND")
    url = plan.cover_url
    assert url.startswith(f"/anh-bia/van-ban/{plan.slug}.svg?v=")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "681/KH-UBND" in _texts(response.content.decode())
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    plan.live = False
    plan.save(update_fields=["live"])
    assert client.get(url).status_code == 404
    assert client.get("/anh-bia/van-ban/khong-co.svg").status_code == 404


@pytest.mark.django_db
def test_the_etag_names_the_language_of_the_labels(client, settings):
    bulletin = BulletinPage.objects.get(issue_number=1)
    vietnamese = client.get(bulletin.cover_url())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(bulletin.cover_url())
    assert english["Content-Language"] == "en" and "Cookie" in english["Vary"]
    assert english["ETag"] != vietnamese["ETag"]
    assert client.get(bulletin.cover_url(), HTTP_IF_NONE_MATCH=vietnamese["ETag"]).status_code == 200


def test_a_figure_too_long_for_any_size_is_fitted_to_the_width():
    root = ET.fromstring(Cover(figure="1234567890/QĐ-UBND-VP-KGVX-TH-2024", label="Quyết định").svg())
    line = root.find(f".//{SVG}tspan")
    assert line.get("textLength") == "544" and line.get("lengthAdjust") == "spacingAndGlyphs"
    assert ET.fromstring(Cover(figure="2022", label="x").svg()).find(f".//{SVG}tspan").get("textLength") is None


@pytest.mark.django_db
def test_the_cover_tag_draws_nothing_for_a_page_without_covers():
    from django.template import Context, Template

    home = Page.objects.get(depth=2).specific
    assert Template('{% load cover_tags %}[{% cover page "card" %}]').render(Context({"page": home})) == "[]"

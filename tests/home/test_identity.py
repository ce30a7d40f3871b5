"""Issue 16, identity: the header (mark, top band, the operator's agency line), the footer (the
operator, contacts, the legal pages), favicons and the social-share image."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from PIL import Image

from home.models import SiteSettings, StandardPage
from portal.management.commands.load_seed_content import run_seed_loaders
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

STATIC_IMG = Path(django_settings.BASE_DIR) / "static" / "img"
PRIVACY_SLUG = "chinh-sach-bao-ve-du-lieu-ca-nhan"
TERMS_SLUG = "dieu-khoan-su-dung"


def _footer(html):
    return html.split('<footer class="site-footer">', 1)[1]


def _header(html):
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


# --- The legal pages ----------------------------------------------------------------------------


def test_the_seed_makes_both_legal_pages_and_the_settings_point_at_them(home_page):
    privacy = StandardPage.objects.get(slug=PRIVACY_SLUG)
    terms = StandardPage.objects.get(slug=TERMS_SLUG)
    for page in (privacy, terms):
        assert page.live and page.get_parent().pk == home_page.pk
        assert not page.show_in_menus
    assert privacy.title == "Chính sách bảo vệ dữ liệu cá nhân"
    assert terms.title == "Điều khoản sử dụng"
    site_settings = SiteSettings.objects.get()
    assert site_settings.privacy_page_id == privacy.pk
    assert site_settings.terms_page_id == terms.pk


@pytest.mark.parametrize("path", ["/", "/van-ban/", "/dien-dan/", "/gioi-thieu/"])
def test_every_footer_links_to_the_legal_pages(client, path):
    footer = _footer(client.get(path).content.decode())
    assert f'href="/{PRIVACY_SLUG}/">Chính sách bảo vệ dữ liệu cá nhân</a>' in footer
    assert f'href="/{TERMS_SLUG}/">Điều khoản sử dụng</a>' in footer


def test_the_privacy_policy_says_what_the_portal_does_with_data(client):
    response = client.get(f"/{PRIVACY_SLUG}/")
    assert response.status_code == 200
    html = response.content.decode()
    for fact in (
        "Nghị định 13/2023/NĐ-CP",
        "91/2025/QH15",
        "địa chỉ thư điện tử",
        "tên hiển thị",
        "cookie ngôn ngữ",
        "CSRF",
        "cookie phiên",
        "không dùng",  # no analytics, advertising or third-party tracking
        "được công khai cùng tên hiển thị",
        "xoá tài khoản",
        "huỷ đăng ký",
    ):
        assert fact in html, fact
    # The operator is named by the site settings (in the footer), not written into the policy.
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert SiteSettings.objects.get().organisation_name not in main


def test_the_terms_page_answers_and_points_to_the_forum_rules_and_the_policy(client):
    html = client.get(f"/{TERMS_SLUG}/").content.decode()
    assert "nội quy Diễn đàn" in html
    assert "Chính sách bảo vệ dữ liệu cá nhân" in html


def test_an_administrators_choice_of_legal_page_is_shown_and_survives_a_rerun(client, home_page):
    own = StandardPageFactory(parent=home_page, title="Chính sách riêng của đơn vị", slug="chinh-sach-rieng")
    site_settings = SiteSettings.objects.get()
    site_settings.privacy_page = own
    site_settings.save()

    run_seed_loaders()

    assert SiteSettings.objects.get().privacy_page_id == own.pk
    footer = _footer(client.get("/").content.decode())
    assert 'href="/chinh-sach-rieng/">Chính sách riêng của đơn vị</a>' in footer
    assert f'href="/{PRIVACY_SLUG}/"' not in footer


def test_an_unpublished_legal_page_is_not_linked(client):
    StandardPage.objects.get(slug=TERMS_SLUG).unpublish()
    footer = _footer(client.get("/").content.decode())
    assert f'href="/{TERMS_SLUG}/"' not in footer
    assert f'href="/{PRIVACY_SLUG}/"' in footer


def test_a_site_seeded_before_the_legal_pages_gets_them_linked_on_the_next_run():
    site_settings = SiteSettings.objects.get()
    StandardPage.objects.get(slug=PRIVACY_SLUG).delete()
    site_settings.refresh_from_db()
    assert site_settings.privacy_page_id is None  # SET_NULL

    run_seed_loaders()

    site_settings.refresh_from_db()
    assert site_settings.privacy_page.slug == PRIVACY_SLUG
    assert StandardPage.objects.filter(slug=PRIVACY_SLUG).count() == 1


# --- Header and footer --------------------------------------------------------------------------


def test_the_header_has_the_top_band_the_mark_and_the_operators_agency_line(client):
    header = _header(client.get("/").content.decode())
    assert "Cổng thông tin điện tử về chuyển đổi số của Thành phố Hồ Chí Minh" in header
    mark = re.search(r'<img class="site-brand__mark" src="([^"]+)" alt="" width="(\d+)" height="(\d+)">', header)
    assert mark and mark.group(1).endswith("img/mark.svg") and mark.group(2) == mark.group(3)
    operator = SiteSettings.objects.get().organisation_name
    assert operator  # seeded: the current operator
    assert f'<span class="site-brand__agency" lang="vi">{operator}</span>' in header
    # The existing behaviour stays: account link, language switch, menu toggle, search with suggestions.
    for selector in (
        'class="account-links"',
        'class="language-switch"',
        'class="main-nav__toggle"',
        'id="main-nav-list"',
        'id="site-search-q"',
        'list="site-search-suggestions"',
    ):
        assert selector in header, selector


def test_the_agency_line_and_footer_follow_the_site_settings(client):
    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "Cơ quan vận hành thử nghiệm"
    site_settings.phone = "028 0000 0000"
    site_settings.email = "lienhe@example.org"
    site_settings.save()
    html = client.get("/").content.decode()
    assert '<span class="site-brand__agency" lang="vi">Cơ quan vận hành thử nghiệm</span>' in _header(html)
    footer = _footer(html)
    assert '<p class="site-footer__org" lang="vi">Cơ quan vận hành thử nghiệm</p>' in footer
    assert 'href="tel:02800000000"' in footer and 'href="mailto:lienhe@example.org"' in footer

    site_settings.organisation_name = ""
    site_settings.save()
    html = client.get("/").content.decode()
    assert "site-brand__agency" not in html and "site-footer__org" not in html


def test_the_mark_and_favicon_are_svg_and_the_raster_images_have_their_sizes():
    for name in ("mark.svg", "favicon.svg"):
        text = (STATIC_IMG / name).read_text(encoding="utf-8")
        assert text.startswith("<svg") and "#0b4f8a" in text and "#f5b700" in text
    with Image.open(STATIC_IMG / "apple-touch-icon.png") as icon:
        assert icon.size == (180, 180)
    with Image.open(STATIC_IMG / "og-default.png") as share:
        assert share.size == (1200, 630)


def test_icons_and_social_meta_are_in_every_page(client):
    html = client.get("/gioi-thieu/").content.decode()
    head = html.split("</head>", 1)[0]
    assert re.search(r'<link rel="icon" href="[^"]*img/favicon\.svg" type="image/svg\+xml">', head)
    assert re.search(r'<link rel="apple-touch-icon" href="[^"]*img/apple-touch-icon\.png" sizes="180x180">', head)
    about = StandardPage.objects.get(slug="gioi-thieu")
    assert f'<meta property="og:title" content="{about.title}">' in head
    assert '<meta property="og:description" content="Chương trình Chuyển đổi số' in head
    assert '<meta property="og:url" content="http://testserver/gioi-thieu/">' in head
    assert re.search(r'<meta property="og:image" content="http://testserver/static/img/og-default[^"]*\.png">', head)
    assert '<meta property="og:image:width" content="1200">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    # Every page has a description: the editor's, else the page's intro, else the portal's.
    assert head.count('<meta name="description"') == 1


def test_a_page_may_replace_the_social_meta_through_its_block():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string("tests/social_override.html", request=request)
    assert '<meta property="og:title" content="Tiêu đề chia sẻ riêng">' in html
    assert "og-default" not in html


def test_articles_keep_their_own_open_graph_tags_without_duplicates(client):
    from news.models import ArticlePage, NewsIndexPage
    from tests.factories import ArticlePageFactory, ImageFactory

    article = ArticlePage.objects.live().filter(cover_image__isnull=True).first()
    head = client.get(article.url).content.decode().split("</head>", 1)[0]
    for tag in ("og:title", "og:type", "og:url", "og:description", "og:image", "og:site_name", "twitter:card"):
        assert head.count(f'"{tag}"') == 1, tag
    assert '<meta property="og:type" content="article">' in head
    assert "img/og-default" in head  # no cover: the portal's share image

    with_cover = ArticlePageFactory(parent=NewsIndexPage.objects.get(), cover_image=ImageFactory(), live=True)
    head = client.get(with_cover.url).content.decode().split("</head>", 1)[0]
    assert head.count('"og:image"') == 1 and "og-default" not in head


@pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf").exists(), reason="Debian's fonts-dejavu-core"
)
def test_the_brand_images_script_draws_both_images_at_their_sizes(tmp_path):
    from home import brand_images

    brand_images.apple_touch_icon(tmp_path / "icon.png")
    brand_images.share_image(tmp_path / "share.png")
    with Image.open(tmp_path / "icon.png") as icon, Image.open(tmp_path / "share.png") as share:
        assert icon.size == (180, 180) and share.size == (1200, 630)
        # The portal's blue fills the icon's corner; the share image's foot is the darker band.
        assert icon.convert("RGB").getpixel((2, 2)) == brand_images.BLUE
        assert share.convert("RGB").getpixel((600, 620)) == brand_images.BLUE_DARK

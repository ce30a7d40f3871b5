import io
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def squash(text):
    return unicodedata.normalize("NFC", "".join(text.split()))


def test_bulletin_prints_whole_on_a4(page, seeded_server):
    from news.models import BulletinPage

    bulletin = BulletinPage.objects.get(issue_number=1)
    section_titles = [block.value["title"] for block in bulletin.sections]
    page.goto(seeded_server.url + bulletin.url)
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    assert len(pdf.pages) > 2
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points
    # PDF text extraction spaces out Vietnamese glyphs: compare without any white space.
    text = squash(" ".join(p.extract_text() for p in pdf.pages))
    for title in section_titles:
        assert squash(title) in text, title
    assert squash("Trang chủ") not in text  # the site's header and menu are not printed


def test_subscribe_form_validates_on_the_server(page, seeded_server):
    page.goto(seeded_server.url + "/ban-tin/dang-ky/")
    page.fill("#id_email", "nguoi-doc@example.vn")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng ký").click()
    assert page.locator("#consent-error").is_visible()
    assert page.input_value("#id_email") == "nguoi-doc@example.vn"  # nothing typed is lost
    page.check("#id_consent")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng ký").click()
    assert "da-gui=1" in page.url
    assert page.get_by_role("status").is_visible()

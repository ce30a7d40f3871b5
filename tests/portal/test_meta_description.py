"""Every public page has a <meta name="description"> of its own (Lighthouse's SEO audit asks for one)."""

import re

import pytest
from django.utils import timezone

from documents.models import LegalDocument
from tests.factories import public_proposal

pytestmark = pytest.mark.django_db


def description(response):
    found = re.findall(r'<meta name="description" content="([^"]*)">', response.content.decode())
    assert len(found) == 1, found
    return found[0]


def news_index():
    from wagtail.models import Page

    return Page.objects.get(url_path="/home/tin-tuc/").specific


def test_a_page_is_described_by_its_introduction_else_its_title_and_the_portal(client):
    assert description(client.get("/tin-tuc/")) == "Tin tức, sự kiện và hoạt động chuyển đổi số của Thành phố."
    page = news_index()
    page.intro = ""
    page.save_revision().publish()
    assert description(client.get("/tin-tuc/")) == (
        "Tin tức — Cổng thông tin Chuyển đổi số Thành phố Hồ Chí Minh: tin tức, bản tin, văn bản, chỉ tiêu và diễn đàn góp ý."
    )


def test_a_page_with_a_search_description_uses_it(client):
    page = news_index()
    page.search_description = "Tin hoạt động chuyển đổi số của Thành phố & các sở, ngành"
    page.save_revision().publish()
    assert description(client.get("/tin-tuc/")) == "Tin hoạt động chuyển đổi số của Thành phố &amp; các sở, ngành"


def test_a_legal_document_is_described_by_its_number_date_and_title(client):
    document = LegalDocument.objects.live().get(number="305/KH-UBND")
    assert description(client.get(document.get_absolute_url())) == (
        "Kế hoạch 305/KH-UBND ngày 3/2/2023: Triển khai Bộ chỉ số đánh giá chuyển đổi số của Thành phố Hồ Chí Minh năm 2023"
    )


def test_a_proposal_is_described_by_its_title_and_text_without_markup(client):
    proposal = public_proposal(
        title="Đề nghị mở rộng Wi-Fi miễn phí ở chợ Bến Thành",
        body="<p>Tiểu thương cần <strong>mạng ổn định</strong> để nhận thanh toán không tiền mặt.</p>",
        published_at=timezone.now(),
    )
    text = description(client.get(proposal.get_absolute_url()))
    assert (
        text
        == "Đề nghị mở rộng Wi-Fi miễn phí ở chợ Bến Thành. Tiểu thương cần mạng ổn định để nhận thanh toán không tiền mặt."
    )


def test_long_descriptions_are_cut_at_200_characters(client):
    proposal = public_proposal(
        title="Ý kiến dài", body="<p>" + "chuyển đổi số " * 60 + "</p>", published_at=timezone.now()
    )
    text = description(client.get(proposal.get_absolute_url()))
    assert len(text) <= 200 and text.endswith("…")

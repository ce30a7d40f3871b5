"""Nothing unpublished ever reaches the public side: a period the council signed off but did not
publish (even with result rows already there, as after a publication withdrawn), a period under
appraisal, and the assessments' self and appraised scores stay out of every page, export, card,
oEmbed answer, search hit, sitemap entry and block."""

import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.utils import timezone

from dxindex.blocks import BLOCK_NAME
from dxindex.models import Assessment, ComponentEntry, PeriodStatus, PublishedResult, PublishedScore
from portal.search import search
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Đơn vị bí mật qzxw"
SECRET_TOTAL = Decimal("987.65")
SECRETS = (SECRET_NAME, "qzxw", "987,65", "987.65", "876,54", "876.54")


@pytest.fixture
def leaks(published, unpublished):
    """Rows that must never show: result rows of the signed-off period, draft and appraised scores."""
    signed_off, under_appraisal = unpublished
    assessment = signed_off.assessments.select_related("unit", "unit_type").first()
    result = PublishedResult.objects.create(
        period=signed_off,
        unit=assessment.unit,
        unit_name=SECRET_NAME,
        unit_type=assessment.unit_type,
        unit_type_name=assessment.unit_type.name,
        total=SECRET_TOTAL,
        max_total=Decimal("1000"),
        rank=1,
        published_at=timezone.now(),
    )
    main = assessment.unit_type.main_indices.first()
    PublishedScore.objects.create(
        result=result, main_index=main, order=main.order, name=SECRET_NAME, score=SECRET_TOTAL, max_points=1000, rank=1
    )
    Assessment.objects.filter(period__in=[signed_off, under_appraisal]).update(
        self_total=Decimal("876.54"), appraised_total=SECRET_TOTAL
    )
    ComponentEntry.objects.filter(assessment__period=under_appraisal).update(self_score=Decimal("1.99"))
    assert signed_off.status == PeriodStatus.SIGNED_OFF and under_appraisal.status == PeriodStatus.APPRAISAL
    return signed_off, under_appraisal


def public_urls(published, periods, home_page):
    base = "/chi-tieu/chi-so-cds/"
    urls = [base, f"{base}so-sanh/", "/sitemap.xml"]  # the search page echoes its query: hits checked below
    urls += [f"{base}{published.year}/", f"{base}{published.year}/?khoi=department&chi_so=1"]
    urls += [f"{base}{published.year}/xuat.{fmt}" for fmt in ("csv", "json")]
    urls += [
        f"/nhung/xep-hang-cds/{published.year}-department/",
        f"/nhung/xep-hang-cds/{published.year}-department.svg",
    ]
    for slug in published.published_results.values_list("unit__slug", flat=True):
        urls += [f"{base}{published.year}/{slug}/", f"{base}don-vi/{slug}/"]
    for period in periods:
        page = StandardPageFactory(
            parent=home_page,
            body=[{"type": BLOCK_NAME, "value": {"year": period.year, "unit_kind": "department", "limit": 50}}],
        )
        urls.append(page.url)
    urls.append(
        StandardPageFactory(
            parent=home_page, body=[{"type": BLOCK_NAME, "value": {"unit_kind": "department", "limit": 50}}]
        ).url
    )
    return urls


def test_nothing_unpublished_reaches_any_public_answer(client, home_page, published, leaks):
    for url in public_urls(published, leaks, home_page):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        for secret in SECRETS:
            assert secret not in text, (url, secret)
    xlsx = client.get(f"/chi-tieu/chi-so-cds/{published.year}/xuat.xlsx")
    from openpyxl import load_workbook

    cells = {str(c) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row}
    assert not {cell for cell in cells if any(secret in cell for secret in SECRETS)}


def test_unpublished_periods_have_no_page_export_card_or_oembed(client, leaks):
    for period in leaks:
        base = f"/chi-tieu/chi-so-cds/{period.year}/"
        slug = period.assessments.values_list("unit__slug", flat=True).first()
        for url in (
            base,
            f"{base}?khoi=department&chi_so=1",
            f"{base}{slug}/",
            f"{base}xuat.csv",
            f"{base}xuat.json",
            f"{base}xuat.xlsx",
            f"/nhung/xep-hang-cds/{period.year}-department/",
            f"/nhung/xep-hang-cds/{period.year}-department.svg",
            "/oembed/?url=" + quote(f"http://testserver{base}?khoi=department"),
        ):
            assert client.get(url).status_code == 404, url


def test_search_and_sitemap_hold_nothing_unpublished(client, leaks):
    assert not [hit for hit in search(SECRET_NAME, page_size=100).hits if "chi-so-cds" in hit.url]
    for period in leaks:
        assert not [hit for hit in search(f"năm {period.year}", page_size=100).hits if str(period.year) in hit.url]
    xml = client.get("/sitemap.xml").content.decode()
    for period in leaks:
        assert f"/chi-so-cds/{period.year}/" not in xml

"""Cards for other sites (kpi.embeds): the frame page, the SVG image, the oEmbed endpoint, the
snippets on the portal's pages, the frame policy from the allowed origins, caching and purging."""

import json
import re
from decimal import Decimal
from html import unescape
from urllib.parse import quote

import pytest
from defusedxml import ElementTree as ET
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from kpi import progress
from kpi.models import EmbedSettings, Indicator, Measurement, Plan, Target, parse_origins
from portal import page_cache
from portal.models import Organisation

pytestmark = pytest.mark.django_db

# Seeded with a measurement (kpi/seed_measurements.yaml: 22% GRDP in 2024) and a 2030 target of
# QĐ 2393 (kpi/seed/targets.yaml).
SLUG = "kinh-te-so-grdp"
PLAN = "qd-2393"
FRAME = f"/nhung/chi-tieu/{SLUG}/"
SVG = f"/nhung/chi-tieu/{SLUG}.svg"
PLAN_FRAME = f"/nhung/ke-hoach/{PLAN}/"
PLAN_SVG = f"/nhung/ke-hoach/{PLAN}.svg"
INDICATOR_PAGE = f"/chi-tieu/{SLUG}/"
EMBED_ROUTES = [FRAME, SVG, PLAN_FRAME, PLAN_SVG]


def allow(*origins):
    settings = EmbedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allowed_origins = "\n".join(origins)
    settings.full_clean()
    settings.save()
    return settings


def csp(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def latest_of(slug):
    return Indicator.objects.get(slug=slug).latest_measurement()


# --- the frame page ----------------------------------------------------------------------------


def test_indicator_frame_shows_the_seeded_value_target_status_and_source(client):
    latest = latest_of(SLUG)
    assert latest.year == 2024 and latest.value == Decimal("22")
    summary = Indicator.objects.get(slug=SLUG).summary()
    response = client.get(FRAME)
    assert response.status_code == 200
    # WSGI servers take str header names only (the CSP enum once reached them).
    assert all(type(name) is str for name in response.headers)
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Tỷ trọng kinh tế số trong GRDP" in html
    assert "Số đo mới nhất (2024)" in html and ">22% GRDP</strong>" in html
    for target, _assessment in summary["targets"]:
        assert f"Mục tiêu {target.year}: <strong>{target.display_with_unit}</strong>" in unescape(html)
    headline = summary["headline"]
    assert f'<span class="status status--{headline.status}">{headline.label}</span> {headline.reason}' in html
    assert f'value="{headline.progress}"' in html  # the progress meter
    assert "lộ trình đường thẳng" in html  # the rule
    assert f'href="{latest.source_url}" target="_blank" rel="noopener">{latest.source}</a>' in unescape(html)
    assert (
        f'<a href="http://testserver{INDICATOR_PAGE}" target="_blank" rel="noopener">Xem trên Cổng Chuyển đổi số</a>'
        in html
    )
    # Standalone: its own small stylesheet, no script, no userbar, no site header.
    assert "/static/css/embed.css" in html and "portal.css" not in html
    assert "<script" not in html and "wagtail-userbar" not in html and "main-nav" not in html


def test_plan_frame_counts_its_indicators_by_status_and_lists_the_measured_ones(client):
    plan = Plan.objects.get(slug=PLAN)
    indicators = Indicator.objects.filter(targets__plan=plan).distinct()
    expected = dict.fromkeys(progress.STATUS_ORDER, 0)
    for indicator in indicators:
        expected[indicator.summary(plan=plan)["headline"].status] += 1
    html = client.get(PLAN_FRAME).content.decode()
    for code, count in expected.items():
        assert f'<strong data-status="{code}">{count}</strong>' in html
    assert f"{indicators.count()} chỉ tiêu" in html
    assert "Tỷ trọng kinh tế số trong GRDP</span>: <strong data-value>22% GRDP</strong> (2024;" in html
    assert f'href="http://testserver/chi-tieu/?ke-hoach={PLAN}" target="_blank" rel="noopener"' in html


@pytest.mark.parametrize("url", EMBED_ROUTES + ["/oembed/?url=" + quote(f"http://testserver{INDICATOR_PAGE}")])
def test_embed_answers_set_no_cookie_do_not_vary_on_one_and_are_public(client, url):
    client.cookies["portal_language"] = "en"  # a reader who chose English still gets the Vietnamese card
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Language"] == "vi"


def test_unknown_cards_are_404(client):
    for url in ("/nhung/chi-tieu/khong-co/", "/nhung/chi-tieu/khong-co.svg", "/nhung/ke-hoach/khong-co/",
                "/nhung/xep-hang/tphcm/", "/nhung/xep-hang/tphcm.svg"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_embed_routes_refuse_posts(client):
    assert client.post(FRAME).status_code == 405


# --- the frame policy --------------------------------------------------------------------------


def test_with_allowed_origins_only_the_frame_pages_may_be_framed_by_them(client):
    allow("https://sotttt.hochiminhcity.gov.vn", "http://localhost:8123")
    for url in (FRAME, PLAN_FRAME):
        response = client.get(url)
        assert csp(response)["frame-ancestors"] == [
            "'self'",
            "https://sotttt.hochiminhcity.gov.vn",
            "http://localhost:8123",
        ]
        assert csp(response)["script-src"] == ["'none'"]
        assert "X-Frame-Options" not in response
    # Everything else keeps frame-ancestors 'none' and X-Frame-Options DENY.
    for url in ("/", "/chi-tieu/", INDICATOR_PAGE, SVG, "/oembed/?url=" + quote(f"http://testserver{FRAME}")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert csp(response)["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_without_allowed_origins_the_frame_pages_may_be_framed_by_the_portal_only(client):
    allow()
    response = client.get(FRAME)
    assert csp(response)["frame-ancestors"] == ["'self'"]
    assert "X-Frame-Options" not in response
    assert csp(client.get("/chi-tieu/"))["frame-ancestors"] == ["'none'"]


def test_origins_are_validated_and_normalised():
    assert parse_origins("https://Ok.gov.vn/\n\n  http://localhost:8000 \nhttps://*.gov.vn\nhttps://ok.gov.vn") == [
        "https://ok.gov.vn",
        "http://localhost:8000",
        "https://*.gov.vn",
    ]
    with pytest.raises(ValidationError) as raised:
        parse_origins("https://ok.gov.vn\nftp://x.gov.vn\nhttps://x.gov.vn/trang\n*\n'self'\nhttps://x.vn:99999")
    messages = raised.value.messages
    assert [m.split(":")[0] for m in messages] == ["Dòng 2", "Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert "“https://x.gov.vn/trang” không phải là một nguồn hợp lệ" in messages[1]


def test_the_admin_form_shows_the_errors_and_saves_nothing(client, superuser):
    site = Site.objects.get(is_default_site=True)
    client.force_login(superuser)
    url = f"/admin/settings/kpi/embedsettings/{site.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"allowed_origins": "https://ok.gov.vn\njavascript:alert(1)"})
    assert response.status_code == 200
    assert "Dòng 2: “javascript:alert(1)” không phải là một nguồn hợp lệ" in response.content.decode()
    assert EmbedSettings.for_site(site).allowed_origins == ""
    response = client.post(url, {"allowed_origins": "HTTPS://Ok.gov.vn/\nhttp://127.0.0.1:8123"})
    assert response.status_code == 302
    assert EmbedSettings.for_site(site).allowed_origins == "https://ok.gov.vn\nhttp://127.0.0.1:8123"
    client.logout()
    assert csp(client.get(FRAME))["frame-ancestors"] == ["'self'", "https://ok.gov.vn", "http://127.0.0.1:8123"]


# --- oEmbed ------------------------------------------------------------------------------------


def oembed(client, url, **params):
    return client.get("/oembed/", {"url": url, **params})


@pytest.mark.parametrize("url", [INDICATOR_PAGE, FRAME, SVG])
def test_oembed_answers_for_the_page_the_frame_and_the_image(client, url):
    response = oembed(client, "http://testserver" + url, format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert set(data) == {
        "version",
        "type",
        "title",
        "provider_name",
        "provider_url",
        "html",
        "width",
        "height",
        "cache_age",
    }
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == "Tỷ trọng kinh tế số trong GRDP"
    assert data["provider_name"] == "Cổng Chuyển đổi số TP. Hồ Chí Minh"
    assert data["provider_url"] == "http://testserver/"
    assert data["cache_age"] == 300
    assert data["html"].startswith(f'<iframe src="http://testserver{FRAME}" title="Tỷ trọng kinh tế số trong GRDP"')
    assert f'width="{data["width"]}" height="{data["height"]}"' in data["html"]


def test_oembed_for_a_plan_and_maxwidth(client):
    data = json.loads(oembed(client, f"http://testserver/chi-tieu/?ke-hoach={PLAN}", maxwidth="320").content)
    assert data["html"].startswith(f'<iframe src="http://testserver{PLAN_FRAME}"')
    assert data["width"] == 320 and 'width="320"' in data["html"]


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/nhung/chi-tieu/khong-co/",
        "http://testserver/chi-tieu/khong-co/",
        "http://example.com" + INDICATOR_PAGE,  # another site
        "http://testserver/cam-nang/",
        "http://testserver/chi-tieu/",  # the dashboard, no plan
        f"http://testserver/chi-tieu/?ke-hoach={PLAN}&nam=2025",  # not a plan's summary
        "javascript:alert(1)",
    ],
)
def test_oembed_is_404_for_other_urls(client, url):
    assert oembed(client, url).status_code == 404


def test_oembed_xml_is_not_implemented_and_a_url_is_required(client):
    assert oembed(client, "http://testserver" + INDICATOR_PAGE, format="xml").status_code == 501
    assert client.get("/oembed/").status_code == 400


# --- the snippets on the portal's pages ----------------------------------------------------------


def test_indicator_page_offers_the_snippets_and_announces_oembed(client):
    html = client.get(INDICATOR_PAGE).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html)
    assert link is not None
    data = json.loads(client.get(unescape(link.group(1))).content)
    assert data["type"] == "rich" and FRAME in data["html"]
    details = html[html.index('<details class="kpi-embed">') : html.index("</details>")]
    assert "<summary>Nhúng chỉ tiêu này</summary>" in details
    iframe = re.search(
        r'<label for="([^"]+)">Mã nhúng khung \(iframe\)</label>\s*<textarea id="\1" rows="4" readonly>([^<]*)</textarea>',
        details,
    )
    assert iframe is not None and unescape(iframe.group(2)) == data["html"]
    image = re.search(
        r'<label for="([^"]+)">Mã nhúng ảnh tĩnh \(SVG\)</label>\s*<textarea id="\1" rows="4" readonly>([^<]*)</textarea>',
        details,
    )
    assert image is not None
    assert unescape(image.group(2)) == (
        f'<a href="http://testserver{INDICATOR_PAGE}"><img src="http://testserver{SVG}" '
        'alt="Tỷ trọng kinh tế số trong GRDP" width="400"></a>'
    )
    # The copy buttons are an enhancement: hidden until the script shows them.
    assert 'data-copy="#' in details and " hidden>" in details


def test_dashboard_filtered_by_a_plan_offers_the_plan_card(client):
    html = client.get(f"/chi-tieu/?ke-hoach={PLAN}").content.decode()
    assert "<summary>Nhúng tóm tắt kế hoạch này</summary>" in html
    assert f"http://testserver{PLAN_FRAME}" in html and 'type="application/json+oembed"' in html
    unfiltered = client.get("/chi-tieu/").content.decode()
    assert "kpi-embed" not in unfiltered and "json+oembed" not in unfiltered


# --- the SVG image -----------------------------------------------------------------------------


def test_svg_is_a_well_formed_accessible_image_with_the_value(client):
    response = client.get(SVG)
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    root = ET.fromstring(response.content)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    assert int(root.get("width")) == 400 and int(root.get("height")) > 100
    assert root.find(f"{ns}title").text == "Tỷ trọng kinh tế số trong GRDP (Cổng Chuyển đổi số TP. Hồ Chí Minh)"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "22% GRDP" in texts and "Số đo mới nhất (2024)" in texts
    assert any(t.startswith("Nguồn: Bộ Thông tin và Truyền thông") for t in texts)
    # Every line fits the card.
    assert all(int(t.get("y")) < int(root.get("height")) for t in root.iter(f"{ns}text"))


def test_svg_escapes_names_and_sources(client):
    place = Organisation.objects.filter(indicators__slug=SLUG).first()
    nasty = "Chỉ số <script>alert(\"x\")</script> & “đặc biệt” 'Đà Nẵng'"
    indicator = Indicator.objects.create(slug="thu-escape", name=nasty, pillar="economy", place=place, unit="%")
    Measurement.objects.create(
        indicator=indicator, year=2024, value=Decimal("12.5"), source="Nguồn <b>&amp;</b>", review="approved"
    )
    plan = Plan.objects.get(slug=PLAN)
    Target.objects.create(indicator=indicator, plan=plan, year=2030, value=20, passage="x")
    response = client.get("/nhung/chi-tieu/thu-escape.svg")
    body = response.content.decode()
    assert "<script" not in body and "<b>" not in body
    root = ET.fromstring(response.content)  # well-formed: every special character escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text.startswith(nasty)
    texts = " ".join(t.text for t in root.iter(f"{ns}text"))
    assert "12,5%" in texts and "Nguồn <b>&amp;</b>" in texts
    html = client.get("/nhung/chi-tieu/thu-escape/").content.decode()
    assert "<script" not in html and "&lt;script&gt;" in html


# --- queries -----------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_data(client):
    client.get(FRAME)  # the site and the dashboard's URL are cached after the first request
    indicator = Indicator.objects.get(slug=SLUG)
    few = count_queries(client, FRAME)
    few_plan = count_queries(client, PLAN_FRAME)
    for year in range(2000, 2015):
        Measurement.objects.create(indicator=indicator, year=year, value=year - 1990, source="thử", review="approved")
    for year in range(2031, 2036):
        Target.objects.create(indicator=indicator, plan=Plan.objects.get(slug=PLAN), year=year, value=50, passage="x")
    place = indicator.place
    for n in range(10):
        other = Indicator.objects.create(slug=f"thu-{n}", name=f"Thử {n}", pillar="economy", place=place)
        Target.objects.create(indicator=other, plan=Plan.objects.get(slug=PLAN), year=2030, value=n, passage="x")
        Measurement.objects.create(indicator=other, year=2024, value=n, source="thử", review="approved")
    assert count_queries(client, FRAME) == few
    assert count_queries(client, PLAN_FRAME) == few_plan
    assert few <= 6 and few_plan <= 7


# --- caching and purging -----------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    page_cache.local.clear()
    yield
    page_cache.local.clear()


def test_cards_are_cached_and_purged_when_a_measurement_is_added(
    client, page_cache_on, django_capture_on_commit_callbacks
):
    urls = [FRAME, SVG, PLAN_FRAME, INDICATOR_PAGE]
    for url in urls:
        assert client.get(url)[page_cache.HEADER] == "MISS"
        assert client.get(url)[page_cache.HEADER] == "HIT", url
    indicator = Indicator.objects.get(slug=SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        Measurement.objects.create(
            indicator=indicator, year=2025, value=Decimal("27.5"), source="Nguồn thử", review="approved"
        )
    for url in urls:
        response = client.get(url)
        assert response[page_cache.HEADER] == "MISS", url
        assert "27,5%" in response.content.decode(), url


def test_changing_the_allowed_origins_purges_every_frame_page(
    client, page_cache_on, django_capture_on_commit_callbacks
):
    assert csp(client.get(FRAME))["frame-ancestors"] == ["'self'"]
    assert client.get(FRAME)[page_cache.HEADER] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        allow("https://so.gov.vn")
    response = client.get(FRAME)
    assert response[page_cache.HEADER] == "MISS"
    assert csp(response)["frame-ancestors"] == ["'self'", "https://so.gov.vn"]


def test_deleting_an_indicator_purges_its_card(client, page_cache_on, django_capture_on_commit_callbacks):
    place = Organisation.objects.filter(indicators__slug=SLUG).first()
    indicator = Indicator.objects.create(slug="thu-xoa", name="Thử xóa", pillar="economy", place=place)
    assert client.get("/nhung/chi-tieu/thu-xoa/").status_code == 200
    assert client.get("/nhung/chi-tieu/thu-xoa/")[page_cache.HEADER] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        indicator.delete()
    assert client.get("/nhung/chi-tieu/thu-xoa/").status_code == 404


def test_the_settings_row_made_on_first_read_purges_nothing(client, page_cache_on, django_capture_on_commit_callbacks):
    EmbedSettings.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.get(FRAME)[page_cache.HEADER] == "MISS"  # Wagtail creates the row
    assert EmbedSettings.objects.count() == 1
    assert callbacks == []
    assert client.get(FRAME)[page_cache.HEADER] == "HIT"

"""axe-core (shipped inside axe-playwright-python, nothing downloaded) on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/cam-nang/",
    "/cam-nang/chinh-quyen-so/",
    "/van-ban/",
    "/van-ban/kh-681-kh-ubnd-2021/",
    "/tin-tuc/",
    "/ban-tin/so-1-thang-4-2022/",
    "/ban-tin/dang-ky/",
    "/chi-tieu/",
    "/chi-tieu/kinh-te-so-grdp/",
    "/dien-dan/",
    "/dien-dan/noi-quy/",
    "/tai-khoan/login/",
    "/tai-khoan/signup/",
    "/tai-khoan/password/reset/",
    "/tim-kiem/?q=chuyen+doi+so",
    "/tim-kiem/?q=593+kh+ubnd",
    "/tim-kiem/?q=qwzxq+chuyen",
    "/giao-dien/",
    "/khong-co-trang-nay/",
]


def _violations(page, url):
    page.goto(url)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    return [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in results.response["violations"]]


def test_signed_in_forum_pages_have_no_accessibility_violations(browser, seeded_server):
    from django.conf import settings
    from django.test import Client

    from tests.factories import public_proposal, verified_citizen

    citizen = verified_citizen(username="a11y")
    proposal = public_proposal(author=citizen)
    proposal.comments.create(author=citizen, body="<p>Bình luận mẫu</p>")
    client = Client()
    client.force_login(citizen)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": seeded_server.url,
            }
        ]
    )
    page = context.new_page()
    problems = {}
    for path in [
        "/dien-dan/gui-y-kien/",
        proposal.get_absolute_url(),
        "/tai-khoan/trang-cua-toi/",
        "/tai-khoan/ho-so/",
        "/tai-khoan/xoa-tai-khoan/",
    ]:
        found = _violations(page, seeded_server.url + path)
        if found:
            problems[path] = found
    context.close()
    assert not problems, problems


def test_main_pages_have_no_accessibility_violations(page, seeded_server):
    axe = Axe()
    problems = {}
    for path in PAGES:
        page.goto(seeded_server.url + path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
        violations = results.response["violations"]
        if violations:
            problems[path] = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in violations]
    assert not problems, problems


def test_the_check_catches_a_violation(page, seeded_server):
    """The gate can fail: an image without alternative text is reported."""
    page.goto(seeded_server.url + "/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/img/favicon.svg\">')"
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a"]}})
    assert "image-alt" in [violation["id"] for violation in results.response["violations"]]

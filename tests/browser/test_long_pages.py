"""Long pages in Chromium, without JavaScript: a proposal's comments switch order and page by
plain links, and a comment's permanent address lands on its page, scrolled to it."""

import pytest

from tests.factories import comment_threads, public_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_pages_and_permalink_without_javascript(browser, seeded_server, settings):
    settings.FORUM_COMMENTS_PAGE_SIZE = 50
    proposal = public_proposal(title="Số hoá hồ sơ đất đai")
    comments = comment_threads(proposal, 120)
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    base = seeded_server.url

    page.goto(base + proposal.get_absolute_url())
    assert page.locator(".comment-list > li").first.inner_text().count("Bình luận số 1") == 1
    page.get_by_role("link", name="Mới nhất").first.click()
    assert "Bình luận số 120" in page.locator(".comment-list > li").first.inner_text()
    nav = page.get_by_role("navigation", name="Các trang bình luận").first
    nav.get_by_role("link", name="Trang 3").click()
    assert page.url.endswith("?thu_tu=moi-nhat&trang=3#binh-luan")
    assert (
        " ".join(page.locator('.pagination--comments [aria-current="page"]').first.text_content().split()) == "Trang 3"
    )

    target = comments[110]  # the 111th: page 3 oldest first
    page.goto(base + target.get_absolute_url())
    assert page.url.endswith(f"?trang=3#binh-luan-{target.pk}")
    assert page.locator(f"#binh-luan-{target.pk}").is_visible()
    assert page.evaluate(f"document.getElementById('binh-luan-{target.pk}').getBoundingClientRect().top") < 900
    context.close()

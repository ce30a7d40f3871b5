import pytest
from django.urls import reverse

from home.models import HandbookChapterPage, HomePage, StandardPage
from tests.factories import AlbumPageFactory, HandbookChapterPageFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/cam-nang/", "/thu-vien/", "/gioi-thieu/", "/gioi-thieu/ban-chi-dao/"])
def test_seeded_pages_answer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")


def test_home_page_shows_programme_pillars_and_navigation(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    for text in ("Chính quyền số", "Kinh tế số", "Xã hội số", "Quyết định", "2393/QĐ-UBND"):
        assert text in html
    # Header: Trang chủ, the handbook in the menu, a search box; footer from site settings.
    assert ">Trang chủ<" in html
    assert 'href="/cam-nang/"' in html
    assert 'role="search"' in html
    assert "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh" in html
    assert "https://chuyendoiso.hochiminhcity.gov.vn" in html


def test_home_sections_from_other_apps_are_hidden_until_they_exist(client):
    html = client.get("/").content.decode()
    # The forum's block shows while its page is live (inviting proposals even before any exists).
    assert "home-section--forum" in html
    from forum.models import ForumIndexPage

    ForumIndexPage.objects.get().unpublish()
    assert "home-section--forum" not in client.get("/").content.decode()
    # The library exists: its newest documents are on the home page, and hidden when there are none.
    assert "home-section--documents" in html and "305/KH-UBND" in html
    from documents.models import LegalDocument

    LegalDocument.objects.update(live=False)
    assert "home-section--documents" not in client.get("/").content.decode()


def test_home_section_hook_adds_a_block(client):
    from wagtail import hooks

    def latest_news(request, page):
        return {"key": "news", "order": 10, "template": "tests/home_section.html", "items": ["Tin thử nghiệm"]}

    with hooks.register_temporarily("portal_home_sections", latest_news):
        html = client.get("/").content.decode()
    assert "home-section--news" in html
    assert "Tin thử nghiệm" in html


def test_about_page_lists_the_steering_committee_child_page(client):
    html = client.get("/gioi-thieu/").content.decode()
    assert "Ban chỉ đạo" in html
    assert 'href="/gioi-thieu/ban-chi-dao/"' in html


def test_steering_committee_page_has_the_seeded_facts(client):
    html = client.get("/gioi-thieu/ban-chi-dao/").content.decode()
    assert "994/QĐ-UBND" in html
    assert "23" in html


def test_handbook_lists_six_chapters_in_order(client, handbook):
    # The page's content: the head's description (the intro, which names chapters) comes before it.
    html = client.get("/cam-nang/").content.decode().split('<main id="main"', 1)[1]
    chapters = list(HandbookChapterPage.objects.child_of(handbook).live())
    assert len(chapters) == 6
    positions = [html.index(chapter.title) for chapter in chapters]
    assert positions == sorted(positions)


def test_handbook_chapter_has_toc_sources_and_prev_next(client, handbook):
    chapters = list(HandbookChapterPage.objects.child_of(handbook).live())
    second = chapters[1]
    html = client.get(second.url).content.decode()
    assert 'class="toc"' in html
    for item in second.table_of_contents:
        assert f'href="#{item["anchor"]}"' in html
        assert f'id="{item["anchor"]}"' in html
    assert f'rel="prev" href="{chapters[0].url}"' in html
    assert f'rel="next" href="{chapters[2].url}"' in html
    assert "Văn bản nguồn" in html
    assert 'media="print"' in html


def test_first_and_last_chapters_have_one_neighbour(client, handbook):
    chapters = list(HandbookChapterPage.objects.child_of(handbook).live())
    first = client.get(chapters[0].url).content.decode()
    last = client.get(chapters[-1].url).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_draft_chapter_is_not_listed_or_linked(client, handbook):
    draft = HandbookChapterPageFactory(parent=handbook, title="Chương bản nháp", live=False)
    assert "Chương bản nháp" not in client.get("/cam-nang/").content.decode()
    assert client.get(draft.url or f"/cam-nang/{draft.slug}/").status_code == 404


def test_empty_media_library_says_so(client):
    html = client.get("/thu-vien/").content.decode()
    assert "chưa có album" in html


def test_album_shows_image_renditions(client, media_library):
    image = ImageFactory()
    album = AlbumPageFactory(
        parent=media_library,
        title="Ngày Chuyển đổi số",
        items=[{"type": "image", "value": {"image": image.pk, "caption": "Khai mạc", "alt_text": "Sân khấu"}}],
    )
    listing = client.get("/thu-vien/").content.decode()
    assert "Ngày Chuyển đổi số" in listing
    assert "fill-480x320" in listing
    html = client.get(album.url).content.decode()
    assert 'alt="Sân khấu"' in html
    assert "Khai mạc" in html
    assert image.renditions.filter(filter_spec="fill-480x360").exists()


@pytest.mark.parametrize("finder_works", [True, False])
def test_album_video_is_embedded_or_linked(client, media_library, settings, finder_works):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.embed_finder.FakeYouTubeFinder"}] if finder_works else []
    album = AlbumPageFactory(
        parent=media_library,
        items=[
            {
                "type": "video",
                "value": {"video": "https://www.youtube.com/watch?v=abc", "title": "Video thử", "caption": ""},
            }
        ],
    )
    html = client.get(album.url).content.decode()
    assert "Video thử" in html
    if finder_works:
        assert "https://www.youtube.com/embed/abc" in html
    else:  # no provider answered: the reader still gets a link to the video
        assert 'href="https://www.youtube.com/watch?v=abc"' in html


# --- Query budgets: a page's query count does not grow with its children -------------------


def _count_queries(client, url, django_assert_max_num_queries, budget):
    client.get(url)  # warm the menu and URL caches, as any visitor's second request finds them
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


BUDGET = 15


def test_home_page_query_budget(client, home_page, django_assert_max_num_queries):
    for _ in range(15):
        StandardPageFactory(parent=home_page, show_in_menus=True)
    client.get("/")  # warm the menu cache as a visitor's second request would
    # The home page also shows a section from each app (news, bulletin, documents, KPIs, forum).
    _count_queries(client, "/", django_assert_max_num_queries, BUDGET + 9)


def test_handbook_index_query_budget(client, handbook, django_assert_max_num_queries):
    for _ in range(25):
        HandbookChapterPageFactory(parent=handbook)
    _count_queries(client, "/cam-nang/", django_assert_max_num_queries, BUDGET)


def test_standard_page_query_budget(client, home_page, django_assert_max_num_queries):
    about = StandardPage.objects.get(slug="gioi-thieu")
    for _ in range(25):
        StandardPageFactory(parent=about)
    _count_queries(client, about.url, django_assert_max_num_queries, BUDGET)


def test_media_library_query_budget(client, media_library, django_assert_max_num_queries):
    for _ in range(12):
        AlbumPageFactory(parent=media_library)
    client.get("/thu-vien/")  # renditions are created on the first view
    _count_queries(client, "/thu-vien/", django_assert_max_num_queries, BUDGET)


def test_album_query_budget(client, media_library, django_assert_max_num_queries):
    images = [ImageFactory() for _ in range(15)]
    album = AlbumPageFactory(
        parent=media_library,
        items=[{"type": "image", "value": {"image": image.pk, "caption": "", "alt_text": ""}} for image in images],
    )
    client.get(album.url)
    _count_queries(client, album.url, django_assert_max_num_queries, BUDGET)


def test_home_page_is_a_singleton():
    assert HomePage.max_count == 1
    assert not HomePage.can_create_at(HomePage.objects.get())


def test_search_page_finds_seeded_pages_and_is_noindex(client):
    response = client.get(reverse("search"), {"q": "Cẩm nang"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="robots" content="noindex"' in html
    assert "/cam-nang/" in html

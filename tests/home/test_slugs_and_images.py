"""Issue 11: ASCII slugs for editor-made pages (item 8) and alt text for images (item 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import StandardPage
from news.models import NewsIndexPage
from portal.models import PortalImage
from tests.factories import ArticlePageFactory, ImageFactory

pytestmark = pytest.mark.django_db


# --- Item 8: slugs ---------------------------------------------------------------------------


def _standard_page_data(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "body": streamfield([]),
            "sources": streamfield([]),
            "menu_title": "",
            "seo_title": "",
            "search_description": "",
            "action-publish": "1",
        }
    )


def test_a_page_created_in_the_admin_with_a_unicode_slug_gets_an_ascii_one(client, superuser, home_page):
    client.force_login(superuser)
    add = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    title = "Hội thảo chuyển đổi số tháng 11/2026"
    response = client.post(add, _standard_page_data(title, "hội-thảo-chuyển-đổi-số-tháng-11-2026"))
    assert response.status_code == 302
    page = StandardPage.objects.get(title=title)
    assert page.slug == "hoi-thao-chuyen-doi-so-thang-11-2026"
    assert page.url.endswith("/hoi-thao-chuyen-doi-so-thang-11-2026/")
    assert page.get_latest_revision().content["slug"] == page.slug


def test_a_blank_slug_is_made_from_the_title_folding_d(home_page):
    page = StandardPage(title="Đẩy mạnh đổi mới sáng tạo")
    home_page.add_child(instance=page)
    assert page.slug == "day-manh-doi-moi-sang-tao"  # Django's ASCII slugify would drop the "đ"s
    twin = StandardPage(title="Đẩy mạnh đổi mới sáng tạo")
    home_page.add_child(instance=twin)
    assert twin.slug == "day-manh-doi-moi-sang-tao-2"


def test_ascii_slugs_are_kept_as_typed(home_page):
    page = StandardPage(title="Trang", slug="so_1-ABC")
    home_page.add_child(instance=page)
    assert page.slug == "so_1-ABC"


def test_a_snippet_slug_typed_with_diacritics_is_folded_to_ascii(client, superuser):
    from documents.models import LegalField

    client.force_login(superuser)
    add = reverse("wagtailsnippets_documents_legalfield:add")
    response = client.post(add, {"name": "Đô thị thông minh (thử)", "slug": "đô-thị-thông-minh-thử"})
    assert response.status_code == 302
    assert LegalField.objects.get(name="Đô thị thông minh (thử)").slug == "do-thi-thong-minh-thu"


def test_snippet_slugs_saved_in_code_are_ascii_too():
    from documents.models import LegalField

    field = LegalField.objects.create(name="Dữ liệu số (thử)", slug="dữ-liệu-số")
    field.refresh_from_db()
    assert field.slug == "du-lieu-so"


# --- Item 9: alt text ------------------------------------------------------------------------


def _upload(client, **fields):
    upload = SimpleUploadedFile("IMG_2041.png", get_test_image_file().file.getvalue(), content_type="image/png")
    data = {"title": "IMG_2041.png", "file": upload, **fields}
    return client.post(reverse("wagtailimages:add"), data)


def test_an_image_without_alt_text_is_refused_in_vietnamese(client, superuser):
    client.force_login(superuser)
    before = PortalImage.objects.count()
    response = _upload(client)
    assert response.status_code == 200
    assert "Hãy nhập văn bản thay thế mô tả ảnh, hoặc đánh dấu đây là ảnh trang trí." in response.content.decode()
    assert PortalImage.objects.count() == before
    assert _upload(client, description="   ").status_code == 200
    assert PortalImage.objects.count() == before


def test_an_image_with_alt_text_or_marked_decorative_is_accepted(client, superuser):
    client.force_login(superuser)
    assert _upload(client, description="Lãnh đạo Thành phố phát biểu tại hội nghị").status_code == 302
    image = PortalImage.objects.latest("pk")
    assert image.alt == "Lãnh đạo Thành phố phát biểu tại hội nghị"
    assert _upload(client, is_decorative="on").status_code == 302
    image = PortalImage.objects.latest("pk")
    assert image.is_decorative and image.alt == ""


def test_the_upload_form_asks_for_alt_text_in_vietnamese(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailimages:add")).content.decode()
    assert "Văn bản thay thế" in html or "văn bản thay thế" in html
    assert 'name="is_decorative"' in html


def _article_with(image, alt_in_block=""):
    news = NewsIndexPage.objects.get()
    block = {"type": "image", "value": {"image": image.pk, "caption": "", "alt_text": alt_in_block}}
    return ArticlePageFactory(parent=news, title="Bài có ảnh", cover_image=image, body=[block], live=True)


def test_an_image_on_an_article_carries_its_alt_text(client):
    image = ImageFactory(title="IMG_2041.png", description="Hội nghị gặp mặt doanh nghiệp CNTT")
    article = _article_with(image)
    html = client.get(article.url).content.decode()
    assert html.count('alt="Hội nghị gặp mặt doanh nghiệp CNTT"') == 2  # the cover and the body's image
    assert 'alt=""' not in html.split("<main", 1)[1]
    assert 'alt="IMG_2041.png"' not in html


def test_a_decorative_image_gets_an_empty_alt(client):
    image = ImageFactory(title="hoa-van.png", is_decorative=True)
    article = _article_with(image)
    main = client.get(article.url).content.decode().split("<main", 1)[1]
    assert main.count('alt=""') == 2
    assert 'alt="hoa-van.png"' not in main


def test_images_stored_before_alt_text_fall_back_to_their_title():
    image = ImageFactory(title="Toàn cảnh hội nghị", description="")
    assert image.description == "" and image.alt == "Toàn cảnh hội nghị"


def test_the_multiple_uploader_asks_for_alt_text_before_it_stores_an_image(client, superuser):
    from wagtail.models import UploadedFile

    client.force_login(superuser)
    before = PortalImage.objects.count()
    upload = SimpleUploadedFile("DSC_0001.png", get_test_image_file().file.getvalue(), content_type="image/png")
    answer = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload}).json()
    assert answer["success"] and "uploaded_file_id" in answer  # kept aside until described
    assert PortalImage.objects.count() == before
    upload_id = answer["uploaded_file_id"]
    assert UploadedFile.objects.filter(pk=upload_id).exists()
    url = reverse("wagtailimages:create_multiple_from_uploaded_image", args=(upload_id,))
    prefix = f"uploaded-image-{upload_id}"
    refused = client.post(url, {f"{prefix}-title": "DSC_0001.png", f"{prefix}-description": ""}).json()
    assert not refused["success"] and "Hãy nhập văn bản thay thế" in refused["form"]
    described = {f"{prefix}-title": "Toàn cảnh hội nghị", f"{prefix}-description": "Toàn cảnh hội trường hội nghị"}
    assert client.post(url, described).json()["success"]
    assert PortalImage.objects.latest("pk").alt == "Toàn cảnh hội trường hội nghị"

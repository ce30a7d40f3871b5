"""Citizens submit proposals; only public ones are seen by others; forms keep what was typed."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forum.models import Proposal, ProposalKind, Status
from tests.factories import ProposalFactory, public_proposal


def _form(**overrides):
    import uuid

    from forum.models import ProposalCategory

    data = {
        "kind": ProposalKind.objects.get(slug="hien-ke").pk,
        "category": ProposalCategory.objects.get(slug="chinh-quyen-so").pk,
        "title": "Mở rộng thanh toán không dùng tiền mặt ở chợ truyền thống",
        "body": "Đề nghị Thành phố hỗ trợ tiểu thương các chợ truyền thống dùng mã QR để nhận thanh toán.",
        "submission_key": str(uuid.uuid4()),
        "website": "",
    }
    data.update(overrides)
    return data


def jpeg_bytes(size=(40, 30), exif=None):
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format="JPEG", **({"exif": exif} if exif else {}))
    return output.getvalue()


def test_submitting_needs_an_account(client, forum_page):
    response = client.get(forum_page.url + "gui-y-kien/")
    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"]


def test_unverified_account_cannot_post(client, forum_page):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="unverified"))
    response = client.post(forum_page.url + "gui-y-kien/", _form())
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_citizen_submits_a_pending_proposal_with_a_reference(client, forum_page, citizen):
    client.force_login(citizen)
    assert client.get(forum_page.url + "gui-y-kien/").status_code == 200
    response = client.post(forum_page.url + "gui-y-kien/", _form())
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.status == Status.PENDING
    assert proposal.author == citizen
    assert proposal.reference == f"HK-{proposal.created_at.year}-{proposal.pk:06d}"
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert "Chờ duyệt" in page.content.decode()
    assert proposal.events.get().action == "submitted"


def test_double_submission_creates_one_proposal(client, forum_page, citizen):
    client.force_login(citizen)
    data = _form()
    first = client.post(forum_page.url + "gui-y-kien/", data)
    second = client.post(forum_page.url + "gui-y-kien/", data)
    assert Proposal.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_bad_input_is_refused_and_what_was_typed_is_kept(client, forum_page, citizen):
    client.force_login(citizen)
    response = client.post(forum_page.url + "gui-y-kien/", _form(title="Ngắn", body="Rất dài " * 10))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tiêu đề cần ít nhất 10 ký tự" in html
    assert "Rất dài Rất dài" in html
    assert not Proposal.objects.exists()


def test_honeypot_refuses_and_saves_nothing(client, forum_page, citizen):
    client.force_login(citizen)
    response = client.post(forum_page.url + "gui-y-kien/", _form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "changes_requested"])
def test_unpublished_proposal_is_seen_only_by_author_and_moderators(
    client, status, citizen, other_citizen, forum_moderator
):
    proposal = ProposalFactory(author=citizen, status=status, public_reason="Lý do")
    url = proposal.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    listing = client.get(url.rsplit("/", 2)[0] + "/")
    assert proposal.title not in listing.content.decode()
    client.force_login(citizen)
    assert client.get(url).status_code == 200
    client.force_login(forum_moderator)
    assert client.get(url).status_code == 200


def test_hidden_proposal_is_not_public(client, forum_page):
    proposal = public_proposal(hidden=True)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert proposal.title not in client.get(forum_page.url).content.decode()


def test_citizen_cannot_edit_someone_elses_proposal(client, forum_page, citizen, other_citizen):
    proposal = ProposalFactory(author=citizen)
    client.force_login(other_citizen)
    assert client.get(f"{forum_page.url}{proposal.pk}/sua/").status_code == 404
    response = client.post(f"{forum_page.url}{proposal.pk}/sua/", _form(title="Tiêu đề bị sửa trái phép ở đây"))
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.title != "Tiêu đề bị sửa trái phép ở đây"


def test_author_edits_and_resubmits_after_changes_requested(client, forum_page, citizen, forum_moderator):
    from forum import moderation

    proposal = ProposalFactory(author=citizen)
    moderation.transition(proposal, Status.CHANGES_REQUESTED, forum_moderator, "Xin nêu rõ chợ nào.")
    client.force_login(citizen)
    page = client.get(f"{forum_page.url}{proposal.pk}/sua/")
    assert "Xin nêu rõ chợ nào." in page.content.decode()
    data = _form(title="Mở rộng thanh toán QR ở chợ Bến Thành", kind=proposal.kind_id, category=proposal.category_id)
    response = client.post(f"{forum_page.url}{proposal.pk}/sua/", data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    assert proposal.title == "Mở rộng thanh toán QR ở chợ Bến Thành"
    assert proposal.events.filter(action="resubmitted").exists()


def test_approved_proposal_cannot_be_edited_by_author(client, forum_page, citizen):
    proposal = public_proposal(author=citizen)
    client.force_login(citizen)
    response = client.post(f"{forum_page.url}{proposal.pk}/sua/", _form())
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title != _form()["title"]


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<p onclick="alert(1)">đoạn</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '"><script>alert(1)</script>',
    '<object data="javascript:alert(1)"></object>',
    "<body onload=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<style>body{background:url(javascript:alert(1))}</style>",
]


def _assert_no_script(html):
    """No element, attribute or link in the page's main part that can run script. Text that merely
    shows a payload (typed as plain text, so escaped) is harmless and allowed."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {"script", "svg", "iframe", "object", "embed", "math", "style"}:
                found.append(tag)
            for name, value in attrs:
                value = (value or "").strip().lower()
                if name.startswith("on"):
                    found.append(f"{tag} {name}")
                if name in {"href", "src", "action", "data", "xlink:href"} and value.startswith(
                    ("javascript:", "data:", "vbscript:")
                ):
                    found.append(f"{tag} {name}={value}")

    lowered = html.lower()
    Parser().feed(lowered[lowered.index('<main id="main"') :])
    assert not found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_in_proposals_and_comments_render_without_script(client, forum_page, citizen, payload):
    import html as html_module

    client.force_login(citizen)
    body = f"Nội dung có mã độc để kiểm thử làm sạch HTML. {payload} **đậm**"
    response = client.post(forum_page.url + "gui-y-kien/", _form(body=body))
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    Proposal.objects.filter(pk=proposal.pk).update(status=Status.APPROVED)
    import uuid

    client.post(
        f"{forum_page.url}{proposal.pk}/binh-luan/",
        {"body": f"Bình luận {payload}", "submission_key": str(uuid.uuid4())},
    )
    # Even a row written around the form (an import, a shell) is cleaned when shown.
    proposal.comments.create(author=citizen, body=f"<p>thô {payload}</p>")
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "<strong>đậm</strong>" in html
    # What people type is plain text: the payload is shown as typed, escaped once.
    assert html_module.escape(payload, quote=False) in html
    _assert_no_script(html)


def test_links_in_user_html_get_nofollow_ugc_noopener():
    from forum.sanitize import clean_html

    cleaned = clean_html('<p>Xem <a href="https://example.vn/a" rel="me" target="_blank">đây</a></p>')
    assert 'rel="nofollow ugc noopener"' in cleaned
    assert "target" not in cleaned


def test_plain_text_becomes_paragraphs():
    from forum.sanitize import clean_html

    assert clean_html("Dòng một\ndòng hai\n\nĐoạn ba") == "<p>Dòng một<br>dòng hai</p><p>Đoạn ba</p>"
    assert clean_html("a < b\n\nc") == "<p>a &lt; b</p><p>c</p>"


def test_image_is_reencoded_without_exif_and_gps(client, forum_page, citizen):
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x8825] = {2: (10.0, 46.0, 30.0)}  # GPSInfo: latitude
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(exif=exif.tobytes()), content_type="image/jpeg")
    assert b"Camera Maker" in upload.read()
    upload.seek(0)
    client.force_login(citizen)
    response = client.post(forum_page.url + "gui-y-kien/", {**_form(), "images": [upload]})
    assert response.status_code == 302
    image = Proposal.objects.get().images.get()
    data = image.file.read()
    assert b"Camera Maker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert (image.width, image.height) == (40, 30)


def test_decompression_bomb_is_refused_and_the_form_is_kept(client, forum_page, citizen, settings):
    settings.FORUM_IMAGE_MAX_PIXELS = 1_000_000
    output = io.BytesIO()
    Image.new("L", (3000, 3000)).save(output, format="PNG", optimize=True)  # 9 Mpx, a few KB
    bomb = SimpleUploadedFile("bom.png", output.getvalue(), content_type="image/png")
    client.force_login(citizen)
    response = client.post(forum_page.url + "gui-y-kien/", {**_form(), "images": [bomb]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "quá nhiều điểm ảnh" in html
    assert "Mở rộng thanh toán không dùng tiền mặt ở chợ truyền thống" in html
    assert not Proposal.objects.exists()


def test_file_renamed_to_jpg_is_refused_and_the_form_is_kept(client, forum_page, citizen):
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image at all", content_type="image/jpeg")
    client.force_login(citizen)
    response = client.post(forum_page.url + "gui-y-kien/", {**_form(), "images": [fake]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "không phải ảnh JPEG, PNG hoặc WebP" in html
    assert "Đề nghị Thành phố hỗ trợ tiểu thương" in html
    assert not Proposal.objects.exists()


def test_gif_is_refused(client, forum_page, citizen):
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")
    client.force_login(citizen)
    response = client.post(
        forum_page.url + "gui-y-kien/", {**_form(), "images": [SimpleUploadedFile("a.gif", output.getvalue())]}
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_more_than_five_images_are_refused(client, forum_page, citizen):
    uploads = [SimpleUploadedFile(f"a{i}.jpg", jpeg_bytes(), content_type="image/jpeg") for i in range(6)]
    client.force_login(citizen)
    response = client.post(forum_page.url + "gui-y-kien/", {**_form(), "images": uploads})
    assert response.status_code == 400
    assert "Tối đa 5 ảnh" in response.content.decode()


def test_too_large_file_is_refused(client, forum_page, citizen, settings):
    settings.FORUM_IMAGE_MAX_BYTES = 100
    client.force_login(citizen)
    response = client.post(
        forum_page.url + "gui-y-kien/", {**_form(), "images": [SimpleUploadedFile("a.jpg", jpeg_bytes())]}
    )
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()


def test_submission_mails_nobody_but_moderators_see_it(client, forum_page, citizen):
    client.force_login(citizen)
    client.post(forum_page.url + "gui-y-kien/", _form())
    assert mail.outbox == []

"""The eight pages issue 16 measures (Lighthouse in scripts/lighthouse.py, every width in
tests/browser/test_viewports.py): the home page, the news, a bulletin, the library, its longest
document, the KPI dashboard, the forum and a proposal. The seed content has no proposal, so one
is added (to a test database, or to scripts/lighthouse.py's copy of db.sqlite3)."""

from django.db.models.functions import Length
from django.utils import timezone


def measured_pages():
    from documents.models import LegalDocument
    from forum.models import PUBLIC_STATUSES, Proposal
    from news.models import BulletinPage
    from tests.factories import public_proposal

    proposal = Proposal.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk").first()
    if proposal is None:
        proposal = public_proposal(
            title="Đề nghị cho phép nộp hồ sơ cấp phép xây dựng nhà ở riêng lẻ hoàn toàn trực tuyến",
            body=(
                "<p>Hiện nay khi xin giấy phép xây dựng nhà ở riêng lẻ, người dân vẫn phải đến bộ phận "
                "một cửa để nộp bản vẽ giấy, dù cổng dịch vụ công đã nhận hồ sơ trực tuyến.</p>"
                "<p>Đề nghị Thành phố cho phép nộp bản vẽ ký số và nhận kết quả điện tử, để người dân "
                "không phải đi lại nhiều lần.</p>"
            ),
            published_at=timezone.now(),
        )
    bulletin = BulletinPage.objects.live().public().order_by("-first_published_at").first()
    # The library's longest text: the heaviest document page.
    document = LegalDocument.objects.live().order_by(Length("full_text").desc(), "pk").first()
    return {
        "home": "/",
        "news": "/tin-tuc/",
        "bulletin": bulletin.url,
        "library": "/van-ban/",
        "document": document.get_absolute_url(),
        "kpi": "/chi-tieu/",
        "forum": "/dien-dan/",
        "proposal": proposal.get_absolute_url(),
    }

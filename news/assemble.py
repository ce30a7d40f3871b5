"""Starting the next bulletin: one action gives a draft already filled from what was published in
its month. The editor then reorders, cuts and writes; publishing goes through the workflow."""

import datetime

from django.db.models import Q
from django.utils import timezone

from news.models import ArticlePage, BulletinPage, Category

SECTION_SOURCES = [
    ("gioi-thieu", "Giới thiệu", None),
    ("diem-tin", "Điểm tin", Category.NEWS),
    ("van-ban-moi", "Văn bản mới", "documents"),
    ("tieu-diem", "Tiêu điểm trong tháng", Category.FOCUS),
    ("hoat-dong-lanh-dao", "Hoạt động của lãnh đạo", Category.LEADERS),
    ("su-kien-sap-dien-ra", "Sự kiện sắp diễn ra", "events"),
    ("mo-hinh-cds", "Mô hình chuyển đổi số", Category.MODELS),
]


def next_issue(index):
    """(issue number, year, month) of the issue after the newest one, or the current month's first issue."""
    last = BulletinPage.objects.child_of(index).order_by("-year", "-month", "-issue_number").first()
    if last is None:
        today = timezone.localdate()
        return 1, today.year, today.month
    year, month = (last.year + 1, 1) if last.month == 12 else (last.year, last.month + 1)
    return last.issue_number + 1, year, month


def month_bounds(year, month):
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def section_items(source, start, end):
    from documents.models import LegalDocument

    if source is None:
        return []
    if source == "documents":
        published = Q(issued_on__gte=start, issued_on__lt=end) | Q(
            first_published_at__date__gte=start, first_published_at__date__lt=end
        )
        documents = LegalDocument.objects.live().filter(published).order_by("issued_on", "pk")
        return [{"type": "document", "value": {"document": d.pk, "summary": d.title[:300]}} for d in documents]
    articles = ArticlePage.objects.live().public()
    if source == "events":
        articles = articles.filter(category=Category.EVENTS, event_start__date__gte=start).order_by("event_start")
    else:
        articles = articles.filter(category=source, date__gte=start, date__lt=end).order_by("date", "pk")
    return [{"type": "article", "value": {"article": a.pk, "summary": a.intro[:300]}} for a in articles]


def assemble_next_issue(index, user):
    number, year, month = next_issue(index)
    start, end = month_bounds(year, month)
    sections = [
        {"type": "section", "value": {"key": key, "title": title, "items": section_items(source, start, end)}}
        for key, title, source in SECTION_SOURCES
    ]
    page = BulletinPage(
        title=f"Bản tin Chuyển đổi số Số {number} tháng {month}/{year}",
        slug=f"so-{number}-thang-{month}-{year}",
        issue_number=number,
        year=year,
        month=month,
        sections=sections,
        live=False,
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page

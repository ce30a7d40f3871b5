"""Starting a bulletin: the editor picks the issue's month and number, and gets a draft already
filled from what the portal published that month. The editor then reorders, cuts and writes;
publishing goes through the workflow. A section with nothing in it stays in the draft, empty (the
public page skips it), so the editor sees the issue's structure and nothing blocks submission."""

import datetime

from django.utils import timezone

from news.blocks import BulletinSection
from news.models import ArticlePage, BulletinPage, Category

# (section key, default title, source): articles of a category, legal documents issued in the
# month, or upcoming events. The titles are those of the printed bulletin (Số 1 tháng 4/2022); the
# newest issue's titles win when it has the section.
SECTION_SOURCES = [
    (BulletinSection.INTRODUCTION, "Giới thiệu", None),
    (BulletinSection.NEWS, "Điểm tin", Category.NEWS),
    (BulletinSection.DOCUMENTS, "Văn bản, chính sách mới", "documents"),
    (BulletinSection.FOCUS, "Tiêu điểm trong tháng", Category.FOCUS),
    (BulletinSection.LEADERS, "Hoạt động của lãnh đạo Thành phố", Category.LEADERS),
    (BulletinSection.UPCOMING_EVENTS, "Sự kiện sắp diễn ra", "events"),
    (BulletinSection.MODELS, "Mô hình chuyển đổi số", Category.MODELS),
]


def newest_issue(index):
    return BulletinPage.objects.child_of(index).order_by("-year", "-month", "-issue_number").first()


def next_issue(index):
    """(issue number, year, month) of the issue after the newest one, or the current month's first
    issue: the defaults the editor may change."""
    last = newest_issue(index)
    if last is None:
        today = timezone.localdate()
        return 1, today.year, today.month
    year, month = (last.year + 1, 1) if last.month == 12 else (last.year, last.month + 1)
    highest = BulletinPage.objects.order_by("-issue_number").values_list("issue_number", flat=True).first()
    return max(last.issue_number, highest or 0) + 1, year, month


def month_bounds(year, month):
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


def section_items(source, start, end):
    """The items of one section for the month [start, end)."""
    from documents.models import LegalDocument

    if source is None:
        return []
    articles = ArticlePage.objects.live().public()
    if source == "documents":
        documents = LegalDocument.objects.live().filter(issued_on__gte=start, issued_on__lt=end)
        items = [
            {"type": "document", "value": {"document": d.pk, "summary": ""}}
            for d in documents.order_by("issued_on", "pk")
        ]
        # Articles filed under "Văn bản mới" present a new document too.
        news = articles.filter(category=Category.DOCUMENTS, date__gte=start, date__lt=end).order_by("date", "pk")
        return items + [{"type": "article", "value": {"article": a.pk, "summary": a.intro[:300]}} for a in news]
    if source == "events":
        # Upcoming for the bulletin's readers: events of its month and of the month after.
        _, after_next = month_bounds(end.year, end.month)
        articles = articles.filter(
            category=Category.EVENTS, event_start__gte=_aware(start), event_start__lt=_aware(after_next)
        ).order_by("event_start", "pk")
    else:
        articles = articles.filter(category=source, date__gte=start, date__lt=end).order_by("date", "pk")
    return [{"type": "article", "value": {"article": a.pk, "summary": a.intro[:300]}} for a in articles]


def assemble_sections(index, year, month):
    start, end = month_bounds(year, month)
    last = newest_issue(index)
    titles = {}
    if last is not None:
        titles = {block.value["key"]: block.value["title"] for block in last.sections if block.block_type == "section"}
    return [
        {
            "type": "section",
            "value": {"key": key, "title": titles.get(key) or title, "items": section_items(source, start, end)},
        }
        for key, title, source in SECTION_SOURCES
    ]


def assemble_issue(index, user, number, year, month):
    """A draft of issue `number` for month/year under the bulletin index, saved as a revision."""
    page = BulletinPage(
        title=f"Bản tin Chuyển đổi số Số {number} tháng {month}/{year}",
        slug=f"so-{number}-thang-{month}-{year}",
        issue_number=number,
        year=year,
        month=month,
        sections=assemble_sections(index, year, month),
        live=False,
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page

"""News' share of the seed content (news/seed/news.yaml, written from seed 001): the news and
bulletin index pages, every article of Bản tin Số 1 tháng 4/2022, and the bulletin itself."""

import datetime
from pathlib import Path

import yaml
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Site

from documents.models import LegalDocument
from documents.text import number_key
from news.models import ArticleDocument, ArticlePage, BulletinIndexPage, BulletinPage, NewsIndexPage
from portal.seeding import set_published_dates, stream_from_seed

SEED_DIR = Path(__file__).resolve().parent / "seed"
INDEXES = [
    (NewsIndexPage, "tin-tuc", "Tin tức", "Tin tức", "Tin tức, sự kiện và hoạt động chuyển đổi số của Thành phố."),
    (
        BulletinIndexPage,
        "ban-tin",
        "Bản tin Chuyển đổi số",
        "Bản tin",
        "Bản tin Chuyển đổi số hằng tháng của Thành phố.",
    ),
]


def _index(model, slug, title, menu_title, intro, home, log):
    page = model.objects.first()
    if page is not None:
        log.kept_object("trang mục", page.title)
        return page
    page = model(title=title, slug=slug, menu_title=menu_title, intro=intro, show_in_menus=True)
    library = home.get_children().filter(slug="van-ban").first()
    anchor = library or home.get_children().filter(slug="cam-nang").first()
    if anchor is not None:  # the menu reads Tin tức, Bản tin, Văn bản, Cẩm nang
        anchor.add_sibling(pos="left", instance=page)
    else:
        home.add_child(instance=page)
    page.save_revision(log_action=True).publish(log_action=True)
    log.created_object("trang mục", page.title)
    return page


def _document_ids(numbers):
    keys = [number_key(number) for number in numbers or []]
    found = dict(LegalDocument.objects.filter(number_key__in=keys).values_list("number_key", "pk"))
    return [found[key] for key in keys if key in found]  # in the order the seed lists them


def _datetime(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(0))
    else:
        moment = datetime.datetime.fromisoformat(str(value))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def load(log):
    data = yaml.safe_load((SEED_DIR / "news.yaml").read_text(encoding="utf-8"))
    home = Site.objects.get(is_default_site=True).root_page
    news = _index(*INDEXES[0], home, log)
    bulletins = _index(*INDEXES[1], home, log)

    articles = {}
    for item in data["articles"]:
        existing = ArticlePage.objects.child_of(news).filter(slug=item["slug"]).first()
        if existing is not None:
            log.kept_object("bài viết", existing.title)
            articles[item["slug"]] = existing
            continue
        event = item.get("event") or {}
        article = ArticlePage(
            title=item["title"].strip(),
            slug=item["slug"],
            date=item["date"] if isinstance(item["date"], datetime.date) else datetime.date.fromisoformat(item["date"]),
            date_precision=item.get("date_precision", "day"),
            category=item["category"],
            intro=item.get("lead", "").strip(),
            body=stream_from_seed(item.get("body")),
            source=item.get("source", ""),
            event_start=_datetime(event.get("start")),
            event_end=_datetime(event.get("end")),
            event_place=event.get("place") or "",
        )
        news.add_child(instance=article)
        article.tags.set(item.get("tags", []))
        article.document_links = [ArticleDocument(document_id=pk) for pk in _document_ids(item.get("documents"))]
        article.save_revision(log_action=True).publish(log_action=True)
        set_published_dates(article, article.date)
        log.created_object("bài viết", article.title)
        articles[item["slug"]] = article

    issue = data["bulletin"]
    if BulletinPage.objects.child_of(bulletins).filter(slug=issue["slug"]).exists():
        log.kept_object("bản tin", issue["title"])
        return
    sections = []
    for section in issue["sections"]:
        items = []
        for item in section["items"]:
            if "article" in item:
                value = {"article": articles[item["article"]].pk, "summary": item.get("summary", "")}
                items.append({"type": "article", "value": value})
            elif "document" in item:
                ids = _document_ids([item["document"]])
                if ids:
                    items.append(
                        {"type": "document", "value": {"document": ids[0], "summary": item.get("summary", "")}}
                    )
            else:
                paragraphs = [p for p in item["text"].split("\n\n") if p.strip()]
                items.append({"type": "text", "value": "".join(f"<p>{escape(p.strip())}</p>" for p in paragraphs)})
        sections.append(
            {"type": "section", "value": {"key": section["key"], "title": section["title"], "items": items}}
        )
    intro_paragraphs = [p for p in issue.get("intro", "").split("\n\n") if p.strip()]
    bulletin = BulletinPage(
        title=issue["title"],
        slug=issue["slug"],
        issue_number=issue["issue_number"],
        year=issue["year"],
        month=issue["month"],
        intro=intro_paragraphs[0].strip() if intro_paragraphs else "",
        introduction="".join(f"<p>{escape(p.strip())}</p>" for p in intro_paragraphs),
        sections=sections,
    )
    bulletins.add_child(instance=bulletin)
    bulletin.save_revision(log_action=True).publish(log_action=True)
    set_published_dates(bulletin, datetime.date(bulletin.year, bulletin.month, 1))
    log.created_object("bản tin", bulletin.title)

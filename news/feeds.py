"""RSS 2.0 and Atom feeds: all news, each category, and the bulletins. Links are absolute."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from news.models import BulletinPage, Category
from portal.navigation import page_route_url

FEED_SIZE = 30


class _PageFeed(Feed):
    def __init__(self, page, kind):
        super().__init__()
        self.page = page
        self.feed_type = Atom1Feed if kind == "atom" else Rss201rev2Feed
        self.kind = kind

    def link(self):
        return self.page.url

    def feed_url(self):
        return page_route_url(self.page, self.kind)

    def item_link(self, item):
        return item.url

    def item_title(self, item):
        return item.title

    def item_guid(self, item):
        return f"{self.page.url}#{item.pk}"

    item_guid_is_permalink = False


class NewsFeed(_PageFeed):
    def __init__(self, page, kind, category_slug=None):
        """`category_slug` is the category's public slug, from the feed's address."""
        super().__init__(page, kind)
        self.category = Category.from_slug(category_slug) if category_slug is not None else None
        if category_slug is not None and self.category is None:
            raise Http404

    def title(self):
        return f"{self.page.title}: {self.category.label}" if self.category else self.page.title

    def description(self):
        return self.page.intro or self.page.title

    def feed_url(self):
        if self.category:
            return page_route_url(self.page, f"category_{self.kind}", self.category.slug)
        return super().feed_url()

    def items(self):
        articles = self.page.articles()
        if self.category:
            articles = articles.filter(category=self.category)
        return articles[:FEED_SIZE]

    def item_description(self, item):
        return item.intro

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_category_display()]


class BulletinFeed(_PageFeed):
    def title(self):
        return self.page.title

    def description(self):
        return self.page.intro or self.page.title

    def items(self):
        return (
            BulletinPage.objects.child_of(self.page)
            .live()
            .public()
            .order_by("-year", "-month", "-issue_number")[:FEED_SIZE]
        )

    def item_description(self, item):
        return item.intro or item.title

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

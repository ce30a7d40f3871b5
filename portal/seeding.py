"""What every app's seed loader shares: rich text and stream data from the seed files, and dates
taken from the sources.

Each app with seed content registers its loader (a module or object with `load(log)` and an
optional `finish(log)`) through the Wagtail hook `register_seed_content`, whose `order` says when
it runs: every app's index page lives under the home page, and news and kpi point at legal
documents. `manage.py load_seed_content` runs the loaders in that order, then every `finish`::

    # news/wagtail_hooks.py
    @hooks.register("register_seed_content", order=30)
    def seed_content():
        from news import seed

        return seed
"""

import datetime
import re

from django.utils import timezone
from django.utils.html import escape
from wagtail import hooks

SEED_CONTENT_HOOK = "register_seed_content"
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def seed_loaders():
    """The apps' seed loaders, in the hooks' order; those without `load` are left out."""
    loaders = [hook() for hook in hooks.get_hooks(SEED_CONTENT_HOOK)]
    return [loader for loader in loaders if hasattr(loader, "load")]


def _inline(text):
    return _BOLD.sub(r"<b>\1</b>", escape(text.strip()))


def stream_from_seed(blocks):
    """Seed blocks ({type: heading|paragraph|list|quote}) as StreamField data for BaseStreamBlock."""
    stream = []
    for block in blocks or []:
        kind = block["type"]
        if kind == "heading":
            stream.append(("heading", {"text": block["text"].strip(), "level": block.get("level", "h2")}))
        elif kind == "paragraph":
            paragraphs = [part for part in block["text"].split("\n\n") if part.strip()]
            stream.append(("paragraph", "".join(f"<p>{_inline(part)}</p>" for part in paragraphs)))
        elif kind == "list":
            items = "".join(f"<li>{_inline(item)}</li>" for item in block["items"])
            stream.append(("paragraph", f"<ul>{items}</ul>"))
        elif kind == "quote":
            stream.append(("quote", {"text": block["text"].strip(), "attribution": block.get("attribution", "")}))
        else:
            raise ValueError(f"Unknown seed block type {kind!r}")
    return [{"type": kind, "value": value} for kind, value in stream]


def set_published_dates(obj, day):
    """Date a seeded page or snippet by its source (an article's date, a document's issue date, a
    bulletin's month) rather than by the day the seed was loaded: first_published_at and
    last_published_at (search, feeds and sitemaps read them) become that day, at 08:00 local time."""
    if day is None:
        return
    if isinstance(day, datetime.datetime):
        moment = day if timezone.is_aware(day) else timezone.make_aware(day)
    else:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))
    type(obj)._default_manager.filter(pk=obj.pk).update(first_published_at=moment, last_published_at=moment)
    obj.first_published_at = obj.last_published_at = moment

"""The <meta name="description"> of every page: search engines and link previews show it.

The first that is set: a `meta_description` a view put in the context, what describes the object
a page's route shows (a legal document, a proposal, an indicator), the page's own search
description (Promote tab), its introduction, and last the page's title followed by the portal's
one-line description, so that no page goes without one."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.text import format_date_short

register = template.Library()

LENGTH = 200


def _clean(text):
    return Truncator(" ".join(strip_tags(str(text or "")).split())).chars(LENGTH)


def _document(document):
    parts = [str(document)]
    if document.issued_on:
        parts.append(_("ngày %(date)s") % {"date": format_date_short(document.issued_on)})
    return f"{' '.join(parts)}: {document.title}"


def _described(context):
    if context.get("meta_description"):
        return context["meta_description"]
    if context.get("document") is not None and hasattr(context["document"], "number"):
        return _document(context["document"])
    if context.get("proposal") is not None:
        proposal = context["proposal"]
        return f"{proposal.title}. {strip_tags(proposal.body)}"
    if context.get("indicator") is not None:
        indicator = context["indicator"]
        return f"{indicator.name}. {indicator.description}" if indicator.description else indicator.name
    page = context.get("page")
    for name in ("search_description", "intro", "hero_intro"):
        if getattr(page, name, ""):
            return getattr(page, name)
    return ""


@register.simple_tag(takes_context=True)
def meta_description(context):
    text = _clean(_described(context))
    if text:
        return text
    portal = _(
        "Cổng thông tin Chuyển đổi số Thành phố Hồ Chí Minh: tin tức, bản tin, văn bản, chỉ tiêu và diễn đàn góp ý."
    )
    page = context.get("page")
    title = getattr(page, "title", "")
    return _clean(f"{title} — {portal}" if title else portal)

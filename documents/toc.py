"""Anchors for the headings of a document's full text, and its table of contents."""

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from portal.text import slugify_vi

HEADING = re.compile(r"<(h[23])(\s[^>]*)?>(.*?)</\1>", re.IGNORECASE | re.DOTALL)


def add_heading_anchors(html):
    """Give every h2/h3 an id and return (html, [{level, text, anchor, children: [h3 entries]}])."""
    toc, used = [], set()

    def replace(match):
        tag, attrs, inner = match.group(1).lower(), match.group(2) or "", match.group(3)
        # The heading's text, not its markup: "Phòng Văn hóa &amp; Thông tin" reads "… & …" (the
        # template escapes it once).
        text = unescape(strip_tags(inner)).strip()
        anchor = base = slugify_vi(text, max_length=60) or "muc"
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        entry = {"level": tag, "text": text, "anchor": anchor, "children": []}
        if tag == "h3" and toc:
            toc[-1]["children"].append(entry)
        else:
            toc.append(entry)
        attrs = re.sub(r'\sid="[^"]*"', "", attrs)
        return f'<{tag} id="{anchor}"{attrs}>{inner}</{tag}>'

    return mark_safe(HEADING.sub(replace, html or "")), toc

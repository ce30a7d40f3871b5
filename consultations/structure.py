"""The draft's text split into its own structure: phần, chương, mục, điều, khoản.

Vietnamese legal texts write their structure at the start of a paragraph: "Phần thứ nhất",
"Chương I", "Mục 1", "Điều 2. Phạm vi điều chỉnh", and the khoản of an điều as "1.", "2.". A
heading without its title on the same line ("Chương I" then "QUY ĐỊNH CHUNG") takes the next
paragraph as its title. Points (a), b)...) and any other paragraph belong to what they follow;
what comes before the first heading is the preamble (căn cứ ban hành).
"""

import html
import re

from django.db import transaction

from consultations.models import Section

_BLOCK = re.compile(r"<(p|h[1-6]|li|div)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

PATTERNS = [
    (Section.Kind.PART, re.compile(r"^phần\s+(thứ\s+\S+|[IVXLC]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    (Section.Kind.CHAPTER, re.compile(r"^chương\s+([IVXLC]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    (Section.Kind.SECTION, re.compile(r"^mục\s+(\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    (Section.Kind.ARTICLE, re.compile(r"^điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$", re.IGNORECASE)),
]
CLAUSE = re.compile(r"^(\d+)\.\s+(.*)$", re.DOTALL)
LEVEL = {
    Section.Kind.PART: 1,
    Section.Kind.CHAPTER: 2,
    Section.Kind.SECTION: 3,
    Section.Kind.ARTICLE: 4,
    Section.Kind.CLAUSE: 5,
}


def paragraphs(value):
    """The text of each paragraph of the draft's HTML (or of plain text, a line each)."""
    value = value or ""
    blocks = [match.group(2) for match in _BLOCK.finditer(value)] if "<" in value else value.splitlines()
    texts = []
    for block in blocks:
        block = re.sub(r"<br\s*/?>", "\n", block, flags=re.IGNORECASE)
        text = html.unescape(_TAG.sub("", block))
        text = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
        if text:
            texts.append(text)
    return texts


def parse(value):
    """[{kind, number, heading, text, parent (index or None)}] in reading order."""
    nodes, stack = [], []  # stack: indexes of open headings, outermost first
    waiting_title = None

    def open_node(kind, number, heading):
        while stack and LEVEL[nodes[stack[-1]]["kind"]] >= LEVEL[kind]:
            stack.pop()
        nodes.append(
            {"kind": kind, "number": number, "heading": heading, "text": [], "parent": stack[-1] if stack else None}
        )
        stack.append(len(nodes) - 1)
        return len(nodes) - 1

    for text in paragraphs(value):
        for kind, pattern in PATTERNS:
            match = pattern.match(text)
            if match:
                index = open_node(kind, match.group(1), match.group(2).strip())
                waiting_title = index if kind != Section.Kind.ARTICLE and not match.group(2).strip() else None
                break
        else:
            if waiting_title is not None:
                nodes[waiting_title]["heading"] = text
                waiting_title = None
                continue
            current = nodes[stack[-1]] if stack else None
            inside_article = current is not None and current["kind"] in (Section.Kind.ARTICLE, Section.Kind.CLAUSE)
            clause = CLAUSE.match(text)
            if clause and inside_article:
                open_node(Section.Kind.CLAUSE, clause.group(1), "")
                nodes[stack[-1]]["text"].append(clause.group(2).strip())
            elif current is None:
                if not nodes or nodes[0]["kind"] != Section.Kind.PREAMBLE:
                    nodes.insert(
                        0, {"kind": Section.Kind.PREAMBLE, "number": "", "heading": "", "text": [], "parent": None}
                    )
                nodes[0]["text"].append(text)
            else:
                current["text"].append(text)
    for node in nodes:
        node["text"] = "\n".join(node["text"])
    return nodes


@transaction.atomic
def rebuild(consultation):
    """Replace the consultation's sections with the structure of its draft's text. Refused once a
    comment points at a section: comments must keep the text they were written about."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if consultation.comments.filter(section__isnull=False).exists():
        raise ValidationError(_("Đã có góp ý theo từng điều, khoản: không thể tách lại cấu trúc dự thảo."))
    consultation.sections.all().delete()
    created = []
    for order, node in enumerate(parse(consultation.draft.full_text)):
        parent = created[node["parent"]] if node["parent"] is not None else None
        section = Section.objects.create(
            consultation=consultation,
            parent=parent,
            kind=node["kind"],
            number=node["number"][:20],
            heading=node["heading"][:500],
            text=node["text"],
            sort_order=order,
        )
        created.append(section)
    return created

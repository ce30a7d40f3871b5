"""The library's share of the seed content (documents/seed/documents.yaml and fulltext/): the
fields and documents the source texts name, their relations, and the library page."""

import datetime
import re
from pathlib import Path

import yaml
from django.utils.html import escape
from wagtail.models import Site

from documents.constants import DOCUMENT_TYPES
from documents.models import DocumentLibraryPage, DocumentRelation, DocumentType, LegalDocument, LegalField
from documents.text import number_key
from portal.models import Organisation
from portal.seeding import set_published_dates

SEED_DIR = Path(__file__).resolve().parent / "seed"
FIELD_NAMES = {
    "chuyen-doi-so": "Chuyển đổi số",
    "chinh-quyen-so": "Chính quyền số",
    "kinh-te-so": "Kinh tế số",
    "xa-hoi-so": "Xã hội số",
    "ha-tang-so": "Hạ tầng số",
    "an-toan-thong-tin": "An toàn thông tin",
    "do-thi-thong-minh": "Đô thị thông minh",
    "cai-cach-hanh-chinh": "Cải cách hành chính",
}
LIBRARY = {
    "slug": "van-ban",
    "title": "Thư viện văn bản",
    "menu_title": "Văn bản",
    "intro": (
        "Các nghị quyết, quyết định, kế hoạch và công văn về chuyển đổi số của Trung ương và Thành phố: "
        "thuộc tính, tình trạng hiệu lực, toàn văn và quan hệ giữa các văn bản, công khai cho mọi người."
    ),
}


def text_to_html(text):
    """The light markup of the full-text files: '## ' h2, '### ' h3, '- ' list items, blank-line paragraphs."""
    html, items = [], []

    def flush_list():
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("### "):
                flush_list()
                html.append(f"<h3>{escape(line[4:])}</h3>")
            elif line.startswith("## "):
                flush_list()
                html.append(f"<h2>{escape(line[3:])}</h2>")
            elif line.startswith("- "):
                items.append(escape(line[2:]))
            else:
                flush_list()
                html.append(f"<p>{escape(line)}</p>")
        flush_list()
    return "".join(html)


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def load(log):
    data = yaml.safe_load((SEED_DIR / "documents.yaml").read_text(encoding="utf-8"))

    # The issuers are the kernel's (portal/seed/organisations.yaml, loaded first), found by slug.
    issuers = {item.slug: item for item in Organisation.objects.all()}

    fields = {}
    for key in {key for doc in data["documents"] for key in doc.get("fields", [])}:
        field, created = LegalField.objects.get_or_create(slug=key, defaults={"name": FIELD_NAMES.get(key, key)})
        if created:
            log.created_object("lĩnh vực", field.name)
        fields[key] = field

    for slug, name, abbreviation, order in DOCUMENT_TYPES:  # made by a migration; again after a flush
        DocumentType.objects.get_or_create(
            slug=slug, defaults={"name": name, "abbreviation": abbreviation, "sort_order": order}
        )
    types = {t.slug: t for t in DocumentType.objects.all()}
    documents = {}
    for item in data["documents"]:
        issuer = issuers[item["issuer"]]
        if item.get("number"):
            existing = LegalDocument.objects.filter(number_key=number_key(item["number"]), issuer=issuer).first()
        else:  # the seeds name some plans without their số hiệu
            existing = LegalDocument.objects.filter(slug=item["slug"]).first()
        if existing is not None:
            log.kept_object("văn bản", str(existing))
            documents[item["slug"]] = existing
            continue
        full_text = ""
        if item.get("full_text"):
            full_text = text_to_html((SEED_DIR / "fulltext" / item["full_text"]).read_text(encoding="utf-8"))
        document = LegalDocument(
            number=item.get("number") or "",
            document_type=types[item["type"]],
            issuer=issuer,
            title=item["title"].strip(),
            signer=item.get("signer") or "",
            signer_title=item.get("signer_title") or "",
            issued_on=_date(item.get("issued_on")),
            effective_on=_date(item.get("effective_on")),
            expires_on=_date(item.get("expires_on")),
            full_text=full_text,
            slug=item["slug"],
            live=True,
        )
        document.save()
        document.fields.set([fields[key] for key in item.get("fields", [])])
        document.save_revision(log_action=True).publish(log_action=True)
        set_published_dates(document, document.issued_on)
        log.created_object("văn bản", str(document))
        documents[item["slug"]] = document

    for item in data.get("relations", []):
        source, target = documents[item["from"]], documents[item["to"]]
        relation, created = DocumentRelation.objects.get_or_create(
            source=source,
            target=target,
            relation_type=item["type"],
            defaults={"effective_on": _date(item.get("effective_on")), "scope": item.get("scope") or ""},
        )
        if created:
            log.created_object("quan hệ", str(relation))

    ensure_library_page(log)


def ensure_library_page(log):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    if DocumentLibraryPage.objects.exists():
        log.kept_object("thư viện văn bản", LIBRARY["title"])
        return
    page = DocumentLibraryPage(
        title=LIBRARY["title"],
        slug=LIBRARY["slug"],
        menu_title=LIBRARY["menu_title"],
        intro=LIBRARY["intro"],
        show_in_menus=True,
    )
    handbook = home.get_children().filter(slug="cam-nang").first()
    if handbook is not None:  # the menu reads Tin tức, Bản tin, Văn bản, Cẩm nang...
        handbook.add_sibling(pos="left", instance=page)
    else:
        home.add_child(instance=page)
    page.save_revision(log_action=True).publish(log_action=True)
    log.created_object("thư viện văn bản", page.title)

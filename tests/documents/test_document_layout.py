"""A document's page in two parts (issue 16): its facts (a side column on a desktop, first on a
phone) and its text; the library's list marks each document's type with the type's colour."""

import re
from pathlib import Path

import pytest

from documents.models import LegalDocument
from tests.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db


def test_facts_come_before_the_text_in_a_side_column(client):
    plan = LegalDocument.objects.get(number="681/KH-UBND")
    html = client.get(plan.url).content.decode()
    assert 'class="legal-document page-layout page-layout--aside"' in html
    facts = html.index('class="page-aside doc-facts"')
    text = html.index('class="page-main"')
    assert facts < text < html.index('id="fulltext-heading"')
    side = html[facts:text]
    for heading in ("attributes-heading", "relations-heading", "citation-heading"):
        assert f'id="{heading}"' in side
    # The attributes as a compact list of terms, the type's cover as a decorative badge.
    attributes = re.search(r'<dl class="attributes">.*?</dl>', side, re.DOTALL).group(0)
    assert "<dt>Số hiệu</dt><dd>681/KH-UBND</dd>" in attributes
    assert 'class="cover-art cover-art--badge" aria-hidden="true"' in side
    assert 'class="document-item__type doc-type doc-type--ke-hoach"' in html


def test_a_document_without_text_keeps_one_column(client):
    document = LegalDocumentFactory(full_text="")
    html = client.get(document.url).content.decode()
    assert 'class="legal-document page-layout" lang="vi"' in html
    assert 'class="page-main"' not in html and 'id="attributes-heading"' in html


def test_the_library_list_shows_each_type_in_its_colour(client):
    html = client.get("/van-ban/").content.decode()
    kinds = set(re.findall(r'class="document-item__type doc-type doc-type--([a-z-]+)"', html))
    assert {"ke-hoach", "quyet-dinh"} <= kinds
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    for kind in kinds:
        assert f".doc-type--{kind} " in css, kind  # a type added later is grey until it gets one

"""The admin speaks Vietnamese to every role: each role signs in and opens the admin pages it
works in, and none of them shows a known English admin string in its visible text (text
nodes, placeholders, tooltips and the sidebar's menu labels, not class names or URLs)."""

import contextlib
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.conftest import StaffClient

pytestmark = pytest.mark.django_db

# Wagtail's admin strings that stayed English before the project's catalogue translated them.
ENGLISH = [
    "Save draft",
    "Save Draft",
    "More actions",
    "Request changes",
    "Approve and publish",
    "Approve with comment",
    "Content",
    "Promote",
    "Pages",
    "Page",
    "Search all pages",
    "Search",
    "Reports",
    "Help",
    "Submit to",
    "Submit for moderation",
    "Resubmit to",
    "Publish",
    "Unpublish",
    "Delete",
    "Edit",
    "Add child page",
    "Preview",
    "Cancel",
    "Settings",
    "Snippets",
    "Images",
    "Documents",
    "Dashboard",
    "This field is required",
    "Enter a valid date",
    "The page could not be created due to validation errors",
    "could not be saved due to errors",
    "Set schedule",
    "Set publishing schedule",
    "Go-live date/time",
    "Expiry date/time",
    "A comma-separated list of tags",
    "Multi-word tags",
    "Locked pages",
    "Site history",
    "Workflow tasks",
    "Workflows",
    "Aging pages",
    "Awaiting my review",
    "Your pages and snippets in a workflow",
    "Your most recent edits",
    "Last edited",
    "No pages found",
    "Sort by",
    "Show filters",
    "Explore",
    "Title",
    "Status",
    "Updated",
    "Type",
    "Live",
    "Draft",
    "Choose",
    "Upload",
    "Add an image",
    "Add a document",
    "Add images",
    "Add documents",
    "Drag and drop",
    "Or choose from your computer",
    "Keyboard shortcuts",
    "Skip to main content",
    "Toggle sidebar",
    "Account",
    "Log out",
    "Comments",
    "Checks",
    "Issues found",
    "Actions",
    "Bulk actions",
    "Select all",
    "Next",
    "Previous",
    "History",
    "View live",
    "Lock",
    "Unlock",
    "Copy",
    "Move",
    "Privacy",
    "Usage",
    "In progress",
    "Needs changes",
    "Approved",
    "Rejected",
    "just now",
    "ago",
]

_SINGLE_WORDS = {s for s in ENGLISH if " " not in s}
_PATTERNS = [
    (s, re.compile(rf"(?<![\w-]){re.escape(s)}(?![\w-])") if " " in s else re.compile(rf"^(\d+\s+)?{re.escape(s)}\W*$"))
    for s in ENGLISH
]
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "value"}
JSON_LABEL_KEYS = {"label", "placeholder", "title", "text", "name"}


class VisibleText(HTMLParser):
    """Text nodes and human-facing attribute values; sidebar props (JSON) are read for labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments = []
        self._skip = 0
        self._json = False
        self._input_type = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._json = tag == "script" and attrs.get("type") == "application/json"
            self._skip += 1
            return
        for name in VISIBLE_ATTRIBUTES:
            value = attrs.get(name)
            if not value:
                continue
            # A text input's value is the content being edited, not the interface.
            if name == "value" and not (tag == "button" or attrs.get("type") in ("submit", "button")):
                continue
            self.segments.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._skip:
            if self._json and data.strip():
                with contextlib.suppress(ValueError):
                    self._labels(json.loads(data))
            return
        self.segments.extend(part for part in re.split(r"\s*\n\s*", data) if part.strip())

    def _labels(self, value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                self._labels(v, k)
        elif isinstance(value, list):
            for v in value:
                self._labels(v, key)
        elif isinstance(value, str) and key in JSON_LABEL_KEYS:
            self.segments.append(value)


def english_strings(html):
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for segment in parser.segments:
        segment = " ".join(segment.split())
        for english, pattern in _PATTERNS:
            if pattern.search(segment):
                found.add(f"{english!r} in {segment[:80]!r}")
    return found


def assert_vietnamese(client, url, method="get", data=None, status=(200,)):
    response = getattr(client, method)(url, data or {})
    assert response.status_code in status, f"{url}: {response.status_code}"
    found = english_strings(response.content.decode())
    assert not found, f"{url} shows English: {sorted(found)}"
    return response


def test_the_detector_sees_english_in_text_and_labels_but_not_in_class_names():
    assert english_strings('<button class="Save draft">Lưu bản nháp</button>') == set()
    assert english_strings('<a href="/admin/pages/" class="w-help">Trợ giúp</a>') == set()
    assert english_strings("<p>Save draft</p>")
    assert english_strings('<input placeholder="Search all pages…">')
    assert english_strings('<span>31 Pages <span class="w-sr-only">x</span></span>')
    assert english_strings('<script id="wagtail-sidebar-props" type="application/json">{"label": "Reports"}</script>')
    assert english_strings('<script>var s = "Reports";</script>') == set()


def _staff(user):
    client = StaffClient()
    client.force_login(user)
    return client


def _page_urls(page):
    return [
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        reverse("wagtailadmin_pages:history", args=(page.pk,)),
    ]


def _editor_urls(home_page):
    from documents.models import LegalDocument
    from kpi.models import Indicator
    from news.models import ArticlePage

    article = ArticlePage.objects.live().first()
    document = LegalDocument.objects.first()
    indicator = Indicator.objects.first()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=(home_page.pk,)),
        reverse("wagtailadmin_explore", args=(article.get_parent().pk,)),
        *_page_urls(home_page),
        *_page_urls(article),
        reverse("wagtailadmin_pages:add", args=("news", "articlepage", article.get_parent().pk)),
        reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk)),
        reverse("wagtailsnippets_documents_legaldocument:list"),
        reverse("wagtailsnippets_documents_legaldocument:add"),
        reverse("wagtailsnippets_documents_legaldocument:edit", args=(document.pk,)),
        reverse("wagtailsnippets_kpi_indicator:list"),
        reverse("wagtailsnippets_kpi_indicator:edit", args=(indicator.pk,)),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_account"),
    ]


def test_editor_sees_the_admin_in_vietnamese(home_page, editor):
    client = _staff(editor)
    for url in _editor_urls(home_page):
        assert_vietnamese(client, url)


def test_validation_messages_are_vietnamese(home_page, editor):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    client = _staff(editor)
    data = nested_form_data(
        {
            "title": "",
            "slug": "",
            "intro": "",
            "body": streamfield([]),
            "sources": streamfield([]),
            "menu_title": "",
            "seo_title": "",
            "search_description": "",
        }
    )
    data["action-submit"] = "1"
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    html = assert_vietnamese(client, url, method="post", data=data).content.decode()
    assert "Trường này là bắt buộc" in html
    html = assert_vietnamese(
        client, reverse("wagtailsnippets_documents_legaldocument:add"), method="post", data={}
    ).content.decode()
    assert "Trường này là bắt buộc" in html


def test_reviewer_sees_a_submitted_page_and_the_workflow_in_vietnamese(home_page, editor, reviewer):
    from news.models import ArticlePage

    article = ArticlePage.objects.live().first()
    article.save_revision(user=editor)
    workflow = article.get_workflow()
    workflow.start(article, editor)
    assert WorkflowState.objects.filter(object_id=str(article.pk), status="in_progress").exists()

    client = _staff(reviewer)
    html = assert_vietnamese(client, reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "Phê duyệt và xuất bản" in html
    assert "Yêu cầu chỉnh sửa" in html
    assert "Phê chuẩnvà" not in html
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        *_editor_urls(home_page),
    ]:
        assert_vietnamese(client, url)


def test_forum_roles_see_their_screens_in_vietnamese(forum_moderator, responder):
    from forum.models import Responder
    from portal.models import Organisation
    from tests.factories import ProposalFactory

    unit = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    Responder.objects.create(user=responder, unit=unit)
    proposal = ProposalFactory()
    assigned = ProposalFactory(status="approved", unit=unit)

    client = _staff(forum_moderator)
    for url in [
        reverse("wagtailadmin_home"),
        reverse("forum_admin:index"),
        reverse("forum_admin:inspect", args=(proposal.pk,)),
        reverse("forum_admin:reports"),
        reverse("wagtailsnippets_forum_proposalcategory:list"),
        reverse("wagtailadmin_account"),
    ]:
        assert_vietnamese(client, url)

    client = _staff(responder)
    for url in [
        reverse("wagtailadmin_home"),
        reverse("forum_admin:assigned"),
        reverse("forum_admin:inspect", args=(assigned.pk,)),
    ]:
        assert_vietnamese(client, url)


def test_the_javascript_catalogue_is_vietnamese(editor):
    """Every string of Wagtail's admin JavaScript catalogue has a Vietnamese translation."""
    from pathlib import Path

    import wagtail

    source = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    msgids = {json.loads(m) for m in re.findall(r'^msgid (".+")$', source.read_text(), flags=re.M) if json.loads(m)}
    client = _staff(editor)
    body = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, flags=re.S).group(1))
    missing = sorted(m for m in msgids if m not in catalog)
    assert not missing, missing
    assert catalog["More actions"] == "Thao tác khác"

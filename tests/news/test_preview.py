"""Issue 11, item 3: previewing a draft works for every page type, from the edit view (the preview
panel posts the form, then loads the preview) and from the workflow (the reviewer opens a
revision, or the workflow task's preview)."""

import pytest
from bs4 import BeautifulSoup
from django.db.models import DateField, DateTimeField
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from tests.factories import AlbumPageFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"home", "news", "documents", "forum", "kpi"}
PAGE_MODELS = sorted(
    (model for model in get_page_models() if model._meta.app_label in PROJECT_APPS),
    key=lambda model: model._meta.label,
)


def page_of(model, media_library):
    page = model.objects.order_by("pk").first()
    if page is None and model._meta.label == "home.AlbumPage":
        page = AlbumPageFactory(parent=media_library, title="Album thử")
    assert page is not None, f"no {model._meta.label} in the seed"
    return page


def block_data(block, value, prefix, out):
    """A StreamField value as the admin's JavaScript posts it (prefix-count, prefix-0-type...)."""
    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        out[f"{prefix}-count"] = [str(len(children))]
        for i, child in enumerate(children):
            out[f"{prefix}-{i}-type"] = [child.block_type]
            out[f"{prefix}-{i}-deleted"] = [""]
            out[f"{prefix}-{i}-order"] = [str(i)]
            out[f"{prefix}-{i}-id"] = [child.id or ""]
            block_data(child.block, child.value, f"{prefix}-{i}-value", out)
    elif isinstance(block, blocks.ListBlock):
        children = list(value.bound_blocks) if value is not None else []
        out[f"{prefix}-count"] = [str(len(children))]
        for i, child in enumerate(children):
            out[f"{prefix}-{i}-deleted"] = [""]
            out[f"{prefix}-{i}-order"] = [str(i)]
            out[f"{prefix}-{i}-id"] = [child.id or ""]
            block_data(block.child_block, child.value, f"{prefix}-{i}-value", out)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            block_data(child, (value or {}).get(name), f"{prefix}-{name}", out)
    elif isinstance(block, blocks.ChooserBlock):
        out[prefix] = [str(value.pk) if value is not None else ""]
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            out[prefix] = ["on"]
    elif isinstance(block, blocks.FieldBlock):
        state = block.get_form_state(value)
        if isinstance(state, list | tuple):
            out[prefix] = [str(item) for item in state]
        elif isinstance(state, dict):
            out[prefix] = [str(state.get("id", ""))]
        else:
            out[prefix] = ["" if state is None else str(state)]


def form_data(html, page, form_id="page-edit-form"):
    """What the browser would post: the edit form's fields with their current values; StreamFields
    (built by the admin's JavaScript) from the page's value."""
    result = html_form_data(html, form_id)
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField) and f"{field.name}-count" not in result:
            html_has_it = f'id="{field.name}"' in html
            if html_has_it:
                block_data(field.stream_block, getattr(page, field.name), field.name, result)
    # Dates go in ISO form, which every locale parses: the dd/mm/yyyy round trip is item 1's test.
    for field in type(page)._meta.get_fields():
        value = getattr(page, field.name, None) if hasattr(field, "attname") else None
        if isinstance(field, DateTimeField) and value and field.name in result:
            result[field.name] = [timezone.localtime(value).strftime("%Y-%m-%d %H:%M")]
        elif isinstance(field, DateField) and value and field.name in result:
            result[field.name] = [value.isoformat()]
    return result


def html_form_data(html, form_id):
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = []
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "input":
            kind = field.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
                continue
            data.append((name, field.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif field.name == "textarea":
            data.append((name, field.text.removeprefix("\n")))
        else:
            options = field.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and not field.has_attr("multiple") and options:
                chosen = options[:1]
            data.extend((name, option.get("value", option.text)) for option in chosen)
    result = {}
    for name, value in data:
        result.setdefault(name, []).append(value)
    return result


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model._meta.label)
def test_every_page_type_previews_from_the_edit_view(client, superuser, media_library, model):
    page = page_of(model, media_library)
    client.force_login(superuser)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert edit.status_code == 200
    data = form_data(edit.content.decode(), page)
    data["title"] = [page.title + " (bản nháp)"]
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    answer = client.post(preview, data)
    assert answer.status_code == 200 and answer.json()["is_valid"], answer.content[:2000]
    response = client.get(preview)
    assert response.status_code == 200
    assert page.title + " (bản nháp)" in response.content.decode()


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model._meta.label)
def test_every_page_type_shows_a_revision_to_the_reviewer(client, superuser, media_library, model):
    page = page_of(model, media_library)
    page.title += " (bản nháp)"
    revision = page.save_revision(user=superuser)
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revision.pk)))
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_reviewer_previews_a_submitted_article_with_related_items(client, editor, reviewer):
    from documents.models import LegalDocument
    from news.models import ArticleDocument, ArticlePage, RelatedArticle

    article, other = ArticlePage.objects.live().order_by("pk")[:2]
    article = Page.objects.get(pk=article.pk).specific
    document = LegalDocument.objects.live().first()
    article.related_article_links = [RelatedArticle(article=other)]
    article.document_links = [ArticleDocument(document=document)]
    article.save_revision(user=editor).publish()
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = form_data(client.get(edit).content.decode(), article)
    data["title"] = ["Bài chờ duyệt"]
    # The editor's preview of the draft, with its related articles and documents.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert client.post(preview, data).json()["is_valid"]
    html = client.get(preview).content.decode()
    assert "Bài chờ duyệt" in html and other.title in html and f'href="{document.url}"' in html
    data["action-submit"] = ["1"]
    assert client.post(edit, data).status_code == 302
    article.refresh_from_db()
    assert article.workflow_in_progress

    client.force_login(reviewer)
    task = article.current_workflow_task
    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=(article.pk, task.pk)))
    assert response.status_code == 200 and "Bài chờ duyệt" in response.content.decode()
    revision = article.latest_revision
    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=(article.pk, revision.pk)))
    assert response.status_code == 200 and other.title in response.content.decode()

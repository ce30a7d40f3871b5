"""Issue 11 item 1: saving any admin form unchanged changes nothing.

A superuser (signed in with a TOTP code, as staff sign in) opens, in Chromium, the edit form of one
instance of every page type and of every model that has an admin edit view (the registered model
and snippet viewsets, and the site settings), saves it unchanged ("Lưu bản nháp" / "Lưu") and the
test asserts that no field changed in the database (the latest revision's content for models that
keep revisions). The models and page types are found by iterating over Wagtail's registries, so a
new one is covered; one without a seeded instance is created here (a model this module cannot
create fails the test until it learns how).

The known victims of the month-first parsing are the EVN article dated 12/4/2022 (saved as
2022-12-04) and 305/KH-UBND issued on 3/2/2023 (saved as 2023-03-02); a new article's default date
(today, 28/11 on the seeded site's clock or any day above the 12th) was refused.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from wagtail.fields import StreamField

from tests.browser.staff import close_date_pickers, make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1366, "height": 900}

# Bookkeeping that saving a draft or a revision is expected to change.
IGNORED = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "live_revision",
    "locked",
    "locked_at",
    "locked_by",
    "last_login",
}


# --- signing in --------------------------------------------------------------------------------


def make_superuser(username="quantri"):
    return make_staff(username, is_superuser=True, is_staff=True)


# --- what there is to edit ---------------------------------------------------------------------

# Instances to prefer: the records the month-first parsing corrupted.
PREFERRED = {
    "news.ArticlePage": lambda qs: qs.filter(title__contains="(EVN)", date=datetime.date(2022, 4, 12)),
    "documents.LegalDocument": lambda qs: qs.filter(number="305/KH-UBND"),
}


def _create_album_page():
    from home.models import MediaLibraryPage
    from tests.factories import AlbumPageFactory

    return AlbumPageFactory(parent=MediaLibraryPage.objects.get(), title="Album thử nghiệm ngày 28/11")


def _create_responder():
    from forum.models import Responder
    from portal.models import Organisation
    from tests.factories import UserFactory

    # As an administrator creates staff in the admin: names and email are required there.
    user = UserFactory(username="traloi-thu", first_name="Minh", last_name="Trần")
    return Responder.objects.create(
        user=user, unit=Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    )


def _create_subscriber():
    from django.utils import timezone

    from news.models import Subscriber

    return Subscriber.objects.create(email="docgia@example.vn", confirmed_at=timezone.now())


def _create_delivery():
    from news.models import BulletinMailing, BulletinPage, Delivery, Subscriber

    subscriber = Subscriber.objects.first() or _create_subscriber()
    mailing, _ = BulletinMailing.objects.get_or_create(bulletin=BulletinPage.objects.first())
    return Delivery.objects.create(mailing=mailing, subscriber=subscriber)


def _create_user():
    from tests.factories import UserFactory

    return UserFactory(username="nguoidung-thu", first_name="Lan", last_name="Nguyễn")


def _create_unit_staff():
    from kpi.models import UnitStaff
    from portal.models import Organisation
    from tests.factories import UserFactory

    user = UserFactory(username="so-lieu-thu", first_name="Lan", last_name="Nguyễn")
    return UnitStaff.objects.create(user=user, unit=Organisation.objects.get(slug="so-khcn-tphcm"))


def _create_task_update():
    import datetime

    from kpi.models import PlanTask, TaskUpdate

    task = PlanTask.objects.filter(plan__slug="kh-305").order_by("sort_order", "pk").first()
    return TaskUpdate.objects.create(
        task=task, date=datetime.date(2023, 6, 16), status="in_progress", note="Đã tập huấn cho các đơn vị."
    )


def _create_component():
    from decimal import Decimal

    from dxindex.models import MainIndex
    from tests.factories import ComponentFactory

    main = MainIndex.objects.order_by("pk").first()
    return ComponentFactory(main_index=main, code="1.1", name="Tỷ lệ hồ sơ xử lý trực tuyến", max_points=Decimal("5"))


def _create_consultation():
    import datetime

    from django.utils import timezone

    from tests.factories import ConsultationFactory

    # Whole minutes, as the admin's date and time fields keep them.
    now = timezone.now().replace(second=0, microsecond=0)
    return ConsultationFactory(opens_at=now - datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=27))


def _create_consultation_comment():
    from tests.factories import ConsultationCommentFactory

    return ConsultationCommentFactory()


def _create_drafting_staff():
    from tests.factories import DraftingStaffFactory

    return DraftingStaffFactory()


CREATORS = {
    "dxindex.Component": _create_component,
    "consultations.Consultation": _create_consultation,
    "consultations.ConsultationComment": _create_consultation_comment,
    "consultations.DraftingStaff": _create_drafting_staff,
    "home.AlbumPage": _create_album_page,
    "kpi.TaskUpdate": _create_task_update,
    "kpi.UnitStaff": _create_unit_staff,
    "forum.Responder": _create_responder,
    "news.Subscriber": _create_subscriber,
    "news.Delivery": _create_delivery,
    "portal.User": _create_user,
}


def _one(model, queryset):
    label = model._meta.label
    chosen = None
    if label in PREFERRED:
        chosen = PREFERRED[label](queryset).first()
    chosen = chosen or queryset.order_by("pk").first()
    if chosen is None:
        assert label in CREATORS, f"no {label} on the seeded site: add a creator for it to CREATORS"
        chosen = CREATORS[label]()
    return chosen


def editable_pages():
    """(label, page) for one page of every concrete page type but Wagtail's root Page."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, get_page_models

    for model in get_page_models():
        if model is Page:
            continue
        queryset = model.objects.filter(content_type=ContentType.objects.get_for_model(model))
        yield model._meta.label, _one(model, queryset).specific


def editable_models(superuser):
    """(label, edit URL, instance) for every model with an admin edit view: model and snippet
    viewsets (Wagtail's own among them) and the site settings."""
    from django.urls import NoReverseMatch, reverse
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.models import Site

    reverse("wagtailadmin_home")  # the admin's URLs, and with them the viewsets, are loaded
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        try:  # viewsets without an edit view (the forum's moderation queue) have nothing to save
            reverse(viewset.get_url_name("edit"), args=[1])
        except NoReverseMatch:
            continue
        model = viewset.model
        queryset = model._default_manager.all()
        if model._meta.label == "portal.User":
            queryset = queryset.exclude(pk=superuser.pk)
        instance = _one(model, queryset)
        yield model._meta.label, reverse(viewset.get_url_name("edit"), args=[instance.pk]), instance
    site = Site.objects.get(is_default_site=True)
    for model in settings_registry:
        instance = model.for_site(site)
        url = reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site.pk])
        yield model._meta.label, url, instance


# --- what is in the database -------------------------------------------------------------------


def _encode(value):
    if isinstance(value, datetime.datetime):
        # Revisions store date-times to the millisecond (DjangoJSONEncoder), rows to the microsecond.
        return value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _without_ids(value):
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def _html(text):
    """Rich text as Draftail writes it back: the same content, with block keys, <b>/<i> for
    <strong>/<em>, adjacent lists joined and no whitespace between block tags."""
    text = re.sub(r">\s+<", "><", text).strip()
    text = text.replace("</ul><ul>", "").replace("</ol><ol>", "")
    text = re.sub(r' data-block-key="[^"]*"', "", text)
    text = re.sub(r"<(/?)strong>", r"<\1b>", text)
    text = re.sub(r"<(/?)em>", r"<\1i>", text)
    return re.sub(r">\s+<", "><", text).strip()


def _normalised(value):
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, str) and value.startswith("<"):
        return _html(value)
    return value


def _plain(value):
    return json.loads(json.dumps(value, default=_encode, sort_keys=True))


def _stream(field, instance):
    """A StreamField's content as its blocks see it: older stored shapes (a list block stored as
    plain values, a block saved before a child block with a default was added) read the same as
    what the form writes back; block ids, which the form may regenerate for those, are left out."""
    block = field.stream_block
    value = block.to_python(_plain(field.value_from_object(instance).get_prep_value()))
    list(value)  # bind every child, so that get_prep_value converts them rather than echoing the stored data
    return _without_ids(_plain(block.get_prep_value(value)))


def snapshot(instance):
    """Every stored value of the instance (its latest revision's, for models with revisions),
    child relations and many-to-many included, as plain JSON."""
    model = type(instance)
    fresh = model._default_manager.get(pk=instance.pk)
    if hasattr(fresh, "specific"):
        fresh = fresh.specific
    if hasattr(fresh, "get_latest_revision_as_object"):
        fresh = fresh.get_latest_revision_as_object()
    auto = {f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    if hasattr(fresh, "serializable_data"):
        data = fresh.serializable_data()
    else:
        data = {f.name: f.value_from_object(fresh) for f in model._meta.concrete_fields}
        for field in model._meta.many_to_many:
            data[field.name] = sorted(item.pk for item in getattr(fresh, field.name).all())
    data = _plain({key: value for key, value in data.items() if key not in IGNORED | auto})
    for field in model._meta.concrete_fields:
        if isinstance(field, StreamField) and field.name in data:
            data[field.name] = _stream(field, fresh)
    if "tagged_items" in data:  # taggit rows: the tags, in any order, are what is stored
        data["tagged_items"] = sorted(row["tag"] for row in data["tagged_items"])
    return _normalised(data)


def _positions(rows):
    """Child rows whose sort_order was never set (seeded, imported) get their position when a
    form saves them: the same order, not a change."""
    if isinstance(rows, list) and all(isinstance(row, dict) and "sort_order" in row for row in rows):
        return [
            {**row, "sort_order": index if row["sort_order"] is None else row["sort_order"]}
            for index, row in enumerate(rows)
        ]
    return rows


def differences(before, after):
    before = {key: _positions(value) for key, value in before.items()}
    after = {key: _positions(value) for key, value in after.items()}
    return {
        key: (before.get(key), after.get(key))
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }


# --- saving unchanged --------------------------------------------------------------------------


def save_unchanged(page, url):
    """Open the edit form at url, click its first save button ("Lưu bản nháp" for pages and
    drafts, "Lưu" otherwise) and return the page's error text, if any."""
    response = page.goto(url)
    assert response.ok, (url, response.status)
    button = page.locator("button.action-save:visible, form button[type=submit].button-longrunning:visible").first
    assert button.count(), (url, page.locator("main").inner_text()[:1000])
    with page.expect_navigation():
        button.click()
    errors = page.locator(".error-message, .help-critical, .w-field__errors, .messages .error")
    return " | ".join(text.strip() for text in errors.all_inner_texts() if text.strip())


def roundtrip(page, base, superuser):
    """Save every editable page and model unchanged; return {label: problem} for those that
    changed or were refused."""
    from django.urls import reverse

    problems = {}
    targets = [(label, reverse("wagtailadmin_pages:edit", args=[item.pk]), item) for label, item in editable_pages()]
    targets += list(editable_models(superuser))
    for label, url, instance in targets:
        before = snapshot(instance)
        error = save_unchanged(page, base + url)
        after = snapshot(instance)
        changed = differences(before, after)
        if error or changed:
            problems[f"{label} #{instance.pk}"] = {"error": error, "changed": changed}
    return targets, problems


@pytest.mark.slow
def test_saving_every_admin_form_unchanged_changes_nothing(browser, seeded_server):
    from documents.models import LegalDocument
    from news.models import ArticlePage

    base = seeded_server.url
    superuser, authenticator = make_superuser()
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, superuser, authenticator)

    targets, problems = roundtrip(page, base, superuser)
    context.close()

    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    labels = {label for label, _, _ in targets}
    assert {"news.ArticlePage", "documents.LegalDocument", "kpi.Indicator", "home.HomePage"} <= labels
    evn = ArticlePage.objects.get(
        title__contains="(EVN)",
        date=datetime.date(2022, 4, 12),
        pk__in=[item.pk for label, _, item in targets if label == "news.ArticlePage"],
    )
    assert evn.get_latest_revision_as_object().date == datetime.date(2022, 4, 12)
    plan = LegalDocument.objects.get(number="305/KH-UBND")
    assert plan.get_latest_revision_as_object().issued_on == datetime.date(2023, 2, 3)


TITLE = "Hội thảo chuyển đổi số ngày 28 tháng 11"


def test_new_article_default_date_and_schedule_after_the_12th(browser, seeded_server):
    """A new article's pre-filled date (today) is accepted, and go_live_at on a day after the
    12th is stored as that day, not with day and month swapped (or refused)."""
    from django.utils import timezone

    from news.models import ArticlePage, NewsIndexPage

    base = seeded_server.url
    superuser, authenticator = make_superuser()
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, superuser, authenticator)

    today = timezone.localdate()
    news_index = NewsIndexPage.objects.get()
    page.goto(f"{base}/admin/pages/add/news/articlepage/{news_index.pk}/")
    assert page.input_value("#id_date") == today.strftime("%d/%m/%Y")
    # Pretend today is a day after the 12th, which the month-first parsing refused.
    day = datetime.date(today.year, 11, 28)
    page.fill("#id_date", day.strftime("%d/%m/%Y"))
    page.fill("#id_title", TITLE)
    # The slug follows the title when the title loses focus (here, on opening the Promote tab),
    # possibly after this fill: the article is found by its title.
    page.get_by_role("tab", name="Quảng bá").click()
    page.fill("#id_slug", "hoi-thao-chuyen-doi-so-ngay-28-thang-11")
    with page.expect_navigation():
        page.locator("button.action-save:visible").first.click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-new-article-desktop.png"), full_page=True)
    assert ArticlePage.objects.filter(title=TITLE).count() == 1, (
        page.url,
        [
            text.strip()
            for text in page.locator(".messages, .error-message, .w-field__errors").all_inner_texts()
            if text.strip()
        ],
    )
    article = ArticlePage.objects.get(title=TITLE)
    assert article is not None, [
        (el.get_attribute("id"), el.inner_text()[:200])
        for el in page.locator(".w-field--error, .w-field__errors:not(:empty)").all()
    ]
    assert article.date == day

    # Schedule it for 15/12 of next year at 08:30 (a day above 12), from the status side panel.
    go_live = datetime.datetime(today.year + 1, 12, 15, 8, 30)
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    page.locator("[data-side-panel-toggle='status']").click()
    page.get_by_role("button", name="Đặt lịch").or_(
        page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']")
    ).first.click()
    page.fill("#id_go_live_at", go_live.strftime("%d/%m/%Y %H:%M"))
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("h2, [id$='-title']").first.click()  # close the date picker, as a person clicks beside it
    close_date_pickers(page)
    with page.expect_navigation():
        dialog.locator("button.action-save, button[type=submit]").first.click()
    page.screenshot(path=str(ARTIFACTS / "admin-schedule-desktop.png"), full_page=True)
    revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert revision.go_live_at is not None, page.locator("main").inner_text()[:2000]
    assert timezone.localtime(revision.go_live_at).replace(tzinfo=None) == go_live
    assert revision.date == day
    context.close()

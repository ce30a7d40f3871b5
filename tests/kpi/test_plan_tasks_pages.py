"""The plan tasks' public pages (routes of /chi-tieu/), the document page's link, and the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import LegalDocument
from kpi.plan_tasks import PlanTask, TaskStatus, TaskUpdate
from portal.models import Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PLAN_URL = "/chi-tieu/ke-hoach/{}/nhiem-vu/"


def test_plan_page_lists_every_task_by_section_with_quote_and_rollup(client):
    response = client.get(PLAN_URL.format("kh-681"))
    assert response.status_code == 200
    html = response.content.decode()
    tasks = PlanTask.objects.filter(plan__slug="kh-681")
    shown = [task.pk for section in response.context["sections"] for task in section["tasks"]]
    assert sorted(shown) == sorted(tasks.values_list("pk", flat=True))
    labels = [section["label"] for section in response.context["sections"]]
    assert labels[0].startswith("II. Nhiệm vụ trọng tâm — 1.") and labels[-1] == "IV. Tổ chức thực hiện"
    assert "Xây dựng kế hoạch truyền thông cho Chương trình chuyển đổi số." in html
    assert "Hoàn thành: <strong>0%</strong> (0/42)" in html
    assert f'<strong data-status="unknown">{tasks.count()}</strong>' in html
    assert "Cách tính" in html and "Phụ lục 1 và Phụ lục 2" in html  # the note on the missing appendices
    assert 'href="/van-ban/kh-681-kh-ubnd-2021/"' in html


def test_by_unit_view_groups_registry_units_then_the_plans_own_words(client):
    response = client.get(PLAN_URL.format("kh-305") + "theo-don-vi/")
    groups = response.context["units"]
    tttt = next(g for g in groups if g["unit"] and g["unit"].slug == "so-tttt-tphcm")
    assert sorted(t.key for t in tttt["tasks"]) == ["ii-1", "ii-2", "ii-5", "ii-6", "iii-1-1", "iii-1-2"]
    # Step 3 is led by ten named units: it is in each one's group.
    assert sum(1 for g in groups if any(t.key == "ii-3" for t in g["tasks"])) == 10
    words = [g for g in groups if g["unit"] is None]
    assert any(g["label"].startswith("Các sở, ban ngành") for g in words)
    assert 'href="/chi-tieu/don-vi/so-tttt-tphcm/"' in response.content.decode()


def test_overdue_view_separates_known_late_from_unknown(client):
    task = PlanTask.objects.get(plan__slug="kh-305", key="ii-1")  # Quý 1 năm 2023
    TaskUpdate.objects.create(task=task, date=datetime.date(2023, 2, 1), status=TaskStatus.IN_PROGRESS)
    done = PlanTask.objects.get(plan__slug="kh-305", key="ii-2")
    TaskUpdate.objects.create(
        task=done,
        date=datetime.date(2023, 3, 30),
        status=TaskStatus.DONE,
        evidence_url="https://example.org/bao-cao",
        evidence_document=LegalDocument.objects.get(slug="kh-305-kh-ubnd-2023"),
    )
    response = client.get(PLAN_URL.format("kh-305") + "qua-han/")
    assert [t.key for t in response.context["overdue"]] == ["ii-1"]
    assert sorted(t.key for t in response.context["lapsed"]) == ["ii-3", "ii-4", "ii-5", "ii-6"]
    assert response.context["summary"]["percent_done"] == 9  # 1 of 11
    html = client.get(PLAN_URL.format("kh-305")).content.decode()
    assert "https://example.org/bao-cao" in html and "Hoàn thành" in html


def test_unit_page_lists_led_and_co_ordinated_tasks_across_plans_and_names_the_successor(client):
    response = client.get("/chi-tieu/don-vi/so-tttt-tphcm/")
    assert response.status_code == 200
    led = {(g["plan"].slug, t.key) for g in response.context["led_groups"] for t in g["tasks"]}
    co = {(g["plan"].slug, t.key) for g in response.context["co_groups"] for t in g["tasks"]}
    assert ("kh-681", "iv-2-d") in led and ("kh-305", "ii-1") in led
    assert ("kh-305", "ii-3") in co and ("kh-681", "iv-6") in co and not led & co
    assert response.context["summary"]["total"] == len(led)
    assert "Sở Khoa học và Công nghệ TP. Hồ Chí Minh" in response.content.decode()
    successor = client.get("/chi-tieu/don-vi/so-khcn-tphcm/").content.decode()
    assert 'href="/chi-tieu/don-vi/so-tttt-tphcm/"' in successor
    assert client.get("/chi-tieu/don-vi/khong-co/").status_code == 404
    assert client.get(PLAN_URL.format("khong-co")).status_code == 404


def test_plans_index_lists_the_plans_with_tasks(client):
    response = client.get("/chi-tieu/ke-hoach/nhiem-vu/")
    slugs = [row["plan"].slug for row in response.context["rows"]]
    assert sorted(slugs) == ["kh-305", "kh-681", "kh-cds-2024", "kh-cds-cao-lanh"]
    by_slug = {row["plan"].slug: row["summary"] for row in response.context["rows"]}
    assert by_slug["kh-cds-2024"]["total"] == 11  # the four priorities are not counted


def test_pages_read_in_a_constant_number_of_queries(client, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE = False  # count the queries of rendering, not of a cached copy
    url = PLAN_URL.format("kh-cds-cao-lanh")
    addresses = [url, url + "theo-don-vi/", url + "qua-han/", "/chi-tieu/don-vi/phong-kinh-te-cao-lanh/"]
    addresses.append("/chi-tieu/ke-hoach/nhiem-vu/")
    counts = {}
    for address in addresses:
        client.get(address)  # warm the caches (menu, page URLs)
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        counts[address] = len(queries)  # now: the next request empties the connection's query log
        assert 0 < counts[address] <= 20, address
    units = list(Organisation.objects.filter(slug__startswith="phong-"))
    for task in PlanTask.objects.filter(plan__slug="kh-cds-cao-lanh"):
        task.co_units.add(*units)
        task.joint_lead_units.add(units[0])
        for day in (1, 2):
            TaskUpdate.objects.create(task=task, date=datetime.date(2024, 1, day), status=TaskStatus.IN_PROGRESS)
    for address in addresses:
        client.get(address)
        with django_assert_max_num_queries(counts[address]):
            assert client.get(address).status_code == 200


def test_each_plans_document_page_links_to_its_tracker(client):
    for slug, plan in [
        ("kh-681-kh-ubnd-2021", "kh-681"),
        ("kh-305-kh-ubnd-2023", "kh-305"),
        ("kh-cds-tphcm-2024", "kh-cds-2024"),
        ("kh-cds-tp-cao-lanh", "kh-cds-cao-lanh"),
    ]:
        html = client.get(LegalDocument.objects.get(slug=slug).url).content.decode()
        assert f'href="{PLAN_URL.format(plan)}"' in html, slug
    other = client.get(LegalDocument.objects.get(slug="qd-2393-qd-ubnd-2020").url).content.decode()
    assert "/nhiem-vu/" not in other


def test_anonymous_visitors_read_but_cannot_edit(client):
    task = PlanTask.objects.get(plan__slug="kh-305", key="ii-1")
    assert client.get(PLAN_URL.format("kh-305")).status_code == 200
    edit = reverse("wagtailsnippets_kpi_plantask:edit", args=[task.pk])
    assert client.get(edit).status_code == 302
    response = client.post(edit, {"text": "Đổi"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    task.refresh_from_db()
    assert task.text != "Đổi"
    assert client.post(PLAN_URL.format("kh-305"), {"status": "done"}).status_code in (403, 405)


def test_editors_record_an_update_in_the_admin_and_others_cannot(client, editor):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    task = PlanTask.objects.get(plan__slug="kh-305", key="ii-1")
    listing = reverse("wagtailsnippets_kpi_plantask:list")
    client.force_login(editor)
    tttt = Organisation.objects.get(slug="so-tttt-tphcm")
    filtered = client.get(listing, {"plan": task.plan_id, "status": "unknown", "co_units": tttt.pk})
    assert filtered.status_code == 200
    shown = {row.pk for row in filtered.context["object_list"]}
    assert shown == set(PlanTask.objects.filter(plan=task.plan, co_units=tttt).values_list("pk", flat=True))
    assert shown and task.pk not in shown  # ii-1 is led by Sở TT&TT, not co-ordinated
    history = reverse("wagtailsnippets_kpi_taskupdate:list")
    assert client.get(history, {"task__plan": task.plan_id}).status_code == 200
    edit = reverse("wagtailsnippets_kpi_plantask:edit", args=[task.pk])
    assert client.get(edit).status_code == 200
    data = nested_form_data(
        {
            "plan": task.plan_id,
            "kind": task.kind,
            "number": task.number,
            "sort_order": task.sort_order,
            "section": task.section,
            "text": task.text,
            "passage": task.passage,
            "lead_text": task.lead_text,
            "lead_unit": task.lead_unit_id,
            "co_text": task.co_text,
            "unit_note": task.unit_note,
            "deadline_text": task.deadline_text,
            "due_date": task.due_date.isoformat(),
            "updates": inline_formset(
                [{"date": "2023-03-15", "status": "done", "note": "Đã vận hành", "evidence_url": ""}]
            ),
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    # An editor's update waits for a reviewer, like a unit's; approved, it is the task's status.
    task.refresh_from_db()
    update = task.updates.get()
    assert update.author == editor and update.review == "pending" and task.status == TaskStatus.UNKNOWN
    from kpi.task_entry import decide

    decide(update, UserFactory(username="nguoi-duyet"), "duyet")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.status_on == datetime.date(2023, 3, 15)

    outsider = UserFactory(username="outsider")
    outsider.groups.add(Group.objects.create(name="Chỉ vào quản trị"))
    Group.objects.get(name="Chỉ vào quản trị").permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(edit).status_code in (302, 403)


def test_an_update_purges_the_cached_pages(client, settings, django_capture_on_commit_callbacks):
    from portal import page_cache

    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_TIMEOUT = 600
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    page_cache.local.clear()
    url = PLAN_URL.format("kh-305")
    unit = "/chi-tieu/don-vi/so-tttt-tphcm/"
    assert 'data-status="done">0<' in client.get(url).content.decode()
    client.get(unit)
    assert client.get(url)["X-Page-Cache"] == "HIT"
    task = PlanTask.objects.get(plan__slug="kh-305", key="ii-1")
    with django_capture_on_commit_callbacks(execute=True):
        TaskUpdate.objects.create(task=task, date=datetime.date(2023, 3, 1), status=TaskStatus.DONE)
    assert 'data-status="done">1<' in client.get(url).content.decode()
    assert 'data-status="done">1<' in client.get(unit).content.decode()
    page_cache.local.clear()


def test_an_update_added_on_its_own_names_its_task_and_author(client, editor):
    task = PlanTask.objects.get(plan__slug="kh-681", key="iv-2-a")
    client.force_login(editor)
    add = reverse("wagtailsnippets_kpi_taskupdate:add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {"task": task.pk, "date": "2021-06-30", "status": "in_progress", "note": "", "evidence_url": ""},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    update = TaskUpdate.objects.get(task=task)
    assert update.author == editor and update.review == "pending"
    task.refresh_from_db()
    assert task.status == TaskStatus.UNKNOWN  # until a reviewer approves it


def test_a_reviewers_own_update_is_public_at_once_and_says_who_approved_it(client, reviewer):
    task = PlanTask.objects.get(plan__slug="kh-681", key="iv-2-a")
    client.force_login(reviewer)
    response = client.post(
        reverse("wagtailsnippets_kpi_taskupdate:add"),
        {"task": task.pk, "date": "2021-06-30", "status": "in_progress", "note": "", "evidence_url": ""},
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=task)
    assert update.author == reviewer and update.reviewed_by == reviewer and update.review == "approved"
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


def test_the_sitemap_lists_the_plan_trackers_and_the_units_pages(client):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/chi-tieu/ke-hoach/nhiem-vu/", PLAN_URL.format("kh-305"), "/chi-tieu/don-vi/so-tttt-tphcm/"):
        assert f"{path}</loc>" in xml, path
    assert xml.count(PLAN_URL.format("kh-681") + "</loc>") == 1

"""The portal's roles, defined once: who they are and what each may do.

Wagtail groups, each with only the permissions it needs:

- Biên tập viên (editors) draft pages, documents and indicators and submit them for review;
- Người duyệt (reviewers) approve and publish, and manage the reference lists;
- Điều phối viên diễn đàn (forum moderators) moderate proposals and comments;
- Đơn vị trả lời (responders) answer what is assigned to their unit;
- Cán bộ số liệu (a unit's data staff) submit measurements for their unit's indicators and updates
  of their unit's plan tasks, which Người duyệt approve before they are public;
- Cán bộ soạn thảo (a drafting unit's staff) manage their unit's consultations on draft documents
  and write their synthesis (tiếp thu, giải trình); the forum's moderators moderate the comments.

The DX-index assessment (dxindex, KH 305/KH-UBND) has four roles of its own:

- Cán bộ đánh giá của đơn vị (a unit's assessment staff) enter their unit's self-assessment: values
  and evidence, as drafts;
- Lãnh đạo đơn vị (the unit head) does the same and submits it;
- Thẩm định viên (appraisers) accept, adjust or return each component of submitted assessments;
- Hội đồng chỉ số CĐS (the council, the department's administrators) edit the index versions and
  components, open periods, sign off and publish.

Which unit a unit's staff or head belongs to is the one membership kpi.UnitStaff records (an
account and its unit), shared with Cán bộ số liệu rather than copied.

Pages and legal documents go through the "Biên tập và duyệt" workflow, whose one task belongs to
Người duyệt.

The data migrations that created the roles (home 0002, documents 0002, kpi 0002, forum 0002) call
the functions below with the historical models they are given, and the seed command calls
`ensure_roles` with the project's models to restore them in a database that was emptied (`flush`,
as transactional tests do). Everything here is idempotent and names models by app label and model
name only: the kernel imports no app.
"""

EDITORS = "Biên tập viên"
REVIEWERS = "Người duyệt"
FORUM_MODERATORS = "Điều phối viên diễn đàn"
RESPONDERS = "Đơn vị trả lời"
DATA_STAFF = "Cán bộ số liệu"
DX_UNIT_STAFF = "Cán bộ đánh giá của đơn vị"
DX_UNIT_HEAD = "Lãnh đạo đơn vị"
DX_APPRAISERS = "Thẩm định viên"
DX_COUNCIL = "Hội đồng chỉ số CĐS"
DX_ROLES = (DX_UNIT_STAFF, DX_UNIT_HEAD, DX_APPRAISERS, DX_COUNCIL)
DRAFTING_STAFF = "Cán bộ soạn thảo"
ROLES = (EDITORS, REVIEWERS, FORUM_MODERATORS, RESPONDERS, DATA_STAFF, DRAFTING_STAFF, *DX_ROLES)

WORKFLOW_NAME = "Biên tập và duyệt"
TASK_NAME = "Người duyệt phê duyệt"

# Wagtail's own groups, removed once (home 0005); their members join the equivalent role.
WAGTAIL_DEFAULT_GROUPS = {"Editors": EDITORS, "Moderators": REVIEWERS}

# On the whole page tree (the root page).
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# On images and documents of every collection (the root collection), by model name.
MEDIA_APP_LABEL = "portal"  # the image and document models' app (home until portal 0004)
COLLECTION_PERMISSIONS = {
    EDITORS: {
        "portalimage": ["add_image", "change_image", "choose_image"],
        "portaldocument": ["add_document", "change_document", "choose_document"],
    },
    REVIEWERS: {
        "portalimage": ["add_image", "change_image", "choose_image", "delete_image"],
        "portaldocument": ["add_document", "change_document", "choose_document", "delete_document"],
    },
    # A consultation's attachments (tờ trình, báo cáo đánh giá tác động).
    DRAFTING_STAFF: {"portaldocument": ["add_document", "choose_document"]},
}

# Model permissions, by app label, role and model name. The registry of public bodies replaced
# documents' issuers, kpi's places and forum's units (portal 0006): whoever could see or edit those
# sees or edits Organisations.
MODEL_PERMISSIONS = {
    "portal": {
        EDITORS: {"organisation": ["view_organisation"]},
        REVIEWERS: {"organisation": ["add_organisation", "change_organisation", "view_organisation"]},
        FORUM_MODERATORS: {"organisation": ["view_organisation"]},
    },
    "documents": {
        EDITORS: {
            "legaldocument": ["add_legaldocument", "change_legaldocument", "lock_legaldocument"],
            "documenttype": ["view_documenttype"],
            "legalfield": ["view_legalfield"],
        },
        REVIEWERS: {
            "legaldocument": [
                "add_legaldocument",
                "change_legaldocument",
                "publish_legaldocument",
                "lock_legaldocument",
                "unlock_legaldocument",
                "delete_legaldocument",
            ],
            "documenttype": ["view_documenttype"],
            "legalfield": ["add_legalfield", "change_legalfield", "view_legalfield"],
        },
    },
    "kpi": {
        EDITORS: {
            "indicator": ["add_indicator", "change_indicator", "view_indicator"],
            "plan": ["view_plan"],
            "measurement": ["submit_measurement"],
            "plantask": ["change_plantask", "view_plantask"],
            "taskupdate": ["add_taskupdate", "change_taskupdate", "view_taskupdate"],
        },
        REVIEWERS: {
            "indicator": ["add_indicator", "change_indicator", "delete_indicator", "view_indicator"],
            "plan": ["add_plan", "change_plan", "view_plan"],
            "measurement": ["submit_measurement", "review_measurement"],
            "unitstaff": ["add_unitstaff", "change_unitstaff", "delete_unitstaff", "view_unitstaff"],
            "plantask": ["add_plantask", "change_plantask", "delete_plantask", "view_plantask"],
            "taskupdate": [
                "add_taskupdate",
                "change_taskupdate",
                "delete_taskupdate",
                "view_taskupdate",
                "review_taskupdate",
            ],
        },
        # A unit's staff (kpi.UnitStaff names the unit): measurements of the indicators and updates
        # of the tasks their unit is responsible for, both waiting for a reviewer.
        DATA_STAFF: {"measurement": ["submit_measurement"], "taskupdate": ["submit_taskupdate"]},
    },
    "forum": {
        FORUM_MODERATORS: {
            "proposal": ["moderate_proposal", "view_forum_reports", "view_proposal"],
            "proposalcategory": ["add_proposalcategory", "change_proposalcategory", "view_proposalcategory"],
            "proposalkind": ["change_proposalkind", "view_proposalkind"],
            "responder": ["view_responder"],
        },
        # On the answer, not the proposal (forum 0004): a permission on the proposal would show
        # responders every proposal's history in Wagtail's site history report.
        RESPONDERS: {"answer": ["answer_proposal"]},
    },
    "dxindex": {
        DX_UNIT_STAFF: {"period": ["self_assess"]},
        DX_UNIT_HEAD: {"period": ["self_assess", "submit_assessment"]},
        DX_APPRAISERS: {"period": ["appraise_assessment", "view_period"]},
        DX_COUNCIL: {
            "indexversion": ["add_indexversion", "change_indexversion", "view_indexversion"],
            "unittype": ["add_unittype", "change_unittype", "view_unittype"],
            "mainindex": ["add_mainindex", "change_mainindex", "delete_mainindex", "view_mainindex"],
            "component": ["add_component", "change_component", "delete_component", "view_component"],
            "period": ["add_period", "change_period", "view_period", "manage_period", "appraise_assessment"],
        },
    },
    # Which unit a drafting staff account works for is a DraftingStaff row, kept by Người duyệt.
    "consultations": {
        DRAFTING_STAFF: {
            "consultation": ["add_consultation", "change_consultation", "synthesise_consultation"],
        },
        REVIEWERS: {
            "draftingstaff": [
                "add_draftingstaff",
                "change_draftingstaff",
                "delete_draftingstaff",
                "view_draftingstaff",
            ],
        },
    },
}

# Snippets that go through the workflow, as (app label, model name).
WORKFLOW_SNIPPETS = [("documents", "legaldocument")]


def _permission(apps, app_label, model, codename):
    """The permission, made if missing (a migration may run before post_migrate makes it)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": _permission_name(model, codename)}
    )
    return permission


def _permission_name(model, codename):
    action, _sep, rest = codename.partition("_")
    if rest == model:
        return f"Can {action} {model}"
    return codename.replace("_", " ").capitalize()


def create_roles(apps):
    """The roles' groups, each allowed into the admin. Returns {name: group}."""
    Group = apps.get_model("auth", "Group")
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    groups = {}
    for name in ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[name] = group
    return groups


def _group(apps, name):
    return apps.get_model("auth", "Group").objects.get_or_create(name=name)[0]


def grant_page_permissions(apps):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    for name, codenames in PAGE_PERMISSIONS.items():
        group = _group(apps, name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(apps, "wagtailcore", "page", codename)
            )


def grant_collection_permissions(apps, app_label=MEDIA_APP_LABEL):
    """Image and document permissions on the root collection; `app_label` is where the media
    models were when the calling migration ran."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for name, models in COLLECTION_PERMISSIONS.items():
        group = _group(apps, name)
        for model, codenames in models.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, codename),
                )


# Models renamed since the migration that first grants their permissions: (app label, name now) →
# name then. A migration that runs before the rename grants the permission under the old name, and
# the renaming migration carries it over (forum 0005).
RENAMED_MODELS = {
    ("forum", "proposalcategory"): "category",
    ("forum", "proposalkind"): "kind",
}


def _name_in(apps, app_label, model, codename):
    """The model's name and the permission's codename in `apps` (a migration's historical state)."""
    old = RENAMED_MODELS.get((app_label, model))
    if old is None:
        return model, codename
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return old, codename.removesuffix(model) + old
    return model, codename


def grant_model_permissions(apps, app_label):
    """The roles' permissions on `app_label`'s models (MODEL_PERMISSIONS)."""
    for name, models in MODEL_PERMISSIONS.get(app_label, {}).items():
        group = _group(apps, name)
        for model, codenames in models.items():
            for codename in codenames:
                group.permissions.add(_permission(apps, app_label, *_name_in(apps, app_label, model, codename)))


def create_workflow(apps):
    """The "Biên tập và duyệt" workflow on the whole page tree, approved by Người duyệt."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(_group(apps, REVIEWERS))
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def attach_workflow(apps, app_label):
    """`app_label`'s snippets in WORKFLOW_SNIPPETS go through the workflow, once it exists."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    for label, model in WORKFLOW_SNIPPETS:
        if label == app_label:
            content_type, _created = ContentType.objects.get_or_create(app_label=label, model=model)
            WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


def remove_roles(apps):
    """Undo create_roles and create_workflow (the reverse of home 0002)."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name__in=ROLES).delete()


def ensure_roles(apps):
    """Every role with every permission and the workflow, as the migrations left them; for the
    project's own models (`django.apps.apps`). Apps that are not installed are skipped."""
    create_roles(apps)
    grant_page_permissions(apps)
    grant_collection_permissions(apps)
    create_workflow(apps)
    installed = {app_config.label for app_config in apps.get_app_configs()}
    for app_label in MODEL_PERMISSIONS:
        if app_label in installed:
            grant_model_permissions(apps, app_label)
            attach_workflow(apps, app_label)

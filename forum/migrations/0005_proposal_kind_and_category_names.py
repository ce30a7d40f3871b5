"""forum.Kind and forum.Category become ProposalKind and ProposalCategory (kpi has a Kind and news a
Category). Rows, foreign keys and content types are kept; the permissions of the renamed models
take the new codenames so that the groups that held them keep them."""

from django.db import migrations

RENAMED = {"category": "proposalcategory", "kind": "proposalkind"}


def rename_permissions(apps, schema_editor, renamed):
    Permission = apps.get_model("auth", "Permission")
    for old, new in renamed.items():
        for action in ("add", "change", "delete", "view"):
            stale = Permission.objects.filter(content_type__app_label="forum", codename=f"{action}_{old}").first()
            if stale is None:
                continue
            fresh = Permission.objects.filter(content_type__app_label="forum", codename=f"{action}_{new}").first()
            if fresh is None:
                stale.codename = f"{action}_{new}"
                stale.save(update_fields=["codename"])
            else:  # made already (by a post_migrate run): move the groups and users, drop the stale one
                for group in stale.group_set.all():
                    group.permissions.add(fresh)
                for user in stale.user_set.all():
                    user.user_permissions.add(fresh)
                stale.delete()


def drop_premade_content_types(apps, names):
    """A post_migrate run may have made content types under the names the models are about to
    take (with nothing attached but their default permissions): drop them, so that Django's
    RenameContentType, which follows each RenameModel, renames the real ones (ids, log entries and
    group permissions kept) instead of leaving them stale."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="forum", model__in=names).delete()


def before_renaming(apps, schema_editor):
    drop_premade_content_types(apps, RENAMED.values())


def forwards(apps, schema_editor):
    rename_permissions(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    drop_premade_content_types(apps, RENAMED.keys())
    rename_permissions(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_answer_permission_on_answers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(before_renaming, migrations.RunPython.noop),
        migrations.RenameModel("Category", "ProposalCategory"),
        migrations.RenameModel("Kind", "ProposalKind"),
        migrations.RunPython(forwards, backwards),
    ]

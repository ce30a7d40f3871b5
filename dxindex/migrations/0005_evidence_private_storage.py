from django.core.files.storage import storages
from django.db import migrations, models

import portal.storage


def move(apps, schema_editor, source, target):
    """Move the evidence files already uploaded from one storage to the other, under the same
    names (a file already there is left alone)."""
    Evidence = apps.get_model("dxindex", "Evidence")
    source, target = storages[source], storages[target]
    for name in Evidence.objects.exclude(file="").values_list("file", flat=True).iterator():
        if source.exists(name) and not target.exists(name):
            with source.open(name, "rb") as handle:
                target.save(name, handle)
            source.delete(name)


def to_private(apps, schema_editor):
    move(apps, schema_editor, "default", "private")


def to_public(apps, schema_editor):
    move(apps, schema_editor, "private", "default")


class Migration(migrations.Migration):
    """A unit's evidence files leave the public media for the private storage."""

    dependencies = [
        ("dxindex", "0004_index_version_city"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(
                blank=True,
                storage=portal.storage.private_storage,
                upload_to="dxindex/evidence/%Y/",
                verbose_name="tệp",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]

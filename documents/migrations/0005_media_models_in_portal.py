"""Attachments point at portal.PortalDocument, in the migration state only: portal 0004 took the model
over on the same table and rows, which portal 0005 renames once every app points at it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_ascii_slugs'),
        ('portal', '0004_media_models'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='documentattachment',
                    name='file',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portal.portaldocument', verbose_name='tệp'),
                ),
            ],
            database_operations=[],
        ),
    ]

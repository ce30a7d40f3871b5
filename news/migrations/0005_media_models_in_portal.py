"""The cover images point at portal.PortalImage, in the migration state only: portal 0004 took the model
over on the same table and rows, which portal 0005 renames once every app points at it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0004_bulletin_sections_may_be_empty'),
        ('portal', '0004_media_models'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='articlepage',
                    name='cover_image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='portal.portalimage', verbose_name='ảnh đại diện'),
                ),
                migrations.AlterField(
                    model_name='bulletinpage',
                    name='cover_image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='portal.portalimage', verbose_name='ảnh bìa'),
                ),
            ],
            database_operations=[],
        ),
    ]

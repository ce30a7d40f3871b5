"""The album's cover image points at portal.PortalImage, and home's state lets go of the image,
rendition and document models: portal 0004 took them over on the same tables and rows (portal 0005
renames the tables afterwards), so nothing changes in the database here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0005_remove_wagtail_default_groups'),
        ('portal', '0004_media_models'),
        # Every other app's foreign keys point at the portal models before home's are dropped.
        ('news', '0005_media_models_in_portal'),
        ('documents', '0005_media_models_in_portal'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='albumpage',
                    name='cover_image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='portal.portalimage', verbose_name='ảnh bìa'),
                ),
                migrations.DeleteModel(name='PortalRendition'),
                migrations.DeleteModel(name='PortalImage'),
                migrations.DeleteModel(name='PortalDocument'),
            ],
            database_operations=[],
        ),
    ]

"""The image, rendition and document tables take the kernel's names: home_portal* -> portal_portal*.

Runs once home, news and documents point at the portal models in their state (home 0006 depends on
news 0005 and documents 0005), so that the foreign keys every state describes follow the rename.
The database renames the tables in place (rows, ids and sequences stay); PostgreSQL's and SQLite's
foreign keys follow the renamed tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0004_media_models'),
        ('home', '0006_media_models_in_portal'),
    ]

    operations = [
        migrations.AlterModelTable(name='portaldocument', table=None),
        migrations.AlterModelTable(name='portalimage', table=None),
        migrations.AlterModelTable(name='portalrendition', table=None),
    ]

"""Generations (portal.Generation, portal/generations.py): a number per subject that database
triggers renew on every write to the subject's tables, read by the caches of answers computed
from them (the search index's, portal/search/cache.py)."""

from django.db import migrations, models


def create(apps, schema_editor):
    from portal import generations

    generations.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    from portal import generations

    generations.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_search_entry_word_index")]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, unique=True)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "thế hệ dữ liệu", "verbose_name_plural": "thế hệ dữ liệu"},
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]

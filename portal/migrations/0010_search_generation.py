"""The search index's generation (portal.SearchGeneration): one row, raised by database triggers on
every statement that writes portal_searchentry (portal/search/fulltext.py), read by the cache of
search answers (portal/search/cache.py)."""

from django.db import migrations, models


def create(apps, schema_editor):
    from portal.search import fulltext

    fulltext.ensure_generation(schema_editor.connection)


def drop(apps, schema_editor):
    from portal.search import fulltext

    fulltext.drop_generation(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_search_entry_word_index")]

    operations = [
        migrations.CreateModel(
            name="SearchGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "thế hệ chỉ mục tìm kiếm",
                "verbose_name_plural": "thế hệ chỉ mục tìm kiếm",
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]

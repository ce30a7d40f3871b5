"""The search index's word index (portal/search/fulltext.py): on PostgreSQL, GIN indexes on the
folded text's and the keys' tsvector ('simple' configuration); on SQLite, an FTS5 table over the same
columns kept in step by triggers. The index name is not in the model's Meta because neither works
on the other database: each operation here runs on its own database only.

PostgreSQL also keeps each row's long texts (body, text_folded, text_exact) out of line once a row
passes 512 bytes (toast_tuple_target), so that the rows a word matches, read for facets and
scoring by title, fill a few pages instead of one page each (measured on 100,000 documents: the
broad query "chuyen doi so" from ~900 to ~370 ms). Rows written before keep their layout until
they are written again (`rebuild_search_index`, or VACUUM FULL portal_searchentry)."""

from django.db import migrations


def _entry_indexes():
    from django.contrib.postgres.indexes import GinIndex

    from portal.search import fulltext

    return [
        GinIndex(fulltext.text_vector(), name=fulltext.TEXT_INDEX),
        GinIndex(fulltext.keys_vector(), name=fulltext.KEYS_INDEX),
    ]


def create(apps, schema_editor):
    from portal.search import fulltext

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        model = apps.get_model("portal", "SearchEntry")
        for index in _entry_indexes():
            schema_editor.add_index(model, index)
        schema_editor.execute("ALTER TABLE portal_searchentry SET (toast_tuple_target = 512)")
    elif vendor == "sqlite":
        fulltext.ensure_sqlite(schema_editor.connection)


def drop(apps, schema_editor):
    from portal.search import fulltext

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        model = apps.get_model("portal", "SearchEntry")
        for index in _entry_indexes():
            schema_editor.remove_index(model, index)
        schema_editor.execute("ALTER TABLE portal_searchentry RESET (toast_tuple_target)")
    elif vendor == "sqlite":
        fulltext.drop_sqlite(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("portal", "0008_english_choice_values")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

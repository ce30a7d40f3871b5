"""PostgreSQL: the text-search configuration "portal_vi" for Wagtail's database search backend
(settings: WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"]). It is the "simple" configuration
(no English stemming or stop words) with the unaccent dictionary first, so that "chuyen doi so",
"Chuyển Đổi Số" and "chuyển đổi số" give the same lexemes (unaccent maps đ to d). Needs the unaccent
extension, shipped with PostgreSQL (contrib); creating it needs a superuser, or a role allowed to
create trusted extensions. A no-op on other databases."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_vi') THEN
        CREATE TEXT SEARCH CONFIGURATION portal_vi (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION portal_vi
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, simple;
    END IF;
END
$$;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_vi;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_search_entry")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

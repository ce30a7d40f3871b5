"""Data migrations that rename stored choice values, everywhere a value is kept.

A choice value lives in more places than its column: the JSON of Wagtail revisions (a page's or a
snippet's fields, its child rows, the StreamField JSON inside it), StreamField JSON itself when a
block stores the value, and the data of log entries. `rename_choice_values` returns one reversible
RunPython that renames them all, forward with `renames` ({old: new}) and backward with its inverse.
Migrations pass frozen literal values, never the current choices classes.

    rename_choice_values(
        {"cho_duyet": "pending", ...},
        fields=[("forum", "Proposal", "status")],            # columns
        revisions=[("news", "articlepage", "category"),      # Revision.content[key] of that model;
                   ("documents", "legaldocument", "relations.relation_type")],  # a child row's key
        log_entries=[("forum", "proposal", ["from", "to"])],  # ModelLogEntry.data[key]
        stream_blocks=[("kpi", "pillar")],                   # the key of every block of that name,
    )                                                        # in every StreamField and revision
"""

import json

from django.db import migrations
from django.db.models import F, JSONField
from django.db.models.functions import Cast


def rename_choice_values(renames, fields=(), revisions=(), log_entries=(), stream_blocks=()):
    renames = dict(renames)
    overlap = set(renames) & set(renames.values())
    if overlap or len(set(renames.values())) != len(renames):
        raise ValueError(f"Renames must be one-to-one between two disjoint sets of values: {sorted(overlap)}")
    inverse = {new: old for old, new in renames.items()}

    def run(mapping):
        def operation(apps, schema_editor):
            for app_label, model_name, field in fields:
                model = apps.get_model(app_label, model_name)
                for old, new in mapping.items():
                    model._base_manager.filter(**{field: old}).update(**{field: new})
            for app_label, model_name, path in revisions:
                _rename_in_revisions(apps, app_label, model_name, path.split("."), mapping)
            for app_label, model_name, keys in log_entries:
                _rename_in_log_entries(apps, app_label, model_name, keys, mapping)
            # Only the models whose table exists: on the way back, a later app's migrations may be
            # unapplied already while the historical state, in plan order, still holds its models.
            tables = set(schema_editor.connection.introspection.table_names())
            for block_name, key in stream_blocks:
                _rename_in_streams(apps, block_name, key, mapping, tables)

        return operation

    return migrations.RunPython(run(renames), run(inverse))


def _content_types(apps, app_label, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label=app_label, model=model_name.lower())


def _rename_at(node, path, mapping):
    """Rename the value at `path` in node (a dict; a list of dicts on the way is each one's).
    True when something changed."""
    if isinstance(node, list):
        changed = [_rename_at(item, path, mapping) for item in node]  # every item, no short cut
        return any(changed)
    if not isinstance(node, dict) or path[0] not in node:
        return False
    if len(path) > 1:
        return _rename_at(node[path[0]], path[1:], mapping)
    value = node[path[0]]
    if isinstance(value, str) and value in mapping:
        node[path[0]] = mapping[value]
        return True
    return False


def _rename_in_revisions(apps, app_label, model_name, path, mapping):
    Revision = apps.get_model("wagtailcore", "Revision")
    types = _content_types(apps, app_label, model_name)
    for revision in Revision.objects.filter(content_type__in=types).iterator():
        if _rename_at(revision.content, path, mapping):
            revision.save(update_fields=["content"])


def _rename_in_log_entries(apps, app_label, model_name, keys, mapping):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    types = _content_types(apps, app_label, model_name)
    for entry in ModelLogEntry.objects.filter(content_type__in=types).iterator():
        changed = [_rename_at(entry.data, [key], mapping) for key in keys]  # every key, no short cut
        if any(changed):
            entry.save(update_fields=["data"])


def _rename_blocks(node, block_name, key, mapping):
    """Rename value[key] of every stream child named block_name in this raw stream data, at any
    depth. True when something changed."""
    changed = False
    if isinstance(node, list):
        for item in node:
            changed = _rename_blocks(item, block_name, key, mapping) or changed
    elif isinstance(node, dict):
        value = node.get("value")
        if node.get("type") == block_name and isinstance(value, dict):
            changed = _rename_at(value, [key], mapping)
        for child in node.values():
            changed = _rename_blocks(child, block_name, key, mapping) or changed
    return changed


def _rename_in_streams(apps, block_name, key, mapping, tables=None):
    from wagtail.fields import StreamField

    for model in apps.get_models():
        if tables is not None and model._meta.db_table not in tables:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField) or field.model is not model:
                continue
            rows = model._base_manager.annotate(raw_stream=Cast(F(field.name), JSONField()))
            for pk, raw in rows.values_list("pk", "raw_stream").iterator():
                if isinstance(raw, str):
                    raw = json.loads(raw)
                if raw and _rename_blocks(raw, block_name, key, mapping):
                    model._base_manager.filter(pk=pk).update(**{field.name: raw})

    # A revision keeps each StreamField as a JSON string among the other fields.
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.iterator():
        changed = False
        for name, value in list(revision.content.items()):
            if not (isinstance(value, str) and value.startswith("[") and f'"{block_name}"' in value):
                continue
            try:
                raw = json.loads(value)
            except ValueError:
                continue
            if _rename_blocks(raw, block_name, key, mapping):
                revision.content[name] = json.dumps(raw)
                changed = True
        if changed:
            revision.save(update_fields=["content"])

"""The French order of organisations and contacts stored and indexed (core.collation.stored_key):
the directory and the contacts read one page from the index instead of sorting every row."""

from django.db import migrations, models

import copilote.core.collation


def fill_keys(apps, schema_editor):
    from copilote.core.collation import stored_key

    for model, sources in (("Organisation", ["name"]), ("Person", ["last_name", "first_name"])):
        manager = apps.get_model("actors", model)._base_manager
        rows = list(manager.only("id", *sources))
        for row in rows:
            row.sort_name = stored_key(*(getattr(row, name) for name in sources))
        manager.bulk_update(rows, ["sort_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0007_import_read_by_the_worker"),
        ("programmes", "0002_version_for_locking"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="sort_name",
            field=copilote.core.collation.SortKeyField(sources=["name"]),
        ),
        migrations.AddField(
            model_name="person",
            name="sort_name",
            field=copilote.core.collation.SortKeyField(sources=["last_name", "first_name"]),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                fields=["territory", "sort_name", "id"], name="organisation_french_order"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["territory", "sort_name", "id"], name="person_french_order"),
        ),
    ]

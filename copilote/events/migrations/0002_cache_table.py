"""The table of Django's database cache (settings.CACHES), shared by every process: the public
pages' rate limit counts there. ``createcachetable`` is idempotent and does nothing for other
cache backends."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

"""The database cache's table (settings.CACHES): the counts every worker shares (allauth's throttles). Migrating
creates it, so no deployment forgets `createcachetable`; the command is idempotent and does nothing for Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", verbosity=0, database=schema_editor.connection.alias if schema_editor else "default")


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

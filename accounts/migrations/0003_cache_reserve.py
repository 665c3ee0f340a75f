"""The table of the cache's reserve (config.cache.RedisMetReserve): Django's database cache,
used while Redis cannot be reached. Not a model: only the cache reads and writes it."""

from io import StringIO

from django.core.management.commands.createcachetable import Command as CacheTabel
from django.db import migrations

TABEL = "regie_cache_reserve"  # config.cache.RESERVE_TABEL


def aanmaken(apps, schema_editor):
    opdracht = CacheTabel(stdout=StringIO())
    opdracht.verbosity = 0
    opdracht.create_table(schema_editor.connection.alias, TABEL, dry_run=False)


def verwijderen(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABEL)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_rollen")]

    operations = [migrations.RunPython(aanmaken, verwijderen)]

"""Indexes for the pages that grow with the data (issue 16).

- ``overgang_naar_op``: the yearly report counts the steps to one phase (closed, referred) in a
  year.
- Trigram indexes (PostgreSQL's ``pg_trgm``) on the name and the reference of a signal: the
  search in /beheer/ (``SignaalAdmin.search_fields``) is ``UPPER(col) LIKE UPPER('%term%')``,
  which these indexes answer without reading every signal. They are PostgreSQL's own, so they
  are made here and not in the model's state: on SQLite (development) nothing happens. Where
  the extension may not be created (a managed database without the right), the search keeps
  working, only slower, and the migration says so.
"""

import logging

from django.db import migrations, models

logger = logging.getLogger(__name__)

TRIGRAMINDEXEN = {
    "signaal_naam_trgm": "persoon_naam",
    "signaal_referentie_trgm": "referentie",
}


def trigramindexen_maken(apps, schema_editor):
    verbinding = schema_editor.connection
    if verbinding.vendor != "postgresql":
        return
    tabel = schema_editor.quote_name(apps.get_model("signalen", "Signaal")._meta.db_table)
    with verbinding.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT trigram")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("RELEASE SAVEPOINT trigram")
        except Exception:  # noqa: BLE001 (no right to create it: the search stays correct)
            cursor.execute("ROLLBACK TO SAVEPOINT trigram")
            logger.warning("pg_trgm niet beschikbaar: zoeken in signalen zonder trigramindex")
            return
        for naam, kolom in TRIGRAMINDEXEN.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(naam)} ON {tabel} "
                f"USING gin (UPPER({schema_editor.quote_name(kolom)}) gin_trgm_ops)"
            )


def trigramindexen_weghalen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for naam in TRIGRAMINDEXEN:
            cursor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(naam)}")


class Migration(migrations.Migration):
    dependencies = [
        ("signalen", "0003_delingen"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="overgang",
            index=models.Index(fields=["naar", "op"], name="overgang_naar_op"),
        ),
        migrations.RunPython(trigramindexen_maken, trigramindexen_weghalen),
    ]

"""An existing single-gemeente installation migrates into a region without losing anything
(issue 18): the demo data, taken back to before the tenancy migrations and forward again."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regio.database import tenant_modellen
from regio.models import EERSTE_GEMEENTE
from regio.scope import alle_gemeenten

VOOR_DE_REGIO = [
    ("accounts", "0003_cache_reserve"),
    ("netwerk", "0006_dashboard_gewijzigd_op"),
    ("signalen", "0004_zoeken_en_jaarverslag"),
    ("bijeenkomsten", "0002_alter_bijeenkomst_netwerk"),
    ("trainingen", "0003_invoer"),
    ("berichten", "0005_opmaakgegevens"),
]


def _tellingen() -> dict[str, int]:
    """Rows per tenant table of the apps a single installation had before the region (the
    weging and the casusoverleg came after it: an installation of then had none of theirs)."""
    apps_van_toen = {app for app, _migratie in VOOR_DE_REGIO}
    with alle_gemeenten(), connection.cursor() as cursor:
        uitkomst = {}
        for model in tenant_modellen():
            if model._meta.app_label not in apps_van_toen:
                continue
            tabel = model._meta.db_table
            cursor.execute(f'SELECT count(*) FROM "{tabel}"')
            uitkomst[tabel] = cursor.fetchone()[0]
        return uitkomst


def _rijen(sql: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(cursor.fetchall())


def _migreren(doelen):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(doelen)


@pytest.mark.django_db(transaction=True)
def test_de_demo_data_komt_heel_in_de_eerste_gemeente(settings):
    settings.DEBUG = True  # demo_data refuses otherwise
    call_command("demo_data", een_gemeente=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    voor = _tellingen()
    assert voor["signalen_signaal"] > 10 and voor["netwerk_persoon"] > 50
    referenties = _rijen("SELECT referentie, persoon_sleutel FROM signalen_signaal")
    tellers = _rijen("SELECT jaar, laatste FROM signalen_referentieteller")
    accounts = _rijen("SELECT email FROM accounts_user")

    # Back to a database of one municipality without tenancy, as every installation was.
    try:
        _migreren(VOOR_DE_REGIO)
        _terug_en_weer_vergelijken(voor, referenties, tellers, accounts)
    finally:
        _migreren(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _terug_en_weer_vergelijken(voor, referenties, tellers, accounts):
    kolommen = _rijen(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'gemeente_id'"
    )
    assert kolommen == []
    assert _rijen("SELECT jaar, laatste FROM signalen_referentieteller") == tellers

    # And forward: everything lands in gemeente 1, nothing lost.
    executor = MigrationExecutor(connection)
    _migreren(executor.loader.graph.leaf_nodes())
    assert _tellingen() == voor
    for model in tenant_modellen():
        tabel = model._meta.db_table
        anders = _rijen(f'SELECT count(*) FROM "{tabel}" WHERE gemeente_id <> {EERSTE_GEMEENTE}')
        assert anders == [(0,)], tabel
    assert _rijen("SELECT referentie, persoon_sleutel FROM signalen_signaal") == referenties
    assert _rijen("SELECT jaar, laatste FROM signalen_referentieteller") == tellers
    assert _rijen(f"SELECT email FROM accounts_user WHERE gemeente_id = {EERSTE_GEMEENTE}") == (
        accounts
    )

"""The data migration bijeenkomsten 0004: every meeting without a network that existed before
case meetings is a training day; a network's meeting stays a network's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from bijeenkomsten.models import Bijeenkomst
from regio.models import EERSTE_GEMEENTE
from tests.factories import NetwerkFactory

VOOR = [("bijeenkomsten", "0003_gemeente")]


def _migreren(doelen):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(doelen)
    return executor


@pytest.mark.django_db(transaction=True)
def test_bestaande_bijeenkomsten_zonder_netwerk_worden_trainingsdagen():
    try:
        executor = _migreren(VOOR)
        oud = executor.loader.project_state(VOOR).apps
        OudeBijeenkomst = oud.get_model("bijeenkomsten", "Bijeenkomst")
        # The network's table is as it is now; the meeting's as before 0004 (no scope there:
        # the gemeente is given).
        netwerk = NetwerkFactory()
        begin = timezone.now() + timedelta(days=3)
        velden = {
            "begin": begin,
            "einde": begin + timedelta(hours=2),
            "locatie": "Stadskantoor",
            "gemeente_id": EERSTE_GEMEENTE,
        }
        dag = OudeBijeenkomst.objects.create(netwerk=None, titel="Basistraining dag 1", **velden)
        vergadering = OudeBijeenkomst.objects.create(
            netwerk_id=netwerk.pk, titel="Netwerk", **velden
        )
    finally:
        _migreren(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert Bijeenkomst._base_manager.get(pk=dag.pk).soort == "training"
    assert Bijeenkomst._base_manager.get(pk=vergadering.pk).soort == "netwerk"

"""The data migration weging 0002: every gemeente that exists gets the demo wegingskader, in
use; a gemeente that already has a kader keeps its own, and the region's own layer gets none."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten
from weging.models import Indicator, Wegingskader
from weging.startkader import GROEPEN, NAAM

VOOR = [("weging", "0001_wegingskader_en_wegingen")]


def _migreren(doelen):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(doelen)
    return executor


@pytest.mark.django_db(transaction=True)
def test_elke_bestaande_gemeente_krijgt_het_voorbeeldkader():
    try:
        executor = _migreren(VOOR)
        oud = executor.loader.project_state(VOOR).apps
        OudKader = oud.get_model("weging", "Wegingskader")
        OudKader.objects.all().delete()  # as before the weging existed
        with alle_gemeenten():
            rijswijk = Gemeente.objects.create(naam="Rijswijk")
            eigen = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
            regio = Gemeente.objects.create(naam="Regio Haaglanden", is_regio=True)
        OudKader.objects.create(gemeente_id=eigen.pk, naam="Ons eigen kader", actief=True)
    finally:
        _migreren(MigrationExecutor(connection).loader.graph.leaf_nodes())
    with alle_gemeenten():
        kaders = {k.gemeente_id: k for k in Wegingskader.objects.all()}
        assert set(kaders) == {EERSTE_GEMEENTE, rijswijk.pk, eigen.pk}
        assert regio.pk not in kaders
        for gemeente_id in (EERSTE_GEMEENTE, rijswijk.pk):
            kader = kaders[gemeente_id]
            assert (kader.naam, kader.actief) == (NAAM, True)
            indicatoren = Indicator.objects.filter(groep__kader=kader)
            assert indicatoren.count() == sum(len(i) for _g, i in GROEPEN)
            assert set(indicatoren.values_list("gemeente_id", flat=True)) == {gemeente_id}
        assert kaders[eigen.pk].naam == "Ons eigen kader"
        assert not Indicator.objects.filter(gemeente_id=eigen.pk).exists()

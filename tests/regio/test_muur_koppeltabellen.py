"""The second wall on the many-to-many tables Django makes itself for tenant models (a
sleutelpersoon's wijken and gemeenschappen): no gemeente column of their own, so a policy
through their tenant rows (regio.database.koppeltabellen)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scopes_disabled

from netwerk.models import Sleutelpersoon
from regio.database import BELEID_KOPPELING, koppeltabellen
from regio.models import Gemeente
from regio.scope import gemeente_actief
from tests.factories import SleutelpersoonFactory, WijkFactory

from .test_scheiding import _als_app

pytestmark = pytest.mark.django_db

Koppeling = Sleutelpersoon.wijken.through


def test_elke_koppeltabel_van_een_tenantmodel_heeft_het_beleid():
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    tabellen = set(koppeltabellen())
    assert {"netwerk_sleutelpersoon_wijken", "netwerk_sleutelpersoon_gemeenschappen"} <= tabellen
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname "
            "WHERE c.relrowsecurity AND p.policyname = %s",
            [BELEID_KOPPELING],
        )
        beveiligd = {rij[0] for rij in cursor.fetchall()}
    assert tabellen <= beveiligd, tabellen - beveiligd


def test_een_andere_gemeente_ziet_en_wijzigt_geen_koppelrijen_ook_zonder_de_scope():
    eigen = SleutelpersoonFactory()
    eigen_wijk = WijkFactory(naam="Buitenhof")
    eigen.wijken.add(eigen_wijk)
    andere = Gemeente.objects.create(naam="Rijswijk")
    with gemeente_actief(andere.pk):
        vreemd = SleutelpersoonFactory()
        vreemde_wijk = WijkFactory(naam="Te Werve")
        vreemd.wijken.add(vreemde_wijk)
    with _als_app(), scopes_disabled():
        # The application's scoping off on purpose: the database shows only the own row.
        assert list(Koppeling.objects.values_list("sleutelpersoon_id", flat=True)) == [eigen.pk]
        # Nor removes or adds one of the other gemeente.
        assert Koppeling.objects.filter(sleutelpersoon_id=vreemd.pk).delete()[0] == 0
        with pytest.raises(DatabaseError), transaction.atomic():
            Koppeling.objects.create(sleutelpersoon_id=vreemd.pk, wijk_id=eigen_wijk.pk)
        with pytest.raises(DatabaseError), transaction.atomic():
            Koppeling.objects.create(sleutelpersoon_id=eigen.pk, wijk_id=vreemde_wijk.pk)
        with gemeente_actief(andere.pk):
            assert list(Koppeling.objects.values_list("sleutelpersoon_id", flat=True)) == [
                vreemd.pk
            ]
    with gemeente_actief(andere.pk):
        assert list(vreemd.wijken.values_list("naam", flat=True)) == ["Te Werve"]

"""Adding and changing an edition is one call of a service (``editie_toevoegen``,
``editie_wijzigen``): it locks, compares, saves, renumbers the days and tells whoever must know,
and returns what the page says. The admin calls it once per save (tests/trainingen/test_beheer.py
goes through the page); these tests call it directly."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from berichten.models import Bericht
from bijeenkomsten.models import Bijeenkomst, BijeenkomstStatus
from kern.fouten import Weigering
from tests.factories import af_bij, editie, soort
from trainingen import services
from trainingen.models import Editie, EditieStatus, InschrijvingStatus

pytestmark = pytest.mark.django_db

S = InschrijvingStatus


def test_editie_wijzigen_in_een_keer():
    ed = editie(dagen=2, capaciteit=1)
    deelnemer = af_bij()
    services.persoon_inschrijven(ed, deelnemer)
    wachtend = af_bij(voornaam="Ilse", achternaam="de Wit")
    services.persoon_inschrijven(ed, wachtend)
    eerste, tweede = ed.dagen.select_related("bijeenkomst").order_by("volgnummer")
    ervoor = eerste.datum - timedelta(days=2)

    uitkomst = services.editie_wijzigen(
        editie=ed,
        velden={"locatie": "Stadskantoor", "capaciteit": 2},
        dagen=services.Dagen(nieuw=[(ervoor, time(13), time(17))], weg=[tweede.pk]),
        door=None,
    )

    # The days: the new one first in date order, the second one gone and its meeting cancelled.
    dagen = list(ed.dagen.select_related("bijeenkomst").order_by("volgnummer"))
    assert [(d.volgnummer, d.datum) for d in dagen] == [(1, ervoor), (2, eerste.datum)]
    assert [d.volgnummer for d in uitkomst.dagen_erbij] == [1]
    assert Bijeenkomst.objects.get(pk=tweede.bijeenkomst_id).status == BijeenkomstStatus.GEANNULEERD
    assert {d.bijeenkomst.locatie for d in dagen} == {"Stadskantoor"}
    assert dagen[1].bijeenkomst.titel.endswith("dag 2 van 2")
    ed.refresh_from_db()
    assert (ed.eerste_dag, ed.laatste_dag, ed.locatie) == (ervoor, eerste.datum, "Stadskantoor")
    # More places: the waiting list moved up, and the page says so.
    assert ed.inschrijvingen.get(persoon=wachtend).status == S.INGESCHREVEN
    assert [i.persoon for i in uitkomst.doorgeschoven] == [wachtend]
    ((niveau, tekst),) = uitkomst.meldingen
    assert niveau == "success" and "1 persoon van de wachtlijst" in tekst and "Ilse de Wit" in tekst
    # The participant: the new day, the changed place, the cancelled day.
    soorten = set(Bericht.objects.filter(aan=deelnemer.email).values_list("soort", flat=True))
    assert {"bijeenkomsten.wijziging", "bijeenkomsten.annulering"} <= soorten


def test_niets_gewijzigd_stuurt_niets():
    ed = editie(dagen=2, capaciteit=3)
    services.persoon_inschrijven(ed, af_bij())
    berichten = Bericht.objects.count()
    uitkomst = services.editie_wijzigen(editie=ed, velden={"locatie": ed.locatie}, dagen=None)
    assert uitkomst.meldingen == [] and uitkomst.doorgeschoven == []
    assert Bericht.objects.count() == berichten


def test_minder_plaatsen_waarschuwt_en_zet_niemand_eruit():
    ed = editie(capaciteit=2)
    services.persoon_inschrijven(ed, af_bij())
    services.persoon_inschrijven(ed, af_bij())
    uitkomst = services.editie_wijzigen(editie=ed, velden={"capaciteit": 1})
    ((niveau, tekst),) = uitkomst.meldingen
    assert niveau == "warning" and "Niemand verliest zijn plaats" in tekst
    assert services.bezet(ed) == 2


def test_wijzigen_weigert_een_begonnen_dag_en_een_geannuleerde_editie():
    ed = editie(dagen=2, capaciteit=2)
    dag = ed.dagen.select_related("bijeenkomst").get(volgnummer=1)
    Bijeenkomst.objects.filter(pk=dag.bijeenkomst_id).update(
        begin=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(Weigering, match="al begonnen"):
        services.editie_wijzigen(
            editie=ed,
            velden={},
            dagen=services.Dagen(gewijzigd={dag.pk: (dag.datum, time(10), time(12))}),
        )
    andere = editie(capaciteit=2)
    Editie.objects.filter(pk=andere.pk).update(status=EditieStatus.GEANNULEERD)
    with pytest.raises(Weigering, match="geannuleerd"):
        services.editie_wijzigen(editie=andere, velden={"locatie": "Elders"})
    andere.refresh_from_db()
    assert andere.locatie != "Elders"


def test_de_soort_ligt_vast_zodra_er_inschrijvingen_zijn():
    ed = editie(capaciteit=2)
    services.persoon_inschrijven(ed, af_bij())
    with pytest.raises(Weigering, match="ligt vast"):
        services.editie_wijzigen(editie=ed, velden={"soort": soort()})


def test_editie_toevoegen_nummert_de_dagen_en_waarschuwt_zonder_dagen():
    basis = soort("basistraining")
    eerste = timezone.localdate() + timedelta(days=20)
    uitkomst = services.editie_toevoegen(
        editie=Editie(soort=basis, locatie="De Brug", capaciteit=10),
        dagen=services.Dagen(
            nieuw=[(eerste + timedelta(days=7), time(9), time(16)), (eerste, time(9), time(16))]
        ),
    )
    ed = uitkomst.editie
    assert [(d.volgnummer, d.datum) for d in ed.dagen.order_by("volgnummer")] == [
        (1, eerste),
        (2, eerste + timedelta(days=7)),
    ]
    assert (ed.eerste_dag, uitkomst.meldingen) == (eerste, [])
    leeg = services.editie_toevoegen(editie=Editie(soort=basis, locatie="X", capaciteit=1))
    ((niveau, tekst),) = leeg.meldingen
    assert niveau == "warning" and "nog geen dagen" in tekst

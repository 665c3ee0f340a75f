"""The enrolment status: one table of allowed steps (``OVERGANGEN``) and one function that takes
them (``_status_zetten``). Every allowed step sets its timestamps and bumps ``versie`` (part of
the outbox key, so each step can send its own message); a step the table does not allow is
refused with a Dutch reason and changes nothing. Every public path goes through it."""

import pytest
from django.utils import timezone

from berichten.models import Bericht
from kern.fouten import Weigering
from tests.factories import af_bij, editie
from trainingen import services
from trainingen.models import Bron, Inschrijving, InschrijvingStatus
from trainingen.services.status import NIEUW, OVERGANGEN, _status_zetten

pytestmark = pytest.mark.django_db

S = InschrijvingStatus

TOEGESTAAN = [(van, naar) for van, naar_set in OVERGANGEN.items() for naar in sorted(naar_set)]
VERBODEN = [
    (van, naar)
    for van in [NIEUW, *S.values]
    for naar in S.values
    if naar not in OVERGANGEN.get(van, frozenset())
]


def _in_status(status: str) -> Inschrijving:
    """An enrolment in ``status`` (unsaved for NIEUW), with a version to count from."""
    inschrijving = Inschrijving(editie=editie(capaciteit=5), persoon=af_bij(), bron=Bron.ZELF)
    if status == NIEUW:
        return inschrijving
    inschrijving.status = status
    inschrijving.versie = 3
    inschrijving.wachtlijst_sinds = timezone.now() if status == S.WACHTLIJST else None
    inschrijving.afgemeld_op = timezone.now() if status == S.AFGEMELD else None
    inschrijving.save()
    return inschrijving


def _rij(inschrijving: Inschrijving) -> dict:
    return Inschrijving.objects.filter(pk=inschrijving.pk).values().get()


def test_de_tabel_kent_elke_status_en_elke_status_is_bereikbaar():
    assert set(OVERGANGEN) == {NIEUW, *S.values}
    bereikt = set().union(*OVERGANGEN.values())
    assert bereikt == set(S.values)
    assert all(naar in S.values for naar in bereikt)


@pytest.mark.parametrize(("van", "naar"), TOEGESTAAN)
def test_elke_toegestane_stap_zet_de_status_en_verhoogt_de_versie(van, naar):
    inschrijving = _in_status(van)
    versie = inschrijving.versie
    _status_zetten(inschrijving, naar)
    opgeslagen = _rij(inschrijving)
    assert opgeslagen["status"] == naar
    assert opgeslagen["versie"] == versie + 1
    if naar == S.INGESCHREVEN:
        assert opgeslagen["ingeschreven_op"] is not None
        assert opgeslagen["wachtlijst_sinds"] is None and opgeslagen["afgemeld_op"] is None
    if naar == S.WACHTLIJST:
        assert opgeslagen["wachtlijst_sinds"] is not None and opgeslagen["afgemeld_op"] is None
    if naar == S.AFGEMELD:
        assert opgeslagen["afgemeld_op"] is not None and opgeslagen["wachtlijst_sinds"] is None
    if naar == S.UITGENODIGD:
        assert opgeslagen["afgemeld_op"] is None


@pytest.mark.parametrize(("van", "naar"), VERBODEN)
def test_een_verboden_stap_wordt_geweigerd_en_verandert_niets(van, naar):
    inschrijving = _in_status(van)
    voor_geheugen = (inschrijving.status, inschrijving.versie, inschrijving.afgemeld_op)
    voor = _rij(inschrijving) if inschrijving.pk else None
    with pytest.raises(Weigering, match="kan niet naar") as fout:
        _status_zetten(inschrijving, naar)
    assert fout.value.reden
    assert (inschrijving.status, inschrijving.versie, inschrijving.afgemeld_op) == voor_geheugen
    if voor is None:
        assert not Inschrijving.objects.exists()
    else:
        assert _rij(inschrijving) == voor


def test_doorschuiven_zet_doorgeschoven_op_en_indelen_niet():
    ed = editie(capaciteit=1)
    eerste, wachtend, later = af_bij(), af_bij(), af_bij()
    weg = services.persoon_inschrijven(ed, eerste)
    services.persoon_inschrijven(ed, wachtend)
    services.inschrijving_afmelden(weg)
    assert ed.inschrijvingen.get(persoon=wachtend).doorgeschoven_op is not None
    ed.capaciteit = 2
    ed.save()
    (geplaatst,) = services.personen_indelen(ed, [later])
    assert geplaatst.doorgeschoven_op is None


def test_elk_pad_verhoogt_de_versie_met_een():
    """Every service that moves an enrolment bumps its version by one, the anonymisation too
    (it sends nothing, but a later step must never reuse a key)."""
    ed = editie(capaciteit=1)
    a, b, c = af_bij(), af_bij(), af_bij()

    def versie(persoon):
        return ed.inschrijvingen.values_list("status", "versie").get(persoon=persoon)

    services.personen_uitnodigen(ed, [a])
    assert versie(a) == (S.UITGENODIGD, 1)
    services.persoon_inschrijven(ed, a)
    assert versie(a) == (S.INGESCHREVEN, 2)
    services.persoon_inschrijven(ed, b)
    assert versie(b) == (S.WACHTLIJST, 1)
    services.inschrijving_afmelden(ed.inschrijvingen.get(persoon=a))
    assert versie(a) == (S.AFGEMELD, 3)
    assert versie(b) == (S.INGESCHREVEN, 2)  # moved up from the waiting list
    services.persoon_vertrokken(b)
    assert versie(b) == (S.AFGEMELD, 3)
    services.personen_indelen(ed, [c])
    assert versie(c) == (S.INGESCHREVEN, 1)
    services.personen_uitnodigen(ed, [a])
    assert versie(a) == (S.UITGENODIGD, 4)
    # Each message about a step has its own key: nothing was swallowed as a duplicate.
    sleutels = list(Bericht.objects.filter(soort__startswith="trainingen.").values_list("sleutel"))
    assert len(sleutels) == len(set(sleutels)) == 7

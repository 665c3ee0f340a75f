"""Leaks between gemeenten found in review (issue 18): each test shows data or a write of one
gemeente reaching another through the first wall (regio.scope). The tests run as the database
superuser, so the second wall (row-level security) does not hide them: that is the point, the
first wall must hold on its own (docs/regio.md, "Twee muren")."""

from datetime import date, datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from netwerk import services as netwerk_services
from netwerk.models import Netwerk
from regio.models import Gemeente
from regio.scope import gemeente_actief
from signalen import jaarcijfers
from signalen import services as sig
from signalen.casusverloop import Fase
from tests.factories import NetwerkFactory, PersoonFactory, UserFactory

pytestmark = pytest.mark.django_db

JAAR = timezone.localdate().year - 1


def _op(maand, dag) -> datetime:
    return timezone.make_aware(datetime(JAAR, maand, dag, 10))


@pytest.fixture
def andere(db):
    gemeente = Gemeente.objects.create(naam="Pijnacker-Nootdorp")
    with gemeente_actief(gemeente.pk):
        regisseur = UserFactory(regisseur=True, met_mfa=True, email="regie@pijnacker.example")
    return {"gemeente": gemeente, "regisseur": regisseur}


def _signaal_met_stappen(door, op, stappen):
    signaal = sig.signaal_indienen(
        melder=UserFactory(professional=True),
        gegevens={
            "categorie": "radicalisering",
            "waarneming": "Iets gezien.",
            "betreft": "groep",
            "urgentie": "normaal",
        },
        op=op,
    )
    for naar, wanneer in stappen:
        signaal = sig.signaal_verplaatsen(
            signaal_id=signaal.pk, van=signaal.fase, naar=naar, door=door, op=wanneer
        )
    return signaal


def test_jaarverslag_doorlooptijd_per_fase_telt_geen_verblijven_van_een_andere_gemeente(andere):
    """signalen/jaarcijfers.py ``_verblijven``: plain SQL over the steps table without
    ``gemeente_id``; the yearly report's "Doorlooptijd per fase" of gemeente A counts the
    stays of gemeente B's signals."""
    with gemeente_actief(andere["gemeente"].pk):
        for dag in range(1, 8):  # enough signals that the report shows the duration
            _signaal_met_stappen(
                andere["regisseur"],
                _op(3, dag),
                [(Fase.IN_BEHANDELING, _op(3, dag + 1)), (Fase.WEGING, _op(3, dag + 10))],
            )
    # Gemeente A (the first) has no signal at all.
    cijfers = jaarcijfers.cijfers(JAAR, tot=date(JAAR, 12, 31))
    assert cijfers["ontvangen"] == {}  # the ORM parts see nothing of B …
    assert cijfers["verblijven"] == {}  # … the plain SQL does


def test_anonimiseren_in_de_ene_gemeente_herschrijft_de_geschiedenis_van_de_andere(
    andere, regisseur
):
    """netwerk/services.py ``_logboek_schonen``: the admin history entries that name the
    person are searched (and rewritten) region-wide: a removal request in gemeente A changes
    gemeente B's /beheer/ history of its own, unrelated objects."""
    with gemeente_actief(andere["gemeente"].pk):
        netwerk_b = NetwerkFactory(naam="Wijkteam Noord")
        entry = LogEntry.objects.log_actions(
            andere["regisseur"].pk,
            [netwerk_b],
            CHANGE,
            change_message='[{"added": {"name": "lidmaatschap", "object": "Jan de Vries"}}]',
            single_object=True,
        )
    assert Netwerk.objects.filter(pk=netwerk_b.pk).count() == 0  # B's network: not A's
    persoon_a = PersoonFactory(voornaam="Jan", tussenvoegsel="de", achternaam="Vries")
    netwerk_services.persoon_anonimiseren(persoon=persoon_a, door=regisseur)
    entry.refresh_from_db()
    assert entry.content_type_id == ContentType.objects.get_for_model(Netwerk).pk
    assert "Jan de Vries" in entry.change_message, entry.change_message


def test_jaarverslag_van_de_regisseur_toont_de_doorlooptijden_van_een_andere_gemeente_niet(
    andere, regisseur, login
):
    """The same through the page: gemeente A's regisseur downloads A's yearly report (CSV);
    A has no signal, so no phase may have a duration (B's stays are all exactly 1 and 9
    days)."""
    from django.urls import reverse

    with gemeente_actief(andere["gemeente"].pk):
        for dag in range(1, 8):
            _signaal_met_stappen(
                andere["regisseur"],
                _op(3, dag),
                [(Fase.IN_BEHANDELING, _op(3, dag + 1)), (Fase.WEGING, _op(3, dag + 10))],
            )
    antwoord = login(regisseur).get(reverse("admin:jaarverslag") + f"?jaar={JAAR}&formaat=csv")
    assert antwoord.status_code == 200
    inhoud = b"".join(antwoord.streaming_content if antwoord.streaming else [antwoord.content])
    duren = [
        r
        for r in inhoud.decode().splitlines()
        if "Doorlooptijd" in r and (";Ingediend;" in r or ";In behandeling;" in r)
    ]
    assert duren
    assert not [r for r in duren if r.rstrip()[-1:].isdigit()], duren

"""The case flow: every allowed and refused move, random sequences, and concurrent moves."""

import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from kern.fouten import Weigering
from signalen import casusverloop, services
from signalen.casusverloop import OVERGANGEN, Fase
from signalen.models import Overgang, Signaal
from tests.factories import SignaalFactory, UserFactory
from tests.hulp import Draad

ALLE_PAREN = [(van, naar) for van in Fase.values for naar in Fase.values]
TOEGESTAAN = [(v, n) for v, n in ALLE_PAREN if n in OVERGANGEN[v]]
GEWEIGERD = [(v, n) for v, n in ALLE_PAREN if n not in OVERGANGEN[v]]


def _extra(naar):
    """What a move needs beside the machine: the question's note, the referral, and (for the
    machine's own tests) a confirmed weging where a move out of the weging asks for one."""
    return {
        "notitie": "Wat bedoelt u precies?" if naar == Fase.AANVULLING_GEVRAAGD else "",
        "doorverwezen_naar": "wijkteam" if naar == Fase.DOORVERWEZEN else "",
        "bevestigde_weging": True,
    }


def test_de_machine_is_die_van_het_ontwerp():
    assert set(TOEGESTAAN) == {
        ("ingediend", "in_behandeling"),
        ("in_behandeling", "aanvulling_gevraagd"),
        ("in_behandeling", "weging"),
        ("aanvulling_gevraagd", "in_behandeling"),
        ("weging", "casusoverleg"),
        ("weging", "monitoren"),
        ("weging", "afgesloten"),
        # issue 20: care without a case meeting, weighing again, nothing left to worry about
        ("weging", "doorverwezen"),
        ("monitoren", "weging"),
        ("casusoverleg", "afgesloten"),
        ("casusoverleg", "doorverwezen"),
        ("casusoverleg", "monitoren"),
        ("doorverwezen", "afgesloten"),
        ("monitoren", "afgesloten"),
    }
    assert casusverloop.bereikbaar() == set(Fase.values)
    assert OVERGANGEN[Fase.AFGESLOTEN] == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize(("van", "naar"), TOEGESTAAN)
def test_elke_toegestane_overgang(van, naar):
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=van, door=regisseur)
    bijgewerkt = services.signaal_verplaatsen(
        signaal_id=signaal.pk, van=van, naar=naar, door=regisseur, **_extra(naar)
    )
    assert bijgewerkt.fase == naar
    laatste = Overgang.objects.filter(signaal=signaal).latest("op", "pk")
    assert (laatste.van, laatste.naar, laatste.door) == (van, naar, regisseur)
    assert bijgewerkt.fase_sinds == laatste.op
    assert (bijgewerkt.afgesloten_op is not None) == (naar == Fase.AFGESLOTEN)


@pytest.mark.django_db
@pytest.mark.parametrize(("van", "naar"), GEWEIGERD)
def test_elke_geweigerde_overgang_met_reden(van, naar):
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=van, door=regisseur)
    stappen = signaal.overgangen.count()
    with pytest.raises(Weigering) as fout:
        services.signaal_verplaatsen(
            signaal_id=signaal.pk, van=van, naar=naar, door=regisseur, **_extra(naar)
        )
    assert str(Fase(van).label).lower() in fout.value.reden.lower()
    signaal.refresh_from_db()
    assert signaal.fase == van
    assert signaal.overgangen.count() == stappen


@pytest.mark.django_db
def test_vraag_aan_melder_vereist_tekst_en_is_altijd_zichtbaar():
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=Fase.IN_BEHANDELING, door=regisseur)
    with pytest.raises(Weigering, match="vraag"):
        services.signaal_verplaatsen(
            signaal_id=signaal.pk, van="in_behandeling", naar="aanvulling_gevraagd", door=regisseur
        )
    services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="in_behandeling",
        naar="aanvulling_gevraagd",
        door=regisseur,
        notitie="Sinds wanneer?",
        voor_melder=False,
    )
    assert signaal.overgangen.latest("pk").voor_melder is True


@pytest.mark.django_db
def test_doorverwijzen_vraagt_waarheen():
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=Fase.CASUSOVERLEG, door=regisseur)
    with pytest.raises(Weigering, match="doorverwezen"):
        services.signaal_verplaatsen(
            signaal_id=signaal.pk, van="casusoverleg", naar="doorverwezen", door=regisseur
        )
    s = services.signaal_verplaatsen(
        signaal_id=signaal.pk,
        van="casusoverleg",
        naar="doorverwezen",
        door=regisseur,
        doorverwezen_naar="ggz",
    )
    assert s.doorverwezen_naar == "ggz"


@pytest.mark.django_db
def test_verouderde_stand_wordt_geweigerd():
    """The regisseur saw 'in behandeling' but a colleague already moved it on."""
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=Fase.WEGING, door=regisseur)
    with pytest.raises(Weigering, match="intussen verplaatst naar ‘Weging’"):
        services.signaal_verplaatsen(
            signaal_id=signaal.pk, van="in_behandeling", naar="weging", door=regisseur
        )


@pytest.mark.django_db(transaction=True)
def test_twee_regisseurs_tegelijk_slechts_een_wint():
    een, twee = UserFactory(regisseur=True), UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=Fase.WEGING, door=een)
    start = threading.Barrier(2)
    uitkomsten = {}

    def verplaats(wie, naar):
        try:
            start.wait(timeout=10)
            services.signaal_verplaatsen(
                signaal_id=signaal.pk, van="weging", naar=naar, door=wie, **_extra(naar)
            )
            uitkomsten[naar] = "gelukt"
        except Weigering as fout:
            uitkomsten[naar] = fout.reden
        finally:
            connection.close()

    draden = [
        Draad(target=verplaats, args=(een, Fase.CASUSOVERLEG)),
        Draad(target=verplaats, args=(twee, Fase.AFGESLOTEN)),
    ]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=30)
    assert sorted(v == "gelukt" for v in uitkomsten.values()) == [False, True]
    winnaar = next(naar for naar, v in uitkomsten.items() if v == "gelukt")
    verliezer = next(v for v in uitkomsten.values() if v != "gelukt")
    assert "intussen verplaatst" in verliezer
    signaal.refresh_from_db()
    assert signaal.fase == winnaar
    assert signaal.overgangen.filter(van="weging").count() == 1


class TestWillekeurigeReeksen(HypothesisTestCase):
    """Random sequences of attempted moves keep the history consistent with the machine."""

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(pogingen=st.lists(st.sampled_from(Fase.values), min_size=1, max_size=15))
    def test_historie_blijft_consistent(self, pogingen):
        regisseur = UserFactory(regisseur=True)
        signaal = SignaalFactory(door=regisseur)
        for naar in pogingen:
            huidig = Signaal.objects.get(pk=signaal.pk).fase
            try:
                services.signaal_verplaatsen(
                    signaal_id=signaal.pk, van=huidig, naar=naar, door=regisseur, **_extra(naar)
                )
                assert casusverloop.mag_naar(huidig, naar)
            except Weigering:
                assert not casusverloop.mag_naar(huidig, naar)
        signaal.refresh_from_db()
        stappen = list(signaal.overgangen.order_by("op", "pk"))
        # The history is a chain of allowed moves from 'ingediend' to the current phase.
        assert stappen[0].van == "" and stappen[0].naar == Fase.INGEDIEND
        for vorige, volgende in zip(stappen, stappen[1:], strict=False):
            assert volgende.van == vorige.naar
            assert casusverloop.mag_naar(volgende.van, volgende.naar)
        assert stappen[-1].naar == signaal.fase
        assert signaal.fase in Fase.values
        assert signaal.fase_sinds == stappen[-1].op
        assert (signaal.afgesloten_op is not None) == (signaal.fase == Fase.AFGESLOTEN)


@pytest.mark.django_db
def test_uit_de_weging_alleen_met_een_bevestigde_weging():
    """Four eyes in the one place that moves a signal: a move out of the weging that is not the
    outcome of a confirmed weging is refused, and nothing changes."""
    regisseur = UserFactory(regisseur=True)
    signaal = SignaalFactory(fase=Fase.WEGING, door=regisseur)
    stappen = signaal.overgangen.count()
    for naar in casusverloop.volgende_fasen(Fase.WEGING):
        with pytest.raises(Weigering, match="vier ogen"):
            services.signaal_verplaatsen(
                signaal_id=signaal.pk,
                van=Fase.WEGING,
                naar=naar,
                door=regisseur,
                doorverwezen_naar="ggz" if naar == Fase.DOORVERWEZEN else "",
            )
    signaal.refresh_from_db()
    assert signaal.fase == Fase.WEGING and signaal.overgangen.count() == stappen

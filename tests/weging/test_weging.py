"""The weging of a signal through its services: filled in with a partner that takes part,
submitted, confirmed by a second assessor (four eyes), and only then the signal moves, with the
step in its history. Every version is kept; a submitted one never changes."""

import threading

import pytest
from django.db import connection

from kern.fouten import Weigering
from signalen import delen
from signalen.models import Overgang
from signalen.services import signaal_verplaatsen
from tests.factories import SignaalFactory, UserFactory
from tests.hulp import Draad
from weging import services
from weging.models import Antwoord, Beoordeling, Status, Uitkomst, Weging

from .conftest import ONDERBOUWING, TOELICHTING, ingediend, invullen, over

pytestmark = pytest.mark.django_db


def test_de_hele_weging_met_een_partner_en_een_tweede_beoordelaar(w):
    weging = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    assert weging.versie == 1 and weging.status == Status.CONCEPT
    assert weging.kader == w.kader and weging.fase_bij_start == "weging"
    # A line per active indicator of the kader in use, in its order, nothing answered yet.
    assert weging.beoordelingen.count() == 16
    assert set(weging.beoordelingen.values_list("antwoord", flat=True)) == {""}

    invullen(weging, w.regisseur, deelnemers=[w.politie], aanwezig=3)
    services.weging_indienen(weging=weging, door=w.regisseur)
    weging.refresh_from_db()
    assert weging.status == Status.TER_BEVESTIGING and weging.ingediend_door == w.regisseur
    w.signaal.refresh_from_db()
    assert w.signaal.fase == "weging"  # nothing takes effect before the second pair of eyes

    services.weging_bevestigen(weging=weging, door=w.agent)  # the police's partner took part
    weging.refresh_from_db()
    w.signaal.refresh_from_db()
    assert weging.status == Status.BEVESTIGD and weging.beoordeeld_door == w.agent
    assert w.signaal.fase == "casusoverleg"
    stap = Overgang.objects.filter(signaal=w.signaal).latest("op", "pk")
    assert weging.overgang == stap
    assert (stap.van, stap.naar, stap.door) == ("weging", "casusoverleg", w.regisseur)
    assert "versie 1" in stap.notitie and not stap.voor_melder


@pytest.mark.parametrize(
    ("uitkomst", "extra", "fase"),
    [
        (Uitkomst.GEEN_ZORGEN, {}, "afgesloten"),
        (Uitkomst.ZORG_BUITEN_RADICALISERING, {"doorverwezen_naar": "ggz"}, "doorverwezen"),
        (Uitkomst.MONITOREN, {"herzien_op": "over"}, "monitoren"),
        (Uitkomst.CASUSOVERLEG, {}, "casusoverleg"),
    ],
)
def test_elke_uitkomst_zet_het_signaal_in_zijn_fase(w, uitkomst, extra, fase):
    if extra.get("herzien_op") == "over":
        extra["herzien_op"] = over(60)
    weging = ingediend(w, uitkomst=uitkomst, **extra)
    services.weging_bevestigen(weging=weging, door=w.collega)  # another regisseur
    w.signaal.refresh_from_db()
    assert w.signaal.fase == fase
    if fase == "doorverwezen":
        assert w.signaal.doorverwezen_naar == "ggz"
    if fase == "monitoren":
        assert w.signaal.herzien_op == over(60)


def test_vier_ogen_wie_indiende_bevestigt_nooit_zelf(w):
    weging = ingediend(w)
    for actie in (
        lambda: services.weging_bevestigen(weging=weging, door=w.regisseur),
        lambda: services.weging_terugsturen(weging=weging, door=w.regisseur, reden="Toch niet"),
    ):
        with pytest.raises(Weigering, match="zelf ingediend"):
            actie()
    weging.refresh_from_db()
    assert weging.status == Status.TER_BEVESTIGING


def test_vier_ogen_een_partner_zonder_deling_of_die_niet_meewoog(w):
    weging = ingediend(w)  # the police took part; GGZ has no share of the signal
    with pytest.raises(Weigering, match="Alleen een andere regisseur"):
        services.weging_bevestigen(weging=weging, door=w.behandelaar)
    # GGZ gets a share now, but did not take part: still not.
    delen.signaal_delen(signaal=w.signaal, organisatie=w.ggz, door=w.regisseur)
    with pytest.raises(Weigering, match="Alleen een andere regisseur"):
        services.weging_bevestigen(weging=weging, door=w.behandelaar)
    # The police took part, but its share is revoked: not any more either.
    deling = w.signaal.delingen.get(organisatie=w.politie, ingetrokken_op=None)
    delen.deling_intrekken(deling=deling, reden="handmatig", door=w.regisseur)
    with pytest.raises(Weigering, match="Alleen een andere regisseur"):
        services.weging_bevestigen(weging=weging, door=w.agent)
    # A professional neither.
    with pytest.raises(Weigering, match="Alleen een andere regisseur"):
        services.weging_bevestigen(weging=weging, door=w.melder)
    w.signaal.refresh_from_db()
    assert w.signaal.fase == "weging"
    services.weging_bevestigen(weging=weging, door=w.collega)
    w.signaal.refresh_from_db()
    assert w.signaal.fase == "casusoverleg"


def test_alleen_organisaties_waarmee_het_signaal_gedeeld_is_wegen_mee(w):
    weging = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    assert list(services.deelnemers_mogelijk(w.signaal)) == [w.politie]
    with pytest.raises(Weigering, match="GGZ Delfland kan niet deelnemen"):
        invullen(weging, w.regisseur, deelnemers=[w.politie, w.ggz])
    assert not weging.deelnames.exists()
    # Nothing of the refused save stuck.
    assert set(weging.beoordelingen.values_list("antwoord", flat=True)) == {""}
    invullen(weging, w.regisseur, deelnemers=[w.politie])
    assert list(weging.deelnames.values_list("organisatie", flat=True)) == [w.politie.pk]
    # The share is revoked before submitting: the police can no longer be a participant.
    deling = w.signaal.delingen.get(organisatie=w.politie, ingetrokken_op=None)
    delen.deling_intrekken(deling=deling, reden="handmatig", door=w.regisseur)
    with pytest.raises(Weigering, match="niet meer gedeeld met Politie Delft"):
        services.weging_indienen(weging=weging, door=w.regisseur)


def test_indienen_vraagt_een_complete_weging(w):
    weging = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    with pytest.raises(Weigering) as fout:
        services.weging_indienen(weging=weging, door=w.regisseur)
    assert "beantwoord elke indicator" in fout.value.reden
    assert "kies de uitkomst" in fout.value.reden and "onderbouw" in fout.value.reden
    eerste = weging.beoordelingen.order_by("pk").first()
    invullen(weging, w.regisseur, aanwezig=1)
    Beoordeling.objects.filter(pk=eerste.pk).update(toelichting="")
    with pytest.raises(Weigering, match="licht elke aanwezige indicator kort toe"):
        services.weging_indienen(weging=weging, door=w.regisseur)
    invullen(weging, w.regisseur, uitkomst=Uitkomst.ZORG_BUITEN_RADICALISERING)
    with pytest.raises(Weigering, match="waarnaar het signaal wordt doorverwezen"):
        services.weging_indienen(weging=weging, door=w.regisseur)
    invullen(weging, w.regisseur, uitkomst=Uitkomst.MONITOREN, herzien_op=over(0))
    with pytest.raises(Weigering, match="datum in de toekomst"):
        services.weging_indienen(weging=weging, door=w.regisseur)
    invullen(weging, w.regisseur, uitkomst=Uitkomst.MONITOREN, herzien_op=over(30))
    services.weging_indienen(weging=weging, door=w.regisseur)


def test_alleen_de_regisseur_weegt(w):
    for wie in (w.agent, w.melder, UserFactory(beheerder=True, met_mfa=True)):
        with pytest.raises(Weigering, match="Alleen de netwerkregisseur"):
            services.weging_starten(signaal=w.signaal, door=wie)
    weging = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    with pytest.raises(Weigering, match="Alleen de netwerkregisseur"):
        invullen(weging, w.agent)


def test_een_signaal_dat_intussen_verplaatst_is_wordt_niet_bevestigd(w):
    weging = ingediend(w, uitkomst=Uitkomst.GEEN_ZORGEN)
    # Meanwhile another confirmed weging moved it on.
    signaal_verplaatsen(
        signaal_id=w.signaal.pk,
        van="weging",
        naar="casusoverleg",
        door=w.collega,
        bevestigde_weging=True,
    )
    with pytest.raises(Weigering, match="intussen verplaatst naar ‘Casusoverleg’"):
        services.weging_bevestigen(weging=weging, door=w.agent)
    weging.refresh_from_db()
    w.signaal.refresh_from_db()
    assert weging.status == Status.TER_BEVESTIGING and w.signaal.fase == "casusoverleg"
    # The regisseur withdraws it; it stays as a version.
    services.weging_intrekken(weging=weging, door=w.regisseur)
    weging.refresh_from_db()
    assert weging.status == Status.INGETROKKEN and Weging.objects.count() == 1


def test_een_verlopen_herzieningsdatum_wordt_niet_bevestigd(w):
    weging = ingediend(w, uitkomst=Uitkomst.MONITOREN, herzien_op=over(10))
    Weging.objects.filter(pk=weging.pk).update(herzien_op=over(0))
    with pytest.raises(Weigering, match="is inmiddels voorbij"):
        services.weging_bevestigen(weging=weging, door=w.collega)


def test_versies_een_ingediende_weging_verandert_nooit_meer(w):
    eerste = ingediend(w)
    with pytest.raises(Weigering, match="verandert niet meer"):
        invullen(eerste, w.regisseur, uitkomst=Uitkomst.GEEN_ZORGEN)
    # While one is open, "start" continues it instead of making another.
    assert services.weging_starten(signaal=w.signaal, door=w.regisseur) == eerste
    services.weging_terugsturen(
        weging=eerste, door=w.agent, reden="De wijkagent kent de familie: eerst een gesprek."
    )
    eerste.refresh_from_db()
    assert eerste.status == Status.TERUGGESTUURD and eerste.beoordeeld_door == w.agent
    assert "wijkagent" in eerste.reden_terugsturen
    with pytest.raises(Weigering, match="Schrijf waarom"):
        services.weging_terugsturen(
            weging=ingediend(w, signaal=_ander(w)), door=w.collega, reden=""
        )

    # The next version starts from the one sent back: its answers, outcome and participants.
    tweede = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    assert tweede.versie == 2 and tweede.status == Status.CONCEPT
    assert tweede.onderbouwing == ONDERBOUWING and tweede.uitkomst == Uitkomst.CASUSOVERLEG
    assert list(tweede.deelnames.values_list("organisatie", flat=True)) == [w.politie.pk]
    assert tweede.beoordelingen.filter(antwoord=Antwoord.AANWEZIG, toelichting=TOELICHTING).exists()
    invullen(tweede, w.regisseur, uitkomst=Uitkomst.MONITOREN, herzien_op=over(90))
    services.weging_indienen(weging=tweede, door=w.regisseur)
    services.weging_bevestigen(weging=tweede, door=w.collega)
    w.signaal.refresh_from_db()
    assert w.signaal.fase == "monitoren"

    # The review: weighed again from monitoren, which moves it back to weging first.
    derde = services.weging_starten(signaal=w.signaal, door=w.collega)
    w.signaal.refresh_from_db()
    assert derde.versie == 3 and w.signaal.fase == "weging" and derde.fase_bij_start == "weging"
    assert Overgang.objects.filter(signaal=w.signaal, van="monitoren", naar="weging").exists()
    assert derde.uitkomst == ""  # a confirmed version gives its answers, not its outcome
    invullen(derde, w.collega, uitkomst=Uitkomst.GEEN_ZORGEN)
    services.weging_indienen(weging=derde, door=w.collega)
    services.weging_bevestigen(weging=derde, door=w.regisseur)
    w.signaal.refresh_from_db()
    assert w.signaal.fase == "afgesloten"

    statussen = list(
        Weging.objects.filter(signaal=w.signaal).order_by("versie").values_list("versie", "status")
    )
    assert statussen == [(1, "teruggestuurd"), (2, "bevestigd"), (3, "bevestigd")]
    assert Beoordeling.objects.filter(weging__signaal=w.signaal).count() == 3 * 16


def _ander(w):
    s = SignaalFactory(melder=w.melder, categorie="radicalisering", fase="weging", door=w.regisseur)
    delen.signaal_delen(signaal=s, organisatie=w.politie, door=w.regisseur)
    return s


def test_alleen_in_de_fase_weging_of_monitoren(w):
    nieuw = SignaalFactory(melder=w.melder, fase="in_behandeling", door=w.regisseur)
    with pytest.raises(Weigering, match="staat in de fase ‘In behandeling’"):
        services.weging_starten(signaal=nieuw, door=w.regisseur)
    w.kader.actief = False
    w.kader.save()
    with pytest.raises(Weigering, match="geen wegingskader in gebruik"):
        services.weging_starten(signaal=w.signaal, door=w.regisseur)


@pytest.mark.django_db(transaction=True)
def test_twee_beoordelaars_tegelijk_een_bevestigt(w):
    """Two second assessors at the same moment: one confirms, the other is told it is done."""
    weging = ingediend(w)
    uitkomsten = []
    start = threading.Barrier(2)

    def bevestigen(wie):
        try:
            start.wait()
            services.weging_bevestigen(weging=weging, door=wie)
            uitkomsten.append("bevestigd")
        except Weigering as fout:
            uitkomsten.append(fout.reden)
        finally:
            connection.close()

    draden = [Draad(target=bevestigen, args=(wie,)) for wie in (w.agent, w.collega)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert len(uitkomsten) == 2 and uitkomsten.count("bevestigd") == 1
    assert any("niet ter bevestiging; zij is bevestigd" in u for u in uitkomsten)
    assert Overgang.objects.filter(signaal=w.signaal, naar="casusoverleg").count() == 1


def test_anonimiseren_neemt_de_teksten_van_de_wegingen_mee(w):
    from berichten.models import Bericht
    from signalen.models import Signaal
    from signalen.services import signaal_anonimiseren

    eerste = ingediend(w)
    services.weging_terugsturen(weging=eerste, door=w.collega, reden="Vraag de school nog.")
    tweede = services.weging_starten(signaal=w.signaal, door=w.regisseur)
    invullen(tweede, w.regisseur, uitkomst=Uitkomst.MONITOREN, herzien_op=over(5))
    services.weging_indienen(weging=tweede, door=w.regisseur)
    services.weging_bevestigen(weging=tweede, door=w.collega)
    Signaal.objects.filter(pk=w.signaal.pk).update(herzien_op=over(0))
    assert services.herzieningen_herinneren() == 2
    signaal_anonimiseren(w.signaal)
    assert not Beoordeling.objects.exclude(toelichting="").exists()
    for weging in Weging.objects.all():
        assert (weging.onderbouwing, weging.reden_terugsturen) == ("", "")
    # The outcomes stay (the report counts them); the waiting reminders are withdrawn.
    assert list(Weging.objects.order_by("versie").values_list("status", "uitkomst")) == [
        ("teruggestuurd", "casusoverleg"),
        ("bevestigd", "monitoren"),
    ]
    assert set(
        Bericht.objects.filter(soort="weging.herziening").values_list("status", flat=True)
    ) == {"ingetrokken"}

"""Notifications (issue 17, section 1): who hears what by e-mail, through the outbox to a real
SMTP server, and never anything of a signal's content."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from berichten.models import Bericht
from berichten.services import openstaande_berichten_versturen
from meldingen import services
from meldingen.models import Keuze, Meldingsinstellingen
from signalen import delen
from signalen import services as signalen_services
from signalen.models import DelingIntrekking
from tests.factories import (
    ConvenantFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    partner_bij,
)

pytestmark = pytest.mark.django_db


def _meldingen(soort: str = "", aan: str = ""):
    rijen = Bericht.objects.filter(soort__startswith="meldingen.")
    if soort:
        rijen = rijen.filter(soort=f"meldingen.{soort}")
    if aan:
        rijen = rijen.filter(aan=aan)
    return rijen


def _nu_versturen():
    """The outbox sends what is due; a notification that waits its two minutes is made due."""
    Bericht.objects.filter(status=Bericht.Status.WACHTEND).update(versturen_na=timezone.now())
    openstaande_berichten_versturen()


@pytest.fixture
def regie(regisseur):
    return regisseur


@pytest.fixture
def melder(db):
    return UserFactory(professional=True, email="melder@school.nl")


@pytest.fixture
def politie(db):
    return OrganisatieFactory(naam="Politie Haaglanden", domein="politie")


@pytest.fixture
def partner_politie(politie):
    return partner_bij(politie, email="wijkagent@politie.nl")


@pytest.fixture
def convenant(politie):
    return ConvenantFactory(naam="Convenant Veiligheidshuis", partijen=[politie])


# --- The regisseur -------------------------------------------------------------------------------


def test_een_signaal_met_hoogste_urgentie_meldt_de_regisseur_direct(regie, melder, smtp_server):
    SignaalFactory(melder=melder, urgentie="hoog", categorie="radicalisering")
    (rij,) = _meldingen("nieuw_signaal")
    assert rij.aan == regie.email
    assert rij.versturen_na <= timezone.now()  # at once, not after a pause
    openstaande_berichten_versturen()
    (mail,) = smtp_server.postbus.berichten
    assert mail["To"] == regie.email
    assert "zo snel mogelijk" in mail.get_body().get_content()
    assert "/beheer/signalen/signaal/" in mail.get_body().get_content()


def test_een_gewoon_signaal_wacht_op_het_dagelijks_overzicht(regie, melder):
    SignaalFactory(melder=melder, urgentie="normaal")
    SignaalFactory(melder=melder, urgentie="laag")
    assert not _meldingen("nieuw_signaal").exists()


def test_de_regisseur_kiest_per_urgentie(regie, melder):
    Meldingsinstellingen.objects.create(
        gebruiker=regie, bij_hoog=Keuze.UIT, bij_normaal=Keuze.DIRECT, bij_laag=Keuze.UIT
    )
    SignaalFactory(melder=melder, urgentie="hoog")
    assert not _meldingen("nieuw_signaal").exists()
    SignaalFactory(melder=melder, urgentie="normaal")
    assert _meldingen("nieuw_signaal", aan=regie.email).count() == 1


def test_elke_regisseur_met_zijn_eigen_keuze(regie, melder):
    tweede = UserFactory(regisseur=True, email="tweede.regisseur@voorbeeld.nl")
    Meldingsinstellingen.objects.create(gebruiker=tweede, bij_hoog=Keuze.DAGELIJKS)
    inactief = UserFactory(regisseur=True, email="oud@voorbeeld.nl", is_active=False)
    SignaalFactory(melder=melder, urgentie="hoog")
    ontvangers = set(_meldingen("nieuw_signaal").values_list("aan", flat=True))
    assert ontvangers == {regie.email}
    assert tweede.email not in ontvangers and inactief.email not in ontvangers


def test_een_onbruikbaar_adres_houdt_het_signaal_niet_tegen(regie, melder):
    """A regisseur's address the outbox refuses costs that one notice, never the signal."""
    kapot = UserFactory(regisseur=True)
    type(kapot).objects.filter(pk=kapot.pk).update(email="geen-adres")
    signaal = SignaalFactory(melder=melder, urgentie="hoog")
    assert signaal.pk is not None
    assert set(_meldingen("nieuw_signaal").values_list("aan", flat=True)) == {regie.email}


def test_een_terug_gedateerd_signaal_is_geen_nieuws(regie, melder):
    """The demo data and back-dated entries file signals in the past: nobody is told."""
    signalen_services.signaal_indienen(
        melder=melder,
        gegevens={"categorie": "polarisatie", "waarneming": "x", "urgentie": "hoog"},
        op=timezone.now() - timedelta(days=3),
    )
    assert not _meldingen().exists()


# --- The daily overview --------------------------------------------------------------------------


def _om(uur: int, minuut: int = 0, dagen: int = 0) -> datetime:
    dag = timezone.localdate() + timedelta(days=dagen)
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)))


def test_het_dagelijks_overzicht_op_het_gekozen_uur_eenmaal_per_dag(regie, melder, smtp_server):
    from signalen.models import Fasebeschrijving

    # No term for a new signal here: filed just after midnight, it would rightly be overdue by
    # 09:05 the day after tomorrow and be in that overview (this test is about new signals).
    Fasebeschrijving.objects.filter(fase="ingediend").update(verwachte_duur_dagen=None)
    Meldingsinstellingen.objects.create(gebruiker=regie, overzicht_om=time(9))
    # Today's overview went out a moment ago; what follows is counted in tomorrow's.
    Meldingsinstellingen.objects.filter(gebruiker=regie).update(
        vorig_overzicht_op=timezone.now() - timedelta(minutes=1)
    )
    for _ in range(3):
        SignaalFactory(melder=melder, urgentie="normaal")
    SignaalFactory(melder=melder, urgentie="hoog")  # told at once: not in the overview

    assert services.overzichten_versturen(_om(8, 50, dagen=1)) == 0  # not yet
    assert services.overzichten_versturen(_om(9, 5, dagen=1)) == 1
    assert services.overzichten_versturen(_om(9, 20, dagen=1)) == 0  # once a day
    (rij,) = _meldingen("overzicht")
    assert rij.onderwerp.startswith("Dagelijks overzicht: 3 nieuwe signalen")
    openstaande_berichten_versturen()
    (mail,) = [m for m in smtp_server.postbus.berichten if m["Subject"] == rij.onderwerp]
    tekst = mail.get_body().get_content()
    assert "3 nieuwe signalen sinds het vorige overzicht" in tekst
    assert "/beheer/signalen/signaal/?fase__exact=ingediend" in tekst

    # The next day counts from this overview on: nothing new, nothing waiting, no e-mail.
    assert services.overzichten_versturen(_om(9, 5, dagen=2)) == 0


def test_het_overzicht_telt_wat_wacht(regie, melder, politie, convenant):
    from signalen.models import Fasebeschrijving

    Fasebeschrijving.objects.filter(fase="ingediend").update(verwachte_duur_dagen=1)
    oud = SignaalFactory(melder=melder)
    from signalen.models import Signaal

    Signaal.objects.filter(pk=oud.pk).update(fase_sinds=timezone.now() - timedelta(days=10))
    ConvenantFactory(
        naam="Bijna afgelopen", partijen=[politie], geldig_tot=timezone.localdate() + timedelta(30)
    )
    Bericht.objects.create(
        aan="x@voorbeeld.nl", onderwerp="Iets", tekst="t", status=Bericht.Status.MISLUKT
    )
    Meldingsinstellingen.objects.create(gebruiker=regie, bij_normaal=Keuze.UIT)

    assert services.overzichten_versturen(_om(8, 10)) == 1
    (rij,) = _meldingen("overzicht")
    assert "nieuw" not in rij.onderwerp  # new signals of this urgency: switched off
    assert "1 wacht langer dan verwacht" in rij.onderwerp
    assert "1 signaal duurt langer dan verwacht in zijn fase" in rij.tekst
    assert "termijn=te_laat" in rij.tekst
    assert "1 convenant loopt binnen 60 dagen af" in rij.tekst
    assert "1 e-mail kon niet worden verstuurd" in rij.tekst


def test_geen_overzicht_als_het_uit_staat_of_er_niets_is(regie):
    assert services.overzichten_versturen(_om(10)) == 0  # nothing waits
    Meldingsinstellingen.objects.filter(gebruiker=regie).update(vorig_overzicht_op=None)
    Meldingsinstellingen.objects.filter(gebruiker=regie).update(dagelijks_overzicht=False)
    Bericht.objects.create(
        aan="x@voorbeeld.nl", onderwerp="Iets", tekst="t", status=Bericht.Status.MISLUKT
    )
    assert services.overzichten_versturen(_om(10, dagen=1)) == 0
    assert not _meldingen().exists()


# --- A partner -----------------------------------------------------------------------------------


def _delen(signaal, organisatie, door):
    return delen.signaal_delen(signaal=signaal, organisatie=organisatie, door=door)


def test_een_partner_hoort_van_een_nieuwe_deling(
    regie, melder, politie, partner_politie, convenant, smtp_server, settings
):
    signaal = SignaalFactory(melder=melder, categorie="radicalisering")
    _delen(signaal, politie, regie)
    (rij,) = _meldingen("gedeeld")
    assert rij.aan == partner_politie.email
    assert rij.versturen_na > timezone.now()  # a moment to think again
    openstaande_berichten_versturen()
    assert not smtp_server.postbus.berichten
    _nu_versturen()
    (mail,) = smtp_server.postbus.berichten
    tekst = mail.get_body().get_content()
    assert "Convenant Veiligheidshuis" in tekst
    assert "/signalen/gedeeld/" in tekst


def test_een_ingetrokken_deling_wordt_niet_gemeld(
    regie, melder, politie, partner_politie, convenant, smtp_server
):
    signaal = SignaalFactory(melder=melder, categorie="radicalisering")
    deling = _delen(signaal, politie, regie)
    delen.deling_intrekken(deling=deling, reden=DelingIntrekking.HANDMATIG, door=regie)
    (rij,) = _meldingen("gedeeld")
    assert rij.status == Bericht.Status.INGETROKKEN
    _nu_versturen()
    assert not smtp_server.postbus.berichten


def test_een_partner_van_een_andere_organisatie_hoort_niets(regie, melder, politie, convenant):
    ander = partner_bij(OrganisatieFactory(naam="GGD"), email="ggd@ggd.nl")
    signaal = SignaalFactory(melder=melder, categorie="radicalisering")
    _delen(signaal, politie, regie)
    assert not _meldingen(aan=ander.email).exists()


# --- The reporter --------------------------------------------------------------------------------


def _verplaatsen(signaal, naar, door, **extra):
    return signalen_services.signaal_verplaatsen(
        signaal_id=signaal.pk, van=signaal.fase, naar=naar, door=door, **extra
    )


def test_de_melder_hoort_dat_er_nieuws_is(regie, melder, smtp_server):
    signaal = SignaalFactory(melder=melder)
    assert not _meldingen("voortgang").exists()  # filing is not news
    signaal = _verplaatsen(signaal, "in_behandeling", regie)
    (rij,) = _meldingen("voortgang")
    assert rij.aan == melder.email
    # A second step while the first mail still waits: still one mail, it tells of both.
    _verplaatsen(signaal, "weging", regie)
    assert _meldingen("voortgang").count() == 1
    _nu_versturen()
    (mail,) = smtp_server.postbus.berichten
    assert mail["Subject"] == "Er is nieuws over een signaal dat u doorgaf"
    assert "/signalen/mijn/" in mail.get_body().get_content()


def test_geen_voortgangsmail_voor_een_vraag_of_het_eigen_antwoord(regie, melder):
    signaal = SignaalFactory(melder=melder, fase="in_behandeling", door=regie)
    Bericht.objects.filter(soort="meldingen.voortgang").delete()
    signaal = _verplaatsen(signaal, "aanvulling_gevraagd", regie, notitie="Welke klas?")
    assert not _meldingen("voortgang").exists()
    assert Bericht.objects.filter(soort="signalen.aanvulling_gevraagd").count() == 1
    signalen_services.aanvulling_geven(signaal_id=signaal.pk, melder=melder, antwoord="3B")
    assert not _meldingen("voortgang").exists()


def test_de_melder_kan_het_uitzetten(regie, melder):
    services.instellingen_opslaan(gebruiker=melder, gegevens={"voortgang_mailen": False})
    signaal = SignaalFactory(melder=melder)
    _verplaatsen(signaal, "in_behandeling", regie)
    assert not _meldingen("voortgang").exists()


def test_een_geanonimiseerd_signaal_wordt_niet_meer_gemeld(
    regie, melder, politie, partner_politie, convenant, smtp_server
):
    signaal = SignaalFactory(melder=melder, categorie="radicalisering")
    signaal = _verplaatsen(signaal, "in_behandeling", regie)
    _delen(signaal, politie, regie)
    assert _meldingen().filter(status=Bericht.Status.WACHTEND).count() == 2
    signalen_services.signaal_anonimiseren(signaal)
    assert not _meldingen().filter(status=Bericht.Status.WACHTEND).exists()
    _nu_versturen()
    assert not smtp_server.postbus.berichten


# --- Nothing of the signal in any notification --------------------------------------------------


def test_geen_enkele_melding_bevat_iets_van_het_signaal(
    regie, melder, politie, partner_politie, convenant, smtp_server
):
    """Every kind of notification, sent to the real SMTP server, searched (headers and body,
    and the outbox rows) for the signal's reference, text, description and the person's name."""
    Meldingsinstellingen.objects.create(gebruiker=regie, bij_hoog=Keuze.DIRECT)
    tweede = UserFactory(regisseur=True, email="overzicht@voorbeeld.nl")
    Meldingsinstellingen.objects.create(gebruiker=tweede, bij_hoog=Keuze.DAGELIJKS)
    signaal = SignaalFactory(
        melder=melder,
        urgentie="hoog",
        categorie="radicalisering",
        persoon_naam="Joost Zeldzaamnaam",
        waarneming="Zegt bij het hek van de Vermeerschool dat hij wraak wil nemen.",
        waargenomen_waar="Schoolplein Vermeerschool",
        omschrijving_betrokkene="Jongen van een jaar of vijftien met een rode jas",
        zorg_melder="Ik maak me grote zorgen om zijn broertje Kees",
    )
    signaal = _verplaatsen(signaal, "in_behandeling", regie)
    _delen(signaal, politie, regie)
    services.overzichten_versturen(_om(23, 59))
    _nu_versturen()

    soorten = set(_meldingen().values_list("soort", flat=True))
    assert soorten == {
        "meldingen.nieuw_signaal",
        "meldingen.voortgang",
        "meldingen.gedeeld",
        "meldingen.overzicht",
    }
    verboden = [
        signaal.referentie,
        "Zeldzaamnaam",
        "Joost",
        "wraak",
        "Vermeerschool",
        "rode jas",
        "Kees",
        "adicalisering",  # not even the category
    ]
    ontvangen = smtp_server.postbus.berichten
    assert len(ontvangen) == _meldingen().count()
    for mail in ontvangen:
        geheel = mail.as_string()
        for woord in verboden:
            assert woord not in geheel, f"{woord!r} staat in {mail['Subject']!r}"
    for rij in _meldingen():
        for woord in verboden:
            assert woord not in f"{rij.onderwerp} {rij.tekst} {rij.html} {rij.sleutel}"

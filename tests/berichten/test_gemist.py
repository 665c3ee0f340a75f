"""Issue 14.12: a message that can only be late is not sent late. A reminder or an invitation for
a meeting that has begun (after a long outage) is marked ``gemist`` instead, under the row lock,
and the regisseur sees it on the dashboard. Every caller with such a moment passes it."""

import logging
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from berichten import services
from berichten.models import Bericht
from berichten.services import bericht_klaarzetten, openstaande_berichten_versturen
from bijeenkomsten import services as bk
from bijeenkomsten.models import Uitnodiging
from bijeenkomsten.services import lokaal
from tests.factories import BijeenkomstFactory, NetwerkFactory, af_bij, editie, lid_van
from trainingen import services as tr

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db

LIJST = reverse("admin:berichten_bericht_changelist")


def test_een_herinnering_na_het_begin_komt_niet_aan_en_is_gemist_op_het_dashboard(
    smtp_server, settings, login, regisseur, caplog, dashboard_alleen
):
    from berichten import dashboard

    settings.BIJEENKOMSTEN_HERINNEREN_DAGEN = 2
    dashboard_alleen(dashboard.panelen)
    netwerk = NetwerkFactory()
    lid = lid_van(netwerk, email="fatima@wijkteam.example")
    nu = timezone.now()
    begonnen = BijeenkomstFactory(
        netwerk=netwerk, titel="Overleg Buitenhof", begin=nu - timedelta(hours=1)
    )
    komt_nog = BijeenkomstFactory(
        netwerk=netwerk, titel="Overleg Tanthof", begin=nu + timedelta(days=1)
    )
    for bijeenkomst in (begonnen, komt_nog):
        Uitnodiging.objects.create(
            bijeenkomst=bijeenkomst, persoon=lid, verstuurd_op=nu - timedelta(days=14)
        )
    # Beat queued both reminders three hours ago, when the first meeting was still two hours
    # ahead; then the workers were down until now.
    assert bk.herinneringen_versturen(nu=nu - timedelta(hours=3)) == 2
    te_laat = Bericht.objects.get(onderwerp__contains="Buitenhof")
    op_tijd = Bericht.objects.get(onderwerp__contains="Tanthof")

    with caplog.at_level(logging.INFO, logger="berichten.services"):
        assert openstaande_berichten_versturen() == 1

    ontvangen = smtp_server.postbus.berichten
    assert [str(m["Subject"]) for m in ontvangen] == [op_tijd.onderwerp]
    te_laat.refresh_from_db()
    assert te_laat.status == Bericht.Status.GEMIST
    assert te_laat.pogingen == 0 and te_laat.verstuurd_op is None
    onze_logs = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("berichten"))
    assert f"bericht {te_laat.pk} gemist" in onze_logs
    assert lid.email not in onze_logs and "Buitenhof" not in onze_logs
    # Missed stays missed: the next sweep and the single-message task leave it alone.
    assert openstaande_berichten_versturen() == 0
    assert services.bericht_versturen(te_laat.pk) is False
    assert len(smtp_server.postbus.berichten) == 1

    client = login(regisseur)
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert "dashboard-paneel" in dashboard
    assert "Gemist: te laat om nog te versturen" in dashboard
    assert f"{LIJST}?status__exact=gemist" in dashboard
    lijst = client.get(LIJST, {"status__exact": "gemist"}).content.decode()
    assert te_laat.onderwerp in lijst
    assert op_tijd.onderwerp not in lijst


def test_de_taak_voor_een_bericht_verstuurt_niets_te_laat(smtp_server):
    bericht = BerichtFactory(verlopen_na=timezone.now() - timedelta(minutes=1))
    assert services.bericht_versturen(bericht.pk) is False
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.GEMIST
    assert smtp_server.postbus.berichten == []


def test_een_bericht_dat_nog_op_tijd_is_gaat_gewoon(smtp_server):
    bericht = BerichtFactory(verlopen_na=timezone.now() + timedelta(minutes=5))
    assert services.bericht_versturen(bericht.pk) is True
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERSTUURD
    assert len(smtp_server.postbus.berichten) == 1


def test_een_mislukt_bericht_dat_pas_na_zijn_moment_weer_aan_de_beurt_is_wordt_gemist(
    smtp_server,
):
    """Backoff moved it past the meeting's begin: when it is due again, it is too late."""
    bericht = BerichtFactory(
        pogingen=3,
        versturen_na=timezone.now() - timedelta(seconds=1),
        verlopen_na=timezone.now() - timedelta(minutes=2),
    )
    assert openstaande_berichten_versturen() == 0
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen) == (Bericht.Status.GEMIST, 3)
    assert smtp_server.postbus.berichten == []


def test_klaarzetten_weigert_een_verloopmoment_zonder_tijdzone():
    with pytest.raises(ValueError, match="verlopen_na"):
        bericht_klaarzetten(
            aan="jan@voorbeeld.nl",
            onderwerp="Herinnering",
            tekst="Tot morgen.",
            verlopen_na=timezone.now().replace(tzinfo=None),
        )
    assert not Bericht.objects.exists()


def test_opnieuw_proberen_zet_een_gemist_bericht_niet_terug():
    gemist = BerichtFactory(status=Bericht.Status.GEMIST, verlopen_na=timezone.now())
    assert services.berichten_opnieuw_proberen(Bericht.objects.all()) == 0
    gemist.refresh_from_db()
    assert gemist.status == Bericht.Status.GEMIST


def test_oude_gemiste_berichten_worden_opgeruimd(settings):
    settings.BERICHTEN_BEWAREN_DAGEN = 30
    oud = BerichtFactory(status="gemist", verlopen_na=timezone.now() - timedelta(days=31))
    recent = BerichtFactory(status="gemist", verlopen_na=timezone.now() - timedelta(days=29))
    assert services.oude_berichten_opruimen() == 1
    assert list(Bericht.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Bericht.objects.filter(pk=oud.pk).exists()


def test_het_paneel_toont_gemiste_berichten_van_de_laatste_week(
    rf, regisseur, django_assert_max_num_queries
):
    from berichten import dashboard

    request = rf.get("/beheer/")
    request.user = regisseur
    BerichtFactory(status="gemist", verlopen_na=timezone.now() - timedelta(days=8))
    assert dashboard.panelen(request) == [], "een week oud: geschiedenis, geen melding"
    BerichtFactory.create_batch(2, status="gemist", verlopen_na=timezone.now() - timedelta(hours=2))
    with django_assert_max_num_queries(1):
        (paneel,) = dashboard.panelen(request)
    assert (paneel.context["gemist"], paneel.context["mislukt"]) == (2, 0)
    html = paneel.render(request)
    assert f"{LIJST}?status__exact=gemist" in html
    assert "Gemiste berichten bekijken" in html
    assert "Mislukte berichten bekijken" not in html


# --- Every caller passes its moment ---------------------------------------------------------------


def _verlopen_na(soort: str):
    (waarde,) = Bericht.objects.filter(soort=soort).values_list("verlopen_na", flat=True)
    return waarde


def test_bijeenkomsten_geven_het_begin_mee_en_een_annulering_het_einde():
    netwerk = NetwerkFactory()
    lid_van(netwerk)
    bijeenkomst = BijeenkomstFactory(netwerk=netwerk, begin=timezone.now() + timedelta(days=1))
    assert bk.uitnodigingen_versturen(bijeenkomst) == 1
    assert bk.herinneringen_versturen() == 1
    assert _verlopen_na("bijeenkomsten.uitnodiging") == bijeenkomst.begin
    assert _verlopen_na("bijeenkomsten.herinnering") == bijeenkomst.begin

    oud = {veld: getattr(bijeenkomst, veld) for veld in bk.WEZENLIJK}
    bijeenkomst.begin += timedelta(hours=3)
    bijeenkomst.einde += timedelta(hours=3)
    bijeenkomst.save()
    assert bk.bijeenkomst_gewijzigd(bijeenkomst, oud) == 1
    assert _verlopen_na("bijeenkomsten.wijziging") == bijeenkomst.begin  # the new begin

    assert bk.bijeenkomst_annuleren(bijeenkomst) == 1
    assert _verlopen_na("bijeenkomsten.annulering") == bijeenkomst.einde


def test_trainingen_geven_per_soort_bericht_hun_moment_mee():
    ed = editie(dagen=2, capaciteit=1)
    eerste = ed.dagen.order_by("datum").first().bijeenkomst
    laatste = ed.dagen.order_by("datum").last().bijeenkomst
    middernacht = lokaal(ed.eerste_dag, time.min)
    a, b, c = af_bij(), af_bij(), af_bij()

    ins_a = tr.persoon_inschrijven(ed, a)  # a place: until the training begins
    assert _verlopen_na("trainingen.ingeschreven") == eerste.begin
    tr.persoon_inschrijven(ed, b)  # the waiting list closes at the start of the first day
    assert _verlopen_na("trainingen.wachtlijst") == middernacht
    tr.inschrijving_afmelden(ins_a)  # a's own cancellation: always confirmed
    assert _verlopen_na("trainingen.afgemeld") is None
    assert _verlopen_na("trainingen.doorgeschoven") == eerste.begin  # "er is een plaats"
    tr.personen_uitnodigen(
        ed, [c]
    )  # an invitation to sign up: sign-up closes at the start of day one
    assert _verlopen_na("trainingen.uitnodiging") == middernacht
    tr.editie_annuleren(ed)  # to those waiting or invited: until the planned end
    assert _verlopen_na("trainingen.geannuleerd") == laatste.einde

    ander = editie(dagen=1, capaciteit=2)
    tr.personen_indelen(ander, [af_bij()])
    assert _verlopen_na("trainingen.ingedeeld") == ander.dagen.get().bijeenkomst.begin

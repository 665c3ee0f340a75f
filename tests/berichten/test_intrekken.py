"""Withdrawing waiting messages by the start of their key (``berichten_intrekken``): a
notification about a signal that was anonymised or a share that was revoked never reaches the
mail server; other messages, and what was already sent, stay as they are."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from berichten import dashboard, services
from berichten.models import Bericht
from berichten.services import (
    bericht_message_id,
    bericht_versturen,
    berichten_intrekken,
    berichten_opnieuw_proberen,
    openstaande_berichten_versturen,
)
from tests.hulp import Draad

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db

VOORVOEGSEL = "melding:signaal:12:"


def _rij(sleutel, **kwargs):
    return BerichtFactory(sleutel=sleutel, soort="meldingen.deling", **kwargs)


def test_wachtende_berichten_met_het_begin_komen_nooit_bij_de_mailserver(smtp_server):
    weg = [_rij(f"{VOORVOEGSEL}deling:3:7"), _rij(f"{VOORVOEGSEL}voortgang:9")]
    # Later due (the two minutes a partner's notice waits) is withdrawn just the same.
    weg.append(_rij(f"{VOORVOEGSEL}deling:4:8", versturen_na=timezone.now() + timedelta(minutes=2)))
    ander_signaal = _rij("melding:signaal:123:deling:5:1")  # "12" is not the start of "123:"
    ander = _rij("uitnodiging:4:v1")
    zonder_sleutel = BerichtFactory()
    al_weg = _rij(f"{VOORVOEGSEL}nieuw:2", verstuurd=True)
    verstuurd_op = al_weg.verstuurd_op

    assert berichten_intrekken(sleutel_begint_met=VOORVOEGSEL) == 3

    for bericht in weg:
        bericht.refresh_from_db()
        assert bericht.status == Bericht.Status.INGETROKKEN
    al_weg.refresh_from_db()
    assert (al_weg.status, al_weg.verstuurd_op) == (Bericht.Status.VERSTUURD, verstuurd_op)

    # Neither the task for one message nor the sweep (also once the later one is due) sends it.
    for bericht in weg:
        assert bericht_versturen(bericht.pk) is False
    Bericht.objects.update(versturen_na=timezone.now() - timedelta(seconds=1))
    assert openstaande_berichten_versturen() == 3
    ontvangen = set(smtp_server.postbus.per_message_id())
    assert ontvangen == {bericht_message_id(b) for b in (ander_signaal, ander, zonder_sleutel)}
    for bericht in weg:
        bericht.refresh_from_db()
        assert bericht.status == Bericht.Status.INGETROKKEN
    # Withdrawn is final: a retry of failed messages leaves it alone, as does a second call.
    assert berichten_opnieuw_proberen(Bericht.objects.all()) == 0
    assert berichten_intrekken(sleutel_begint_met=VOORVOEGSEL) == 0


def test_mislukte_en_gemiste_berichten_blijven_zoals_ze_zijn():
    mislukt = _rij(f"{VOORVOEGSEL}a", mislukt=True)
    gemist = _rij(
        f"{VOORVOEGSEL}b",
        status=Bericht.Status.GEMIST,
        verlopen_na=timezone.now() - timedelta(hours=1),
    )
    assert berichten_intrekken(sleutel_begint_met=VOORVOEGSEL) == 0
    mislukt.refresh_from_db()
    gemist.refresh_from_db()
    assert (mislukt.status, gemist.status) == (Bericht.Status.MISLUKT, Bericht.Status.GEMIST)


def test_het_begin_is_letterlijk_geen_patroon():
    """``_`` and ``%`` in the prefix are characters, not LIKE wildcards."""
    blijft = _rij("meldingXsignaal:1:a")
    alles = _rij("melding%:1:a")
    assert berichten_intrekken(sleutel_begint_met="melding_signaal:") == 0
    assert berichten_intrekken(sleutel_begint_met="%") == 0
    assert berichten_intrekken(sleutel_begint_met="melding%:") == 1
    blijft.refresh_from_db()
    alles.refresh_from_db()
    assert blijft.status == Bericht.Status.WACHTEND
    assert alles.status == Bericht.Status.INGETROKKEN


@pytest.mark.parametrize("begin", ["", "   ", None])
def test_een_leeg_begin_wordt_geweigerd(begin):
    bericht = _rij(f"{VOORVOEGSEL}a")
    with pytest.raises(ValueError, match="leeg"):
        berichten_intrekken(sleutel_begint_met=begin)
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.WACHTEND


def test_intrekken_hoort_bij_de_transactie_van_de_aanroeper():
    bericht = _rij(f"{VOORVOEGSEL}a")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert berichten_intrekken(sleutel_begint_met=VOORVOEGSEL) == 1
        raise RuntimeError("de wijziging gaat niet door")
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.WACHTEND


# --- A worker is sending the row at this moment --------------------------------------------------


def _worker_houdt_vast(pk, *, daarna, seconden=0.5):
    """Another connection locks the row as a sweep does, keeps it ``seconden``, then (in the same
    transaction) sends it (``verstuurd``) or records a failed attempt (``mislukte_poging``)."""
    vast = threading.Event()

    def houden():
        try:
            with transaction.atomic():
                Bericht.objects.select_for_update(skip_locked=True).get(pk=pk)
                vast.set()
                time.sleep(seconden)
                if daarna == "verstuurd":
                    Bericht.objects.filter(pk=pk).update(
                        status=Bericht.Status.VERSTUURD, verstuurd_op=timezone.now()
                    )
                else:
                    Bericht.objects.filter(pk=pk).update(
                        pogingen=1, versturen_na=timezone.now() + timedelta(minutes=1)
                    )
        finally:
            connection.close()

    draad = Draad(target=houden)
    draad.start()
    assert vast.wait(timeout=10), "de andere verbinding kreeg het slot niet"
    return draad


@pytest.mark.django_db(transaction=True)
def test_een_bericht_dat_net_verstuurd_wordt_wordt_afgewacht_en_blijft_verstuurd():
    bezig = _rij(f"{VOORVOEGSEL}a")
    vrij = _rij(f"{VOORVOEGSEL}b")
    draad = _worker_houdt_vast(bezig.pk, daarna="verstuurd")
    begin = time.monotonic()
    try:
        assert berichten_intrekken(sleutel_begint_met=VOORVOEGSEL) == 1
        assert time.monotonic() - begin >= 0.3, "intrekken wachtte niet op de worker"
    finally:
        draad.join()
    bezig.refresh_from_db()
    vrij.refresh_from_db()
    assert bezig.status == Bericht.Status.VERSTUURD
    assert vrij.status == Bericht.Status.INGETROKKEN


@pytest.mark.django_db(transaction=True)
def test_een_bericht_dat_de_worker_na_een_mislukte_poging_terugzet_wordt_ingetrokken():
    """Skipping the locked row would leave it waiting, to be sent at the next attempt."""
    bezig = _rij(f"{VOORVOEGSEL}a")
    draad = _worker_houdt_vast(bezig.pk, daarna="mislukte_poging")
    try:
        assert berichten_intrekken(sleutel_begint_met=VOORVOEGSEL) == 1
    finally:
        draad.join()
    bezig.refresh_from_db()
    assert (bezig.status, bezig.pogingen) == (Bericht.Status.INGETROKKEN, 1)
    Bericht.objects.update(versturen_na=timezone.now())
    assert openstaande_berichten_versturen() == 0


# --- Where it shows -----------------------------------------------------------------------------


def test_de_regisseur_ziet_en_filtert_ingetrokken_berichten(login, regisseur):
    ingetrokken = _rij(f"{VOORVOEGSEL}a", onderwerp="Er is een signaal met u gedeeld")
    BerichtFactory(onderwerp="Uitnodiging netwerkoverleg")
    berichten_intrekken(sleutel_begint_met=VOORVOEGSEL)
    client = login(regisseur)
    lijst = reverse("admin:berichten_bericht_changelist")
    html = client.get(lijst).content.decode()
    assert "?status__exact=ingetrokken" in html  # the filter offers it
    gefilterd = client.get(lijst, {"status__exact": "ingetrokken"}).content.decode()
    assert "Er is een signaal met u gedeeld" in gefilterd
    assert "Uitnodiging netwerkoverleg" not in gefilterd
    detail = client.get(reverse("admin:berichten_bericht_change", args=[ingetrokken.pk]))
    assert "Ingetrokken" in detail.content.decode()


def test_ingetrokken_berichten_geven_geen_paneel_op_het_dashboard(rf, regisseur):
    _rij(f"{VOORVOEGSEL}a", versturen_na=timezone.now() - timedelta(hours=1))
    berichten_intrekken(sleutel_begint_met=VOORVOEGSEL)
    verzoek = rf.get("/beheer/")
    verzoek.user = regisseur
    assert dashboard.panelen(verzoek) == []


def test_oude_ingetrokken_berichten_worden_opgeruimd(settings):
    settings.BERICHTEN_BEWAREN_DAGEN = 30
    oud = _rij(f"{VOORVOEGSEL}a", versturen_na=timezone.now() - timedelta(days=31))
    recent = _rij(f"{VOORVOEGSEL}b", versturen_na=timezone.now() - timedelta(days=29))
    berichten_intrekken(sleutel_begint_met=VOORVOEGSEL)
    assert services.oude_berichten_opruimen() == 1
    assert list(Bericht.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Bericht.objects.filter(pk=oud.pk).exists()

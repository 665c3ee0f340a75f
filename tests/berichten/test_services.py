"""The outbox: queue with the caller's transaction, send once, back off, give up, retry."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from berichten import services, smtpfouten, tasks
from berichten.models import Bericht
from berichten.services import (
    bericht_klaarzetten,
    bericht_versturen,
    berichten_opnieuw_proberen,
    openstaande_berichten_versturen,
)
from berichten.smtpfouten import MAX_POGINGEN
from tests.hulp import Draad

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db

KAPOT = "tests.berichten.backends.KapotteBackend"
DEELS_KAPOT = "tests.berichten.backends.DeelsKapotteBackend"

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Netwerkoverleg\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _klaar(**kwargs):
    return bericht_klaarzetten(
        **{
            "aan": "jan@voorbeeld.nl",
            "onderwerp": "Uitnodiging netwerkoverleg",
            "tekst": "U bent uitgenodigd.",
            "soort": "bijeenkomsten.uitnodiging",
            **kwargs,
        }
    )


def _weer_aan_de_beurt(bericht):
    Bericht.objects.filter(pk=bericht.pk).update(versturen_na=timezone.now())


# --- Queueing with the caller's transaction -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_klaarzetten_in_een_teruggedraaide_transactie_laat_niets_achter(celery_eager):
    with pytest.raises(RuntimeError), transaction.atomic():
        _klaar()
        raise RuntimeError("de wijziging gaat niet door")
    assert not Bericht.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_klaarzetten_verstuurt_pas_na_de_commit_en_precies_een_keer(celery_eager):
    with transaction.atomic():
        bericht = _klaar()
        assert mail.outbox == [], "nog niets versturen zolang de transactie open is"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jan@voorbeeld.nl"]
    assert mail.outbox[0].subject == "Uitnodiging netwerkoverleg"
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERSTUURD
    assert bericht.verstuurd_op is not None
    # The sweep (and a repeated task) find nothing more to send.
    assert openstaande_berichten_versturen() == 0
    assert bericht_versturen(bericht.pk) is False
    assert len(mail.outbox) == 1


def test_klaarzetten_zet_de_taak_pas_bij_de_commit_in_de_wachtrij(
    monkeypatch, django_capture_on_commit_callbacks
):
    in_wachtrij = []
    monkeypatch.setattr(tasks.bericht_versturen, "delay", in_wachtrij.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bericht = _klaar()
    assert in_wachtrij == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert in_wachtrij == [bericht.pk]


def test_zonder_broker_blijft_het_bericht_staan_voor_de_ronde(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broker_weg(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.bericht_versturen, "delay", broker_weg)
    with (
        caplog.at_level(logging.WARNING, logger="berichten.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        bericht = _klaar()
    assert "niet in de wachtrij gezet" in caplog.text
    assert "jan@voorbeeld.nl" not in caplog.text, "geen adressen in de logs"
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.WACHTEND
    assert openstaande_berichten_versturen() == 1
    assert len(mail.outbox) == 1


def test_een_bericht_voor_later_gaat_niet_meteen_in_de_wachtrij(
    django_capture_on_commit_callbacks,
):
    later = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks() as callbacks:
        bericht = _klaar(versturen_na=later)
    assert callbacks == []
    assert openstaande_berichten_versturen() == 0
    assert bericht_versturen(bericht.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize(
    "fout",
    [
        {"aan": "geen-adres"},
        {"aan": ""},
        {"aan": "jan@voorbeeld.nl\nBcc: iedereen@voorbeeld.nl"},
        {"onderwerp": ""},
        {"onderwerp": "Regel een\nBcc: iedereen@voorbeeld.nl"},
        {"onderwerp": "x" * 251},
        {"bijlagen": [{"bestandsnaam": "a.ics", "mimetype": "text/calendar"}]},
        {"bijlagen": [{"bestandsnaam": "a.ics", "mimetype": "calendar", "inhoud": ICS}]},
        {"bijlagen": [{"bestandsnaam": "a.bin", "mimetype": "x/y", "inhoud": b"\x00"}]},
        {"bijlagen": ["a.ics"]},
        {"versturen_na": timezone.now().replace(tzinfo=None)},
    ],
)
def test_klaarzetten_weigert_ongeldige_berichten(fout):
    with pytest.raises(ValueError):
        _klaar(**fout)
    assert not Bericht.objects.exists()


# --- Sending ------------------------------------------------------------------------------------


def test_de_ronde_verstuurt_wat_aan_de_beurt_is_en_laat_latere_staan():
    nu = BerichtFactory.create_batch(2)
    later = BerichtFactory(versturen_na=timezone.now() + timedelta(minutes=30))
    al_weg = BerichtFactory(verstuurd=True)
    opgegeven = BerichtFactory(mislukt=True)

    assert openstaande_berichten_versturen() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.aan for b in nu)
    for b in nu:
        b.refresh_from_db()
        assert b.status == Bericht.Status.VERSTUURD
        assert b.pogingen == 0
    for b, status in [(later, "wachtend"), (al_weg, "verstuurd"), (opgegeven, "mislukt")]:
        b.refresh_from_db()
        assert b.status == status


def test_twee_keer_de_ronde_verstuurt_niets_extra():
    BerichtFactory.create_batch(3)
    assert openstaande_berichten_versturen() == 3
    assert openstaande_berichten_versturen() == 0
    assert len(mail.outbox) == 3


def test_de_ronde_verstuurt_hoogstens_max_aantal_oudste_eerst():
    oudste = BerichtFactory(versturen_na=timezone.now() - timedelta(hours=1))
    BerichtFactory.create_batch(2)
    assert openstaande_berichten_versturen(max_aantal=1) == 1
    assert mail.outbox[0].to == [oudste.aan]
    assert openstaande_berichten_versturen(max_aantal=5) == 2


def test_bijlagen_en_html_komen_aan():
    bericht = _klaar(
        html="<p>U bent <strong>uitgenodigd</strong>.</p>",
        bijlagen=[{"bestandsnaam": "overleg.ics", "mimetype": "text/calendar", "inhoud": ICS}],
    )
    assert bericht_versturen(bericht.pk) is True
    (email,) = mail.outbox
    assert email.body == "U bent uitgenodigd."
    assert [(a[0], a[1]) for a in email.alternatives] == [
        ("<p>U bent <strong>uitgenodigd</strong>.</p>", "text/html")
    ]
    assert [(a[0], a[1], a[2]) for a in email.attachments] == [
        ("overleg.ics", ICS, "text/calendar")
    ]
    tekst = email.message().as_string()
    assert "text/calendar" in tekst
    assert 'filename="overleg.ics"' in tekst
    assert email.extra_headers["Message-ID"] == services.bericht_message_id(bericht)
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_message_id_is_per_bericht_vast_en_uniek():
    a, b = BerichtFactory.create_batch(2)
    assert services.bericht_message_id(a) == services.bericht_message_id(
        Bericht.objects.get(pk=a.pk)
    )
    assert services.bericht_message_id(a) != services.bericht_message_id(b)


def test_een_mislukte_poging_telt_en_wacht_steeds_langer(settings):
    settings.EMAIL_BACKEND = KAPOT
    bericht = BerichtFactory()
    for poging in range(1, MAX_POGINGEN):
        voor = timezone.now()
        assert openstaande_berichten_versturen() == 0
        na = timezone.now()
        bericht.refresh_from_db()
        assert bericht.status == Bericht.Status.WACHTEND
        assert bericht.pogingen == poging
        assert "SMTPException" in bericht.laatste_fout
        wachttijd = timedelta(minutes=2 ** (poging - 1))
        assert voor + wachttijd <= bericht.versturen_na <= na + wachttijd
        # Not due yet: the next sweep leaves it alone.
        assert openstaande_berichten_versturen() == 0
        bericht.refresh_from_db()
        assert bericht.pogingen == poging
        _weer_aan_de_beurt(bericht)

    assert openstaande_berichten_versturen() == 0
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.MISLUKT
    assert bericht.pogingen == MAX_POGINGEN
    # A failed message is not picked up again by itself.
    _weer_aan_de_beurt(bericht)
    assert bericht_versturen(bericht.pk) is False
    assert openstaande_berichten_versturen() == 0
    bericht.refresh_from_db()
    assert bericht.pogingen == MAX_POGINGEN
    assert mail.outbox == []


def test_wachttijd_verdubbelt_tot_hoogstens_zes_uur():
    assert [smtpfouten.wachttijd_na(n).total_seconds() // 60 for n in range(1, 6)] == [
        1,
        2,
        4,
        8,
        16,
    ]
    assert smtpfouten.wachttijd_na(30) == timedelta(hours=6)


def test_een_kapot_bericht_houdt_de_andere_niet_tegen(settings, caplog):
    settings.EMAIL_BACKEND = DEELS_KAPOT
    gisteren = timezone.now() - timedelta(days=1)
    kapot = BerichtFactory(aan="kapot@voorbeeld.nl", versturen_na=gisteren)
    # Stored before validation existed, or corrupted: sending it fails, the sweep goes on.
    rommel = BerichtFactory(bijlagen=[{"naam": "zonder sleutels"}])
    goed = BerichtFactory.create_batch(2)
    with caplog.at_level(logging.WARNING, logger="berichten.services"):
        assert openstaande_berichten_versturen() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.aan for b in goed)
    kapot.refresh_from_db()
    assert kapot.status == Bericht.Status.WACHTEND
    assert kapot.pogingen == 1
    assert "SMTPRecipientsRefused" in kapot.laatste_fout
    rommel.refresh_from_db()
    assert rommel.pogingen == 1
    assert "KeyError" in rommel.laatste_fout
    assert "kapot@voorbeeld.nl" not in caplog.text, "geen adressen in de logs"


def test_de_foutmelding_wordt_ingekort(monkeypatch):
    def lange_fout(*args):
        raise RuntimeError("x" * 10000)

    monkeypatch.setattr(services, "bericht_als_email", lange_fout)
    bericht = BerichtFactory()
    assert bericht_versturen(bericht.pk) is False
    bericht.refresh_from_db()
    assert len(bericht.laatste_fout) == smtpfouten.MAX_FOUTTEKST


def test_de_ronde_stopt_na_haar_tijd_ook_midden_in_een_batch(monkeypatch):
    monkeypatch.setattr(services, "SWEEP_MAX_DUUR", timedelta(milliseconds=300))
    echt = services.bericht_als_email
    gezien = []

    def traag(bericht, verbinding=None):
        gezien.append(bericht.pk)
        if len(gezien) == 2:
            time.sleep(0.4)  # a slow mail server: the sweep's time is up after this message
        return echt(bericht, verbinding)

    monkeypatch.setattr(services, "bericht_als_email", traag)
    berichten = BerichtFactory.create_batch(5)
    assert openstaande_berichten_versturen() == 2
    assert len(mail.outbox) == 2
    rest = Bericht.objects.filter(status=Bericht.Status.WACHTEND)
    assert sorted(rest.values_list("pk", flat=True)) == sorted(b.pk for b in berichten[2:])
    assert not rest.filter(pogingen__gt=0).exists(), "niet geprobeerd, dus geen poging"
    monkeypatch.setattr(services, "SWEEP_MAX_DUUR", timedelta(minutes=2))
    assert openstaande_berichten_versturen() == 3


def test_een_databasefout_rond_een_batch_houdt_de_andere_niet_tegen(monkeypatch, caplog):
    monkeypatch.setattr(services, "BATCH_GROOTTE", 2)
    echt = services._als_verstuurd_markeren
    pogingen = []

    def eerste_keer_kapot(berichten):
        pogingen.append([b.pk for b in berichten])
        if len(pogingen) == 1:
            raise DatabaseError("verbinding kwijt")
        echt(berichten)

    monkeypatch.setattr(services, "_als_verstuurd_markeren", eerste_keer_kapot)
    berichten = BerichtFactory.create_batch(5)
    with caplog.at_level(logging.ERROR, logger="berichten.services"):
        assert openstaande_berichten_versturen() == 3
    assert "onverwachte fout" in caplog.text
    # The first batch went out but its mark was rolled back: it waits, and is not taken again by
    # this sweep. The next sweep sends it again (at least once).
    assert pogingen[0] == [b.pk for b in berichten[:2]]
    assert set(Bericht.objects.filter(status="wachtend").values_list("pk", flat=True)) == set(
        pogingen[0]
    )
    assert len(mail.outbox) == 5


def test_een_mislukking_die_niet_vast_te_leggen_is_houdt_de_andere_niet_tegen(
    settings, monkeypatch
):
    settings.EMAIL_BACKEND = DEELS_KAPOT

    def kapot(bericht, exc):
        Bericht.objects.filter(pk=bericht.pk).update(pogingen=-1)  # violates the check

    monkeypatch.setattr(smtpfouten, "mislukking_vastleggen", kapot)
    kapot_bericht = BerichtFactory(
        aan="kapot@voorbeeld.nl", versturen_na=timezone.now() - timedelta(days=1)
    )
    goed = BerichtFactory.create_batch(2)
    assert openstaande_berichten_versturen() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.aan for b in goed)
    kapot_bericht.refresh_from_db()
    assert kapot_bericht.status == Bericht.Status.WACHTEND
    assert kapot_bericht.pogingen == 0


def test_de_taken_roepen_de_services_aan(celery_eager):
    a, b = BerichtFactory.create_batch(2)
    tasks.bericht_versturen.delay(a.pk)
    assert [m.to for m in mail.outbox] == [[a.aan]]
    tasks.openstaande_berichten_versturen.delay()
    assert len(mail.outbox) == 2


# --- Locks: another worker holds the row -------------------------------------------------------


def _houd_vast(pk, *, markeer_verstuurd=False):
    """Hold the row locked from another database connection until ``los`` is set."""
    vast, los = threading.Event(), threading.Event()

    def houden():
        try:
            with transaction.atomic():
                Bericht.objects.select_for_update().get(pk=pk)
                if markeer_verstuurd:  # the other worker sends it
                    Bericht.objects.filter(pk=pk).update(
                        status=Bericht.Status.VERSTUURD, verstuurd_op=timezone.now()
                    )
                vast.set()
                los.wait(timeout=20)
        finally:
            connection.close()

    draad = Draad(target=houden)
    draad.start()
    assert vast.wait(timeout=10), "de andere verbinding kreeg het slot niet"
    return los, draad


@pytest.mark.django_db(transaction=True)
def test_een_rij_die_een_andere_worker_vasthoudt_wordt_overgeslagen():
    bezet = BerichtFactory()
    vrij = BerichtFactory()
    los, draad = _houd_vast(bezet.pk)
    try:
        assert bericht_versturen(bezet.pk) is False
        assert openstaande_berichten_versturen() == 1
        assert [m.to for m in mail.outbox] == [[vrij.aan]]
    finally:
        los.set()
        draad.join()
    bezet.refresh_from_db()
    assert bezet.status == Bericht.Status.WACHTEND
    assert bezet.pogingen == 0
    # Released: now it goes, once.
    assert openstaande_berichten_versturen() == 1
    assert openstaande_berichten_versturen() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([vrij.aan, bezet.aan])


@pytest.mark.django_db(transaction=True)
def test_wat_een_andere_worker_verstuurde_gaat_nooit_nog_eens():
    bericht = BerichtFactory()
    los, draad = _houd_vast(bericht.pk, markeer_verstuurd=True)
    try:
        assert openstaande_berichten_versturen() == 0
    finally:
        los.set()
        draad.join()
    assert openstaande_berichten_versturen() == 0
    assert bericht_versturen(bericht.pk) is False
    assert mail.outbox == []


# --- Retry --------------------------------------------------------------------------------------


def test_opnieuw_proberen_zet_alleen_mislukte_berichten_terug(django_capture_on_commit_callbacks):
    mislukt = BerichtFactory.create_batch(2, mislukt=True, versturen_na=timezone.now())
    verstuurd = BerichtFactory(verstuurd=True)
    wachtend = BerichtFactory(versturen_na=timezone.now() + timedelta(hours=1))
    voor = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:
        assert berichten_opnieuw_proberen(Bericht.objects.all()) == 2
    assert len(callbacks) == 1  # a sweep is queued after commit
    for b in mislukt:
        b.refresh_from_db()
        assert b.status == Bericht.Status.WACHTEND
        assert b.pogingen == 0
        assert b.versturen_na >= voor
    verstuurd.refresh_from_db()
    assert verstuurd.status == Bericht.Status.VERSTUURD
    wachtend.refresh_from_db()
    assert wachtend.versturen_na > timezone.now()

    assert openstaande_berichten_versturen() == 2
    assert len(mail.outbox) == 2


def test_opnieuw_proberen_zonder_mislukte_berichten_doet_niets(django_capture_on_commit_callbacks):
    BerichtFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        assert berichten_opnieuw_proberen(Bericht.objects.all()) == 0
    assert callbacks == []


@pytest.mark.django_db
def test_oude_verstuurde_berichten_worden_opgeruimd(settings):
    settings.BERICHTEN_BEWAREN_DAGEN = 30
    oud = BerichtFactory(verstuurd=True, verstuurd_op=timezone.now() - timedelta(days=31))
    recent = BerichtFactory(verstuurd=True, verstuurd_op=timezone.now() - timedelta(days=29))
    mislukt = BerichtFactory(mislukt=True, aangemaakt_op=timezone.now() - timedelta(days=90))
    wachtend = BerichtFactory(versturen_na=timezone.now() - timedelta(days=60))
    assert services.oude_berichten_opruimen() == 1
    assert set(Bericht.objects.values_list("pk", flat=True)) == {recent.pk, mislukt.pk, wachtend.pk}
    assert not Bericht.objects.filter(pk=oud.pk).exists()
    assert services.oude_berichten_opruimen() == 0

"""The outbox against a real SMTP server (aiosmtpd on 127.0.0.1), real Celery workers, PostgreSQL
and Redis: every message arrives exactly once, also with two workers at once and across an SMTP
outage. Messages are counted at the server by their Message-ID."""

import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.utils import timezone

from berichten import services, tasks
from berichten.models import Bericht
from berichten.services import bericht_message_id, openstaande_berichten_versturen
from config.celery import app

from .factories import BerichtFactory


def _wacht_tot(voorwaarde, seconden=60):
    deadline = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < deadline, f"niet gelukt binnen {seconden} s"
        time.sleep(0.1)


def _worker(naam, pool="solo", concurrency=1):
    return start_worker(
        app,
        pool=pool,
        concurrency=concurrency,
        perform_ping_check=False,
        shutdown_timeout=30,
        hostname=f"{naam}@%h",
    )


def _precies_een_keer_ontvangen(smtp_server, berichten):
    per_id = smtp_server.postbus.per_message_id()
    verwacht = {bericht_message_id(b) for b in berichten}
    dubbel = {mid: n for mid, n in per_id.items() if n > 1}
    assert not dubbel, f"{len(dubbel)} bericht(en) meer dan eens ontvangen"
    assert set(per_id) == verwacht, f"{len(verwacht - set(per_id))} bericht(en) niet ontvangen"


@pytest.mark.django_db(transaction=True)
def test_twee_workers_tegelijk_versturen_elk_bericht_precies_een_keer(smtp_server, monkeypatch):
    """Two sweeps over the same 200 due rows at the same moment, each in its own thread with its
    own database and SMTP connection: a real worker with the thread pool and concurrency 2 (two
    ``start_worker`` contexts in one process do not consume side by side: only one of them gets
    the tasks). A barrier makes sure both sweeps really run at once."""
    berichten = BerichtFactory.create_batch(200)
    smtp_server.postbus.vertraging = 0.005  # 200 messages take a second: the sweeps overlap

    echte_ronde = services.openstaande_berichten_versturen
    samen = threading.Barrier(2, timeout=30)
    per_draad: dict[int, int] = {}

    def ronde(*args, **kwargs):
        samen.wait()  # both sweeps have started: go at the same moment
        try:
            aantal = echte_ronde(*args, **kwargs)
        finally:
            connection.close()  # this thread's own database connection
        per_draad[threading.get_ident()] = aantal
        return aantal

    monkeypatch.setattr(services, "openstaande_berichten_versturen", ronde)
    # The test broker (a Redis database of its own) may hold tasks of earlier tests.
    app.control.purge()
    with _worker("berichten", pool="threads", concurrency=2):
        tasks.openstaande_berichten_versturen.delay()
        tasks.openstaande_berichten_versturen.delay()
        _wacht_tot(lambda: len(per_draad) == 2)

    _precies_een_keer_ontvangen(smtp_server, berichten)
    assert sum(per_draad.values()) == 200
    assert all(aantal > 0 for aantal in per_draad.values()), per_draad  # both really sent
    assert Bericht.objects.filter(status=Bericht.Status.VERSTUURD, pogingen=0).count() == 200


@pytest.mark.django_db(transaction=True)
def test_mailserver_plat_niets_verstuurd_niets_kwijt_daarna_alles_een_keer(smtp_server):
    berichten = BerichtFactory.create_batch(60)
    smtp_server.stop()  # nothing listens on the port: connection refused

    voor = timezone.now()
    assert openstaande_berichten_versturen() == 0
    assert openstaande_berichten_versturen() == 0, (
        "wat mislukte is pas over een minuut weer aan de beurt"
    )
    for bericht in Bericht.objects.all():
        assert bericht.status == Bericht.Status.WACHTEND
        assert bericht.pogingen == 1
        assert bericht.versturen_na >= voor + timedelta(minutes=1)
        assert bericht.laatste_fout.startswith("ConnectionRefusedError")
    assert smtp_server.postbus.berichten == []

    smtp_server.start()
    Bericht.objects.update(versturen_na=timezone.now())
    with _worker("berichten-herstel"):
        tasks.openstaande_berichten_versturen.delay()
        _wacht_tot(lambda: not Bericht.objects.filter(status=Bericht.Status.WACHTEND).exists())
    assert openstaande_berichten_versturen() == 0

    _precies_een_keer_ontvangen(smtp_server, berichten)
    assert Bericht.objects.filter(status=Bericht.Status.VERSTUURD, pogingen=1).count() == 60


@pytest.mark.django_db
def test_de_ronde_gebruikt_een_verbinding_voor_alle_berichten(smtp_server):
    berichten = BerichtFactory.create_batch(3 * services.BATCH_GROOTTE + 1)
    assert openstaande_berichten_versturen() == len(berichten)
    _precies_een_keer_ontvangen(smtp_server, berichten)
    assert smtp_server.postbus.verbindingen() == 1


@pytest.mark.django_db
def test_een_verbroken_verbinding_halverwege_kost_geen_poging(smtp_server, monkeypatch):
    """The server restarts between two messages of a sweep (as with an idle timeout or a limit
    per connection): the kept connection is dead; the next message goes over a new one."""
    berichten = BerichtFactory.create_batch(4)
    echt = services.bericht_als_email
    aantal = []

    def als_email(bericht, verbinding=None):
        aantal.append(bericht.pk)
        if len(aantal) == 3:
            smtp_server.stop()
            smtp_server.start()
        return echt(bericht, verbinding)

    monkeypatch.setattr(services, "bericht_als_email", als_email)
    assert openstaande_berichten_versturen() == 4
    _precies_een_keer_ontvangen(smtp_server, berichten)
    assert smtp_server.postbus.verbindingen() == 2
    assert Bericht.objects.filter(status=Bericht.Status.VERSTUURD, pogingen=0).count() == 4


@pytest.mark.django_db
def test_een_bericht_via_de_taak_over_smtp(smtp_server):
    bericht = BerichtFactory()
    assert services.bericht_versturen(bericht.pk) is True
    assert services.bericht_versturen(bericht.pk) is False
    _precies_een_keer_ontvangen(smtp_server, [bericht])
    (ontvangen,) = smtp_server.postbus.berichten
    assert ontvangen["To"] == bericht.aan
    assert ontvangen["Subject"] == bericht.onderwerp

"""Issue 14.13: after a worker crash the backlog drains at full speed, not one sweep of 200 a
minute. A sweep that stops at its limit while due rows remain queues one next sweep at once
(through the real broker); never more than one, and a broker failure costs only a warning."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.utils import timezone
from kombu.exceptions import ChannelError, OperationalError

from berichten import services, tasks
from berichten.models import Bericht
from berichten.services import bericht_message_id, openstaande_berichten_versturen
from config.celery import app

from .factories import BerichtFactory


@pytest.fixture
def lege_wachtrij():
    """The test broker (a Redis database of its own) without tasks, before and after."""
    app.control.purge()
    yield
    app.control.purge()


def _rondes_in_de_wachtrij() -> int:
    """Tasks waiting in the broker's default queue (each test here queues sweeps only)."""
    with app.connection_for_read() as verbinding:
        try:
            return verbinding.default_channel.queue_declare(
                app.conf.task_default_queue, passive=True
            ).message_count
        except ChannelError:  # the queue does not exist (yet): nothing was ever queued
            return 0


@pytest.mark.django_db(transaction=True)
def test_een_echte_worker_werkt_een_achterstand_weg_zonder_op_beat_te_wachten(
    smtp_server, lege_wachtrij
):
    """More than two sweeps' worth is due (the worker was down); one sweep is queued, as beat
    would; no beat runs here. The sweeps queue each other until the outbox is empty."""
    aantal = 2 * 200 + 50
    berichten = BerichtFactory.create_batch(
        aantal, versturen_na=timezone.now() - timedelta(hours=1)
    )
    rondes: list[int] = []
    klaar = threading.Event()

    def na_de_taak(sender=None, retval=None, **kwargs):
        if getattr(sender, "name", None) == tasks.openstaande_berichten_versturen.name:
            rondes.append(retval)
            if retval == 50:  # the last one: it found fewer than its limit and queued nothing
                klaar.set()

    task_postrun.connect(na_de_taak, weak=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"
        ):
            tasks.openstaande_berichten_versturen.delay()
            deadline = time.monotonic() + 120
            while Bericht.objects.filter(status=Bericht.Status.WACHTEND).exists():
                assert time.monotonic() < deadline, (
                    f"na {len(rondes)} ronde(s) nog "
                    f"{Bericht.objects.filter(status='wachtend').count()} wachtend: de ronde zet "
                    "zichzelf niet opnieuw in de wachtrij"
                )
                time.sleep(0.1)
            assert klaar.wait(timeout=30)
    finally:
        task_postrun.disconnect(na_de_taak)

    assert rondes == [200, 200, 50]
    per_id = smtp_server.postbus.per_message_id()
    assert set(per_id) == {bericht_message_id(b) for b in berichten}
    assert set(per_id.values()) == {1}, "elk bericht precies een keer"
    assert _rondes_in_de_wachtrij() == 0, "de laatste ronde zette niets meer in de wachtrij"


@pytest.mark.django_db
def test_een_ronde_aan_haar_grens_zet_precies_een_volgende_in_de_wachtrij(lege_wachtrij):
    BerichtFactory.create_batch(12)
    assert openstaande_berichten_versturen(max_aantal=5, doorgaan=True) == 5
    assert _rondes_in_de_wachtrij() == 1
    assert openstaande_berichten_versturen(max_aantal=5, doorgaan=True) == 5
    assert _rondes_in_de_wachtrij() == 2  # one per sweep, never more
    # The last two fit: the sweep found nothing more and queues nothing.
    assert openstaande_berichten_versturen(max_aantal=5, doorgaan=True) == 2
    assert _rondes_in_de_wachtrij() == 2


@pytest.mark.django_db
def test_geen_volgende_ronde_als_er_niets_meer_te_doen_is(lege_wachtrij):
    BerichtFactory.create_batch(5)
    BerichtFactory(versturen_na=timezone.now() + timedelta(hours=1))  # not due yet
    # Exactly at its limit, but what is left is for later.
    assert openstaande_berichten_versturen(max_aantal=5, doorgaan=True) == 5
    assert _rondes_in_de_wachtrij() == 0


@pytest.mark.django_db
def test_zonder_doorgaan_zet_de_ronde_niets_in_de_wachtrij(lege_wachtrij):
    BerichtFactory.create_batch(3)
    assert openstaande_berichten_versturen(max_aantal=1) == 1
    assert _rondes_in_de_wachtrij() == 0


@pytest.mark.django_db
def test_een_ronde_die_haar_tijd_op_heeft_gaat_ook_meteen_verder(lege_wachtrij, monkeypatch):
    monkeypatch.setattr(services, "SWEEP_MAX_DUUR", timedelta(0))
    BerichtFactory.create_batch(2)
    assert openstaande_berichten_versturen(doorgaan=True) == 0
    assert _rondes_in_de_wachtrij() == 1


@pytest.mark.django_db
def test_zonder_broker_alleen_een_waarschuwing(monkeypatch, caplog):
    def broker_weg(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.openstaande_berichten_versturen, "delay", broker_weg)
    BerichtFactory.create_batch(3)
    with caplog.at_level(logging.WARNING, logger="berichten.services"):
        assert openstaande_berichten_versturen(max_aantal=2, doorgaan=True) == 2
    assert "berichtenronde niet in de wachtrij gezet" in caplog.text
    assert Bericht.objects.filter(status=Bericht.Status.WACHTEND).count() == 1

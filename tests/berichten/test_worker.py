"""A real Celery worker (in this process, so the locmem outbox is shared) sends the message that
was queued when the caller's transaction committed."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction
from django.utils import timezone

from berichten.models import Bericht
from berichten.services import bericht_klaarzetten
from config.celery import app


def _wacht_tot(voorwaarde, seconden=30):
    deadline = timezone.now() + timedelta(seconds=seconden)
    while not voorwaarde():
        assert timezone.now() < deadline, f"de worker deed het niet binnen {seconden} s"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_echte_worker_verstuurt_het_bericht_na_de_commit():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            bericht = bericht_klaarzetten(
                aan="marieke@voorbeeld.nl",
                onderwerp="Herinnering netwerkoverleg",
                tekst="Tot donderdag.",
                soort="bijeenkomsten.herinnering",
            )
        _wacht_tot(
            lambda: Bericht.objects.filter(pk=bericht.pk, status=Bericht.Status.VERSTUURD).exists()
        )
    assert [m.to for m in mail.outbox] == [["marieke@voorbeeld.nl"]]


@pytest.mark.django_db(transaction=True)
def test_echte_worker_voert_de_ronde_uit():
    from berichten.tasks import openstaande_berichten_versturen

    from .factories import BerichtFactory

    berichten = BerichtFactory.create_batch(2)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        openstaande_berichten_versturen.delay()
        _wacht_tot(lambda: not Bericht.objects.filter(status=Bericht.Status.WACHTEND).exists())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.aan for b in berichten)


def test_beat_noemt_de_ronde_en_de_taak_bestaat():
    app.loader.import_default_modules()
    taken = {regel["task"] for regel in app.conf.beat_schedule.values()}
    assert "berichten.tasks.openstaande_berichten_versturen" in taken
    assert "berichten.tasks.openstaande_berichten_versturen" in app.tasks
    assert "berichten.tasks.bericht_versturen" in app.tasks

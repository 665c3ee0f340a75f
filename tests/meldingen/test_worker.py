"""The daily overview through a real Celery worker, from the beat task to the SMTP server."""

import time as klok
from datetime import datetime, time, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from berichten.models import Bericht
from config.celery import app
from meldingen.models import Meldingsinstellingen
from meldingen.tasks import overzichten_versturen
from tests.factories import SignaalFactory, UserFactory


def _wacht_tot(voorwaarde, seconden=30):
    deadline = klok.monotonic() + seconden
    while not voorwaarde():
        assert klok.monotonic() < deadline, f"de worker deed het niet binnen {seconden} s"
        klok.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_de_beattaak_verstuurt_het_overzicht_via_een_echte_worker(smtp_server):
    regisseur = UserFactory(regisseur=True, email="regie@delft.nl")
    Meldingsinstellingen.objects.create(
        gebruiker=regisseur, overzicht_om=time(7), vorig_overzicht_op=timezone.now()
    )
    melder = UserFactory(professional=True)
    SignaalFactory(melder=melder, urgentie="laag")
    SignaalFactory(melder=melder, urgentie="normaal")
    morgen = timezone.localdate() + timedelta(days=1)
    om_zeven = timezone.make_aware(datetime.combine(morgen, time(7, 10)))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        overzichten_versturen.delay(om_zeven.isoformat())
        overzichten_versturen.delay(om_zeven.isoformat())  # a retried beat: still one
        _wacht_tot(lambda: len(smtp_server.postbus.berichten) >= 1)
        klok.sleep(1)
    (mail,) = smtp_server.postbus.berichten
    assert mail["To"] == "regie@delft.nl"
    assert mail["Subject"] == "Dagelijks overzicht: 2 nieuwe signalen"
    assert Bericht.objects.get(soort="meldingen.overzicht").status == Bericht.Status.VERSTUURD


def test_beat_kent_de_taak():
    app.loader.import_default_modules()
    taken = {regel["task"] for regel in app.conf.beat_schedule.values()}
    assert "meldingen.tasks.overzichten_versturen" in taken
    assert "meldingen.tasks.overzichten_versturen" in app.tasks

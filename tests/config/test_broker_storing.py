"""Issue 14.9: a frozen broker does not hang the request that queues a message.

The outbox row is written with the change; after the commit the message is handed to Celery.
Here the broker is a Redis server of the test's own (tests/eigen_redis.py), frozen with SIGSTOP:
a professional signs up for a training through the real view and gets the normal success page,
the enrolment and the waiting outbox row exist, and once Redis runs again the sweep sends the
message to a real SMTP server. A real worker that waits longer than the socket timeout for work
still picks it up (a guard: kombu's event loop reads the BRPOP reply without a socket timeout,
and the server answers BRPOP within a second).
"""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berichten.models import Bericht
from berichten.services import bericht_klaarzetten, openstaande_berichten_versturen
from config.celery import app
from tests.berichten.conftest import smtp_server  # noqa: F401 - the fixture
from tests.eigen_redis import EigenRedis
from tests.factories import editie, professional_met_persoon
from trainingen.models import Inschrijving, InschrijvingStatus

pytestmark = [
    pytest.mark.skipif(not EigenRedis.beschikbaar(), reason="redis-server ontbreekt"),
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis"),
        reason="de broker van deze testrun is geen Redis (REDIS_URL ontbreekt)",
    ),
]

# Only to fail instead of hanging the suite when a request hangs; nothing is timed.
GEEN_HANGEN = 60


def _pools_vergeten():
    """The app opens new broker connections at the next publish, to ``broker_url``."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def eigen_broker(tmp_path):
    """The Celery app publishes to a Redis server of this test's own (production settings:
    transport options and retry policy from config/settings.py)."""
    server = EigenRedis(tmp_path / "broker").starten()
    vorige = app.conf.broker_url
    app.conf.broker_url = server.url()
    _pools_vergeten()
    try:
        yield server
    finally:
        server.ontdooien()
        app.pool.force_close_all()
        app.conf.broker_url = vorige
        _pools_vergeten()
        server.opruimen()


@pytest.mark.django_db(transaction=True)
def test_inschrijven_terwijl_de_broker_bevroren_is(eigen_broker, smtp_server):  # noqa: F811
    user, persoon = professional_met_persoon(voornaam="Fatima", achternaam="El Idrissi")
    training = editie(dagen=2, capaciteit=10)
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    url = reverse("trainingen:editie", args=[training.pk])
    draad = ThreadPoolExecutor(max_workers=1)

    def in_draad(functie, *args, **kwargs):
        return draad.submit(functie, *args, **kwargs).result(timeout=GEEN_HANGEN)

    try:
        # The web process has its connection to the broker open, as after earlier requests.
        in_draad(app.send_task, "berichten.tasks.openstaande_berichten_versturen")
        eigen_broker.bevriezen()

        antwoord = in_draad(client.post, url, {"actie": "inschrijven"})
        assert antwoord.status_code == 302
        assert antwoord["Location"] == url
        pagina = in_draad(client.get, url)
        assert "U bent ingeschreven." in pagina.content.decode()

        inschrijving = Inschrijving.objects.get(editie=training, persoon=persoon)
        assert inschrijving.status == InschrijvingStatus.INGESCHREVEN
        bericht = Bericht.objects.get(soort="trainingen.ingeschreven", aan=persoon.email)
        assert bericht.status == Bericht.Status.WACHTEND
        assert smtp_server.postbus.berichten == []

        # The broker runs again: the sweep sends the row (no worker in this test).
        eigen_broker.ontdooien()
        assert openstaande_berichten_versturen() == 1
    finally:
        eigen_broker.ontdooien()
        draad.submit(connections.close_all).result(timeout=GEEN_HANGEN)
        draad.shutdown()

    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERSTUURD
    (verstuurd,) = smtp_server.postbus.berichten
    assert verstuurd["To"] == persoon.email
    assert training.naam in verstuurd["Subject"]


@pytest.mark.django_db(transaction=True)
def test_een_wachtende_worker_pakt_daarna_nog_berichten_op():
    """Idle for longer than the broker's socket timeout, the worker still receives a task."""
    from django.core import mail

    socket_timeout = app.conf.broker_transport_options["socket_timeout"]
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        time.sleep(socket_timeout + 1.5)
        with transaction.atomic():
            bericht = bericht_klaarzetten(
                aan="ahmed@voorbeeld.nl", onderwerp="Terugkomdag", tekst="Tot dinsdag."
            )
        deadline = timezone.now() + timedelta(seconds=30)
        while not Bericht.objects.filter(pk=bericht.pk, status=Bericht.Status.VERSTUURD).exists():
            assert timezone.now() < deadline, "de worker pakte het bericht niet op"
            time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [["ahmed@voorbeeld.nl"]]

"""Celery: the app is configured from settings and a real worker runs the periodic jobs."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import verlopen_sessies_opruimen
from config.celery import app


def test_beat_schema_noemt_alleen_bestaande_taken():
    app.loader.import_default_modules()
    assert app.conf.beat_schedule
    for naam, regel in app.conf.beat_schedule.items():
        assert regel["task"] in app.tasks, naam


def test_taken_zijn_veilig_ingesteld():
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit


@pytest.mark.django_db(transaction=True)
def test_echte_worker_ruimt_verlopen_sessies_op():
    verlopen = SessionStore()
    verlopen["x"] = 1
    verlopen.create()
    levend = SessionStore()
    levend["y"] = 2
    levend.create()
    Session.objects.filter(pk=verlopen.session_key).update(
        expire_date=timezone.now() - timedelta(hours=1)
    )

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        verlopen_sessies_opruimen.delay()
        deadline = timezone.now() + timedelta(seconds=30)
        while Session.objects.filter(pk=verlopen.session_key).exists():
            assert timezone.now() < deadline, "de worker heeft de taak niet binnen 30 s uitgevoerd"
            import time

            time.sleep(0.2)
    assert Session.objects.filter(pk=levend.session_key).exists()

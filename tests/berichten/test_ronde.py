"""The sweep's round trips (issue 16): one narrow query for the due ids, then per batch one
locking SELECT by primary key and one UPDATE; the condition is checked on the locked row."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from berichten import services
from berichten.models import Bericht
from berichten.services import BATCH_GROOTTE, openstaande_berichten_versturen

from .factories import BerichtFactory

pytestmark = pytest.mark.django_db


def _sql(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_vaste_rondgangen_per_batch():
    BerichtFactory.create_batch(2 * BATCH_GROOTTE + 1)
    with CaptureQueriesContext(connection) as queries:
        assert openstaande_berichten_versturen() == 2 * BATCH_GROOTTE + 1
    sql = _sql(queries)
    vergrendeld = [q for q in sql if "FOR UPDATE SKIP LOCKED" in q]
    bijgewerkt = [q for q in sql if q.startswith("UPDATE")]
    assert len(vergrendeld) == 3, sql  # one per batch
    assert len(bijgewerkt) == 3, sql  # the batch marked sent at once, no save() per message
    for q in vergrendeld:
        # By primary key alone: no plan over the partial index of every waiting row.
        where = q.split("WHERE", 1)[1]
        assert '"berichten_bericht"."id" IN' in where
        assert "status" not in where and "versturen_na" not in where.split("ORDER BY")[0]
    # The ids, the three batches (SELECT + UPDATE each), nothing per message.
    assert len(sql) == 1 + 3 * 2, sql


def test_een_rij_die_intussen_verstuurd_of_uitgesteld_is_blijft_liggen(monkeypatch):
    """Between the sweep's list of ids and its lock another worker sent one row and moved
    another back (a failed attempt): the locked rows are checked again, those two are left
    alone."""
    verstuurd_elders, uitgesteld, gewoon = BerichtFactory.create_batch(3)
    later = timezone.now() + timedelta(minutes=5)
    echt = services._batch_vastpakken

    def intussen(pks, tot):
        Bericht.objects.filter(pk=verstuurd_elders.pk).update(
            status=Bericht.Status.VERSTUURD, verstuurd_op=timezone.now()
        )
        Bericht.objects.filter(pk=uitgesteld.pk).update(pogingen=1, versturen_na=later)
        return echt(pks, tot)

    monkeypatch.setattr(services, "_batch_vastpakken", intussen)
    assert openstaande_berichten_versturen() == 1
    assert [m.to for m in mail.outbox] == [[gewoon.aan]]
    uitgesteld.refresh_from_db()
    assert (uitgesteld.status, uitgesteld.pogingen, uitgesteld.versturen_na) == (
        Bericht.Status.WACHTEND,
        1,
        later,
    )


def test_een_logregel_per_batch_met_id_en_soort(caplog):
    berichten = BerichtFactory.create_batch(3, soort="signalen.aanvulling_gevraagd")
    with caplog.at_level(logging.INFO, logger="berichten.services"):
        assert openstaande_berichten_versturen() == 3
    regels = [r.getMessage() for r in caplog.records if "verstuurd:" in r.getMessage()]
    assert len(regels) == 1
    for bericht in berichten:
        assert f"{bericht.pk} (soort=signalen.aanvulling_gevraagd)" in regels[0]
        assert bericht.aan not in caplog.text, "geen adressen in de logs"

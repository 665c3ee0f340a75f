"""Celery tasks of the outbox; the work itself is in ``berichten.services``.

``bericht_versturen`` is queued after the commit that created a message; the sweep runs every
minute from Celery beat (``CELERY_BEAT_SCHEDULE``) and sends whatever is due. Both are safe to run
twice or side by side: a message is only ever taken from the ``wachtend`` state under a row lock.
"""

from celery import shared_task

from regio.scope import alle_gemeenten

from . import bewaren, services

# The outbox serves every gemeente: its machinery works region-wide (docs/regio.md).


@shared_task(acks_late=True)
def bericht_versturen(pk):
    with alle_gemeenten():
        return services.bericht_versturen(pk)


# A sweep that stops at its limit while due rows remain queues one next sweep at once
# (``doorgaan``), so a backlog drains at full speed. A sweep that waited longer than two rounds in
# the queue (a worker was down, or busy with other sweeps) is dropped: the next one does the same
# work, so a backlog of sweeps never builds up, and neither do chains of sweeps queueing the next.
@shared_task(acks_late=True, expires=120)
def openstaande_berichten_versturen():
    with alle_gemeenten():
        return services.openstaande_berichten_versturen(doorgaan=True)


@shared_task
def oude_berichten_opruimen():
    """Daily: sent and missed messages are kept for BERICHTEN_BEWAREN_DAGEN days, then deleted."""
    with alle_gemeenten():
        return bewaren.oude_berichten_opruimen()

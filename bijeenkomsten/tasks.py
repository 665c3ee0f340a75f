from celery import shared_task

from regio.scope import per_gemeente

from . import services


@shared_task
def reeksen_bijplannen():
    """Daily: keep the next meetings of every active series created ahead."""
    return per_gemeente(services.alle_reeksen_bijplannen)


@shared_task
def uitnodigingen_en_herinneringen():
    """Every quarter of an hour: invitations 14 days ahead, reminders 2 days ahead (settings).
    Each message has a unique outbox key, so a retry or an overlapping run queues nothing twice."""
    return per_gemeente(
        lambda: {
            "uitnodigingen": services.uitnodigingen_van_de_komende_dagen(),
            "herinneringen": services.herinneringen_versturen(),
        }
    )

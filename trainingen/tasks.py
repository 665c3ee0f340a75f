from celery import shared_task

from regio.scope import per_gemeente

from . import services


@shared_task
def terugkomdagen():
    """Daily: make the coming terugkomdagen (twice a year) and, six weeks ahead, invite everyone
    who completed the basic training. Safe to repeat: the month and the person per edition are
    unique, and so is each message's outbox key."""
    return per_gemeente(
        lambda: {
            "gepland": len(services.terugkomdagen_plannen()),
            "uitgenodigd": services.terugkomdagen_uitnodigen(),
        }
    )

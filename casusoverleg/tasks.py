from celery import shared_task

from regio.scope import per_gemeente

from . import services


@shared_task
def acties_herinneren():
    """Daily: the owners of an action from a case meeting that is due get one reminder (no
    content, a link to the meeting's page), in every gemeente."""
    return per_gemeente(services.acties_herinneren)

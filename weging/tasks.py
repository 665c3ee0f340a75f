from celery import shared_task

from regio.scope import per_gemeente

from . import services


@shared_task
def herzieningen_herinneren():
    """Daily: the regisseurs hear of each monitored signal whose review date came, once per
    review date (no content, a link), in every gemeente."""
    return per_gemeente(services.herzieningen_herinneren)

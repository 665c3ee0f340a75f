from celery import shared_task

from regio.scope import per_gemeente

from . import services


@shared_task
def verlopen_signalen_anonimiseren():
    """Daily: anonymise closed signals past the retention period (safe to run twice)."""
    return per_gemeente(services.verlopen_signalen_anonimiseren)


@shared_task
def delingen_herzien():
    """Daily, just after midnight: end sharing whose convenant no longer covers it (end dates
    that passed), and remove any permission without an active Deling. A safety net: the
    partner pages already check coverage on every request."""
    from .delen import delingen_herzien as herzien

    return per_gemeente(herzien)

from celery import shared_task

from . import services


@shared_task
def verlopen_signalen_anonimiseren():
    """Daily: anonymise closed signals past the retention period (safe to run twice)."""
    return services.verlopen_signalen_anonimiseren()

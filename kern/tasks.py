from celery import shared_task

from . import eenmalig


@shared_task
def eenmalige_inzendingen_opruimen():
    """Daily: one-time form claims are kept a week (kern.eenmalig.BEWAREN)."""
    return eenmalig.opruimen()

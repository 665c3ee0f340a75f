from celery import shared_task

from . import services


@shared_task(acks_late=True)
def verlopen_sessies_opruimen():
    services.verlopen_sessies_opruimen()

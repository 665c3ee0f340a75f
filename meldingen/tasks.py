from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import services


@shared_task(acks_late=True, ignore_result=True)
def overzichten_versturen(nu: str | None = None) -> int:
    """Beat, every quarter of an hour: the daily overviews that are due (idempotent). ``nu``
    (ISO 8601) is for tests and a catch-up by hand; beat passes nothing."""
    return services.overzichten_versturen(parse_datetime(nu) if nu else None)

from celery import shared_task
from django.utils.dateparse import parse_datetime

from regio.scope import per_gemeente

from . import services


@shared_task(acks_late=True, ignore_result=True)
def overzichten_versturen(nu: str | None = None) -> int:
    """Beat, every quarter of an hour: the daily overviews that are due (idempotent). ``nu``
    (ISO 8601) is for tests and a catch-up by hand; beat passes nothing."""
    moment = parse_datetime(nu) if nu else None
    return sum(per_gemeente(lambda: services.overzichten_versturen(moment)).values())

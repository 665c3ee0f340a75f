"""Celery tasks of the registry; the work itself is in ``netwerk.resources.achtergrond``."""

from celery import shared_task

from regio.scope import gemeente_actief

from .resources import achtergrond


# The preview, or the confirmed import, of a large spreadsheet. Stateless and safe to run
# twice (see achtergrond). A file of 5,000 rows (the most an import takes) may take minutes on
# a busy machine: longer limits than the project's default.
@shared_task(acks_late=True, ignore_result=True, soft_time_limit=600, time_limit=660)
def import_uitvoeren(taak: str, poging: str, gemeente: int):
    # In the gemeente of the person who started it; the job's state is kept under it too.
    with gemeente_actief(gemeente):
        achtergrond.taak_uitvoeren(taak, poging)

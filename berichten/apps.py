from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = _("Berichten (e-mail)")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "dashboard": ["berichten.dashboard.panelen"],
        "taken": {
            # The outbox: a safety net for messages whose immediate send failed or was never
            # queued, and the drain of a backlog.
            "openstaande-berichten-versturen": {
                "task": "berichten.tasks.openstaande_berichten_versturen",
                "schedule": 60.0,
            },
            "oude-berichten-opruimen": {
                "task": "berichten.tasks.oude_berichten_opruimen",
                "schedule": crontab(minute=47, hour=2),
            },
        },
    }

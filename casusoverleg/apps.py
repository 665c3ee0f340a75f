from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasusoverlegConfig(AppConfig):
    """The case meeting with the convenant partners: an agenda of signals, decisions, actions
    and minutes (issue 20)."""

    name = "casusoverleg"
    verbose_name = _("Casusoverleg")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        # After the signals (20) and the meetings (30): some signals are discussed in the demo.
        "demo": [("casusoverleg.demo.demo_data_aanmaken", 35)],
        "signaalmodules": [("casusoverleg.modules.signaalmodule", 20)],
        "taken": {
            "casusoverleg-acties-herinneren": {
                "task": "casusoverleg.tasks.acties_herinneren",
                "schedule": crontab(minute=15, hour=7),
            },
        },
    }

    def ready(self):
        from signalen import events

        from . import abonnementen

        # What the meetings kept of a signal goes when it is anonymised (docs/architecture.md).
        events.signaal_wordt_geanonimiseerd.abonneren(abonnementen.signaal_wordt_geanonimiseerd)

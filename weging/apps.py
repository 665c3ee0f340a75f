from celery.schedules import crontab
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WegingConfig(AppConfig):
    """The structured, joint and explainable weging of a signal: a configurable wegingskader,
    versions with four eyes, review reminders and a consistency report (issue 20)."""

    name = "weging"
    verbose_name = _("Weging")
    # What this app adds to the whole (kern.bijdragen). Before the casusoverleg (20) on a
    # signal's page: the weging comes first in the case flow.
    bijdragen = {
        # After the signals (20): some of them are weighed / discussed in the demo.
        "demo": [("weging.demo.demo_data_aanmaken", 25)],
        "signaalmodules": [("weging.modules.module", 10)],
        "dashboard": ["weging.dashboard.panelen"],
        "taken": {
            "weging-herzieningen-herinneren": {
                "task": "weging.tasks.herzieningen_herinneren",
                "schedule": crontab(minute=30, hour=7),
            },
        },
    }

    def ready(self):
        from regio import events as regio_events
        from signalen import events as signalen_events

        from . import abonnementen, startkader

        post_migrate.connect(startkader.na_migratie, sender=self, dispatch_uid="weging.kader")

        # A new gemeente starts with the demo kader (docs/architecture.md, "Domain events").
        regio_events.gemeente_aangemaakt.abonneren(abonnementen.gemeente_aangemaakt)
        # What a weging holds of a signal goes when the signal is anonymised.
        signalen_events.signaal_wordt_geanonimiseerd.abonneren(
            abonnementen.signaal_wordt_geanonimiseerd
        )

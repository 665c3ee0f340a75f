from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingenConfig(AppConfig):
    """Training kinds and editions, enrolment, terugkomdagen."""

    name = "trainingen"
    verbose_name = _("Trainingen")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "dashboard": ["trainingen.dashboard.panelen", "trainingen.grafieken.panelen"],
        "jaarcijfers": [("trainingen.jaarcijfers.jaarcijfers", 20)],
        "demo": [("trainingen.demo.demo_data_aanmaken", 40)],
        # After the demo region's gemeenten exist (config, 10).
        "demoregio": [("trainingen.demo.demo_regio", 20)],
        "taken": {
            "terugkomdagen": {
                "task": "trainingen.tasks.terugkomdagen",
                "schedule": crontab(minute=25, hour=1),
            },
        },
    }

    def ready(self):
        from netwerk import events

        from . import abonnementen

        # Anonymisation closes enrolment links (docs/architecture.md, "Domain events").
        events.persoon_geanonimiseerd.abonneren(abonnementen.persoon_geanonimiseerd)

        # A new gemeente starts with the kinds of training.
        from regio import events as regio_events

        regio_events.gemeente_aangemaakt.abonneren(abonnementen.gemeente_aangemaakt)

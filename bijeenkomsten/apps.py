from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BijeenkomstenConfig(AppConfig):
    """Series, meetings, invitations and RSVP."""

    name = "bijeenkomsten"
    verbose_name = _("Bijeenkomsten")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "dashboard": ["bijeenkomsten.dashboard.panelen"],
        "jaarcijfers": [("bijeenkomsten.jaarcijfers.jaarcijfers", 30)],
        "regiocijfers": ["bijeenkomsten.jaarcijfers.regiocijfers"],
        "demo": [("bijeenkomsten.demo.demo_data_aanmaken", 30)],
        "demoregio": ["bijeenkomsten.programmaraad.demo_regio"],
        "taken": {
            "reeksen-bijplannen": {
                "task": "bijeenkomsten.tasks.reeksen_bijplannen",
                "schedule": crontab(minute=15, hour=1),
            },
            "uitnodigingen-en-herinneringen": {
                "task": "bijeenkomsten.tasks.uitnodigingen_en_herinneringen",
                "schedule": crontab(minute="*/15"),
            },
        },
    }

    def ready(self):
        from netwerk import events

        from . import abonnementen

        # Anonymisation closes invitation links (docs/architecture.md, "Domain events").
        events.persoon_wordt_geanonimiseerd.abonneren(abonnementen.persoon_wordt_geanonimiseerd)

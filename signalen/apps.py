from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    """Signals, the case flow, links between signals, sharing under a convenant."""

    name = "signalen"
    verbose_name = _("Signalen")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "dashboard": ["signalen.dashboard.panelen", "signalen.grafieken.panelen"],
        "jaarcijfers": [("signalen.jaarcijfers.jaarcijfers", 10)],
        "regiocijfers": ["signalen.jaarcijfers.regiocijfers"],
        "regiotrends": ["signalen.regiotrends.regiotrends"],
        "demo": [("signalen.demo.demo_data_aanmaken", 20)],
        "taken": {
            "delingen-herzien": {
                "task": "signalen.tasks.delingen_herzien",
                "schedule": crontab(minute=5, hour=0),
            },
            "verlopen-signalen-anonimiseren": {
                "task": "signalen.tasks.verlopen_signalen_anonimiseren",
                "schedule": crontab(minute=37, hour=2),
            },
        },
    }

    def ready(self):
        from netwerk import convenanten, events

        from . import abonnementen, receivers  # noqa: F401  (receivers: a concept left behind)

        # Sharing follows netwerk's changes (docs/architecture.md, "Domain events").
        events.convenant_wordt_gewijzigd.abonneren(abonnementen.convenant_wordt_gewijzigd)
        events.convenant_gewijzigd.abonneren(abonnementen.convenant_gewijzigd)
        events.organisatie_gewijzigd.abonneren(abonnementen.organisatie_gewijzigd)
        convenanten.registerkolom_toevoegen(abonnementen.ACTIEVE_DELINGEN)

        # A new gemeente starts with the texts per phase.
        from regio import events as regio_events

        regio_events.gemeente_aangemaakt.abonneren(abonnementen.gemeente_aangemaakt)

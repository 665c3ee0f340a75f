from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldingenConfig(AppConfig):
    """Notifications by e-mail: the regisseur of new signals (at once or in a daily overview),
    a partner of a new share, a reporter of progress. Every one through the outbox, none with
    anything of a signal's content (docs/meldingen.md)."""

    name = "meldingen"
    verbose_name = _("Meldingen per e-mail")
    bijdragen = {
        "taken": {
            # Each regisseur's daily overview goes out at the time of their choosing; this
            # looks every quarter of an hour who is due.
            "dagelijkse-overzichten": {
                "task": "meldingen.tasks.overzichten_versturen",
                "schedule": 15 * 60.0,
            },
        },
    }

    def ready(self):
        from signalen import events

        from . import abonnementen

        # docs/architecture.md, "Domain events"
        events.signaal_ingediend.abonneren(abonnementen.signaal_ingediend)
        events.signaal_verplaatst.abonneren(abonnementen.signaal_verplaatst)
        events.signaal_gedeeld.abonneren(abonnementen.signaal_gedeeld)
        events.deling_ingetrokken.abonneren(abonnementen.deling_ingetrokken)
        events.signaal_wordt_geanonimiseerd.abonneren(abonnementen.signaal_wordt_geanonimiseerd)

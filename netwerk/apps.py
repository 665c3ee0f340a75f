from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkConfig(AppConfig):
    """Organisations, locations, wijken, persons and their roles, networks, werkgroepen."""

    name = "netwerk"
    verbose_name = _("Netwerk")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "dashboard": ["netwerk.dashboard.panelen", "netwerk.grafieken.panelen"],
        "jaarcijfers": [("netwerk.jaarcijfers.jaarcijfers", 40)],
        "regiocijfers": ["netwerk.jaarcijfers.regiocijfers"],
        "demo": [("netwerk.demo.demo_data_aanmaken", 10)],
        "beheerpaginas": ["netwerk.netwerkbeeld.urlpatterns"],
    }

    def ready(self):
        from accounts import events

        from . import abonnementen

        # Organisation membership follows the account (docs/architecture.md, "Domain events").
        events.account_gedeactiveerd.abonneren(abonnementen.account_gedeactiveerd)
        events.rol_gewijzigd.abonneren(abonnementen.rol_gewijzigd)

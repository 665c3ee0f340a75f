from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkConfig(AppConfig):
    """Organisations, locations, wijken, persons and their roles, networks, werkgroepen."""

    name = "netwerk"
    verbose_name = _("Netwerk")

    def ready(self):
        from . import receivers  # noqa: F401  (organisation membership follows the account)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BijeenkomstenConfig(AppConfig):
    """Series, meetings, invitations and RSVP."""

    name = "bijeenkomsten"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        from . import receivers  # noqa: F401  (anonymisation closes invitation links)

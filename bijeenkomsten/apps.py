from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BijeenkomstenConfig(AppConfig):
    """Series, meetings, invitations and RSVP, the e-mail outbox."""

    name = "bijeenkomsten"
    verbose_name = _("Bijeenkomsten")

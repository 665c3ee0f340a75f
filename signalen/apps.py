from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    """Signals, the case flow, links between signals, sharing under a convenant."""

    name = "signalen"
    verbose_name = _("Signalen")

    def ready(self):
        from . import receivers  # noqa: F401

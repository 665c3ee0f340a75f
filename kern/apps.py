from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernConfig(AppConfig):
    """The small shared core every app may use; it imports no app of the project."""

    name = "kern"
    verbose_name = _("Kern")

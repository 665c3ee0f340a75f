from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingenConfig(AppConfig):
    """Training kinds and editions, enrolment, terugkomdagen."""

    name = "trainingen"
    verbose_name = _("Trainingen")

    def ready(self):
        from . import receivers  # noqa: F401  (anonymisation closes enrolment links)

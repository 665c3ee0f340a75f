from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernConfig(AppConfig):
    """The small shared core every app may use; it imports no app of the project."""

    name = "kern"
    verbose_name = _("Kern")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "taken": {
            "eenmalige-inzendingen-opruimen": {
                "task": "kern.tasks.eenmalige_inzendingen_opruimen",
                "schedule": crontab(minute=53, hour=2),
            },
        },
    }

    def ready(self):
        from . import bijdragen  # noqa: F401  (its system check: every contribution exists)

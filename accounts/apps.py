from celery.schedules import crontab
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rollen_aanwezig(sender, using="default", **kwargs):
    """The role groups come from migration 0002_rollen; this puts them back after a flush."""
    from django.contrib.auth.models import Group

    from .rollen import ROLLEN

    for naam in ROLLEN:
        Group.objects.using(using).get_or_create(name=naam)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts en rollen")
    # What this app adds to the whole (kern.bijdragen).
    bijdragen = {
        "dashboard": ["accounts.dashboard.panelen"],
        "taken": {
            "verlopen-sessies-opruimen": {
                "task": "accounts.tasks.verlopen_sessies_opruimen",
                "schedule": crontab(minute=17, hour=3),
            },
        },
    }

    def ready(self):
        from . import receivers  # noqa: F401  (connects allauth's MFA signals)

        post_migrate.connect(_rollen_aanwezig, sender=self, dispatch_uid="accounts.rollen")

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
        from berichten.opmaak import opmaker_registreren

        from . import adapter, receivers, services  # noqa: F401  (receivers: allauth's MFA signals)

        # Mails with a password or confirmation link: the outbox row holds none, the link is
        # made when the mail goes out (berichten.opmaak, docs/berichten.md).
        opmaker_registreren(services.SOORT_WELKOM, services.welkomstmail_opmaken)
        opmaker_registreren(adapter.SOORT_WACHTWOORD, adapter.allauthmail_opmaken)
        opmaker_registreren(adapter.SOORT_BEVESTIGEN, adapter.allauthmail_opmaken)

        post_migrate.connect(_rollen_aanwezig, sender=self, dispatch_uid="accounts.rollen")

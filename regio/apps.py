from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _eerste_gemeente_aanwezig(sender, using="default", **kwargs):
    """The installation's first gemeente comes from migration 0001; this puts it back after a
    flush (a test database, ``manage.py flush``)."""
    from .models import EERSTE_GEMEENTE, Gemeente

    if not Gemeente.objects.using(using).filter(pk=EERSTE_GEMEENTE).exists():
        from django.conf import settings

        Gemeente.objects.using(using).create(pk=EERSTE_GEMEENTE, naam=settings.GEMEENTE_NAAM)
        volgnummers_bijwerken(using)


def volgnummers_bijwerken(using="default"):
    """After a row with an explicit key: the next gemeente gets the next free number."""
    from django.core.management.color import no_style
    from django.db import connections

    from .models import Gemeente

    verbinding = connections[using]
    with verbinding.cursor() as cursor:
        for sql in verbinding.ops.sequence_reset_sql(no_style(), [Gemeente]):
            cursor.execute(sql)


class RegioConfig(AppConfig):
    name = "regio"
    verbose_name = _("Regio en gemeenten")

    def ready(self):
        from . import database  # noqa: F401  (the second wall: the gemeente on each connection)

        post_migrate.connect(_eerste_gemeente_aanwezig, sender=self, dispatch_uid="regio.eerste")

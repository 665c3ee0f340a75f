"""Adding a gemeente to the installation (docs/regio.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import events
from .models import Gemeente
from .scope import alle_gemeenten, gemeente_actief


def gemeente_toevoegen(naam: str) -> Gemeente:
    """A new, empty gemeente with what every gemeente starts with (the texts per phase, the
    kinds of training: each app's subscriber to ``gemeente_aangemaakt``)."""
    naam = " ".join((naam or "").split())
    if not naam:
        raise ValidationError({"naam": _("Geef de naam van de gemeente.")})
    with alle_gemeenten(), transaction.atomic():
        if Gemeente.objects.filter(naam__iexact=naam).exists():
            raise ValidationError({"naam": _("Er is al een gemeente met deze naam.")})
        gemeente = Gemeente.objects.create(naam=naam)
        with gemeente_actief(gemeente.pk):
            events.gemeente_aangemaakt.sturen(gemeente_id=gemeente.pk)
    return gemeente


def instellingen_wijzigen(
    *, gemeente: Gemeente, doet_mee: bool, inwoners: int | None = None
) -> Gemeente:
    """The gemeente's own settings: whether it takes part in the region's "hit, no content"
    notices (signalen.overeenkomsten) and its number of inhabitants (to compare per 10,000 with
    the region). The change log records both, with who did it (the request's actor,
    kern.clientadres)."""
    gemeente.doet_mee_aan_overeenkomsten = doet_mee
    gemeente.inwoners = inwoners
    gemeente.save(update_fields=["doet_mee_aan_overeenkomsten", "inwoners"])
    return gemeente

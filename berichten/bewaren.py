"""How long the outbox keeps what, and removal on request.

An address and a subject say who was told what, and an outbox is no archive: what went out (or
was missed or withdrawn) is deleted after ``BERICHTEN_BEWAREN_DAGEN`` days
(``oude_berichten_opruimen``, daily from beat), and a person removed on request leaves nothing
in it that names them (``adres_vergeten``). ``berichten.services`` re-exports both.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Bericht

logger = logging.getLogger(__name__)

# What a sent message to a forgotten address keeps as its address (the field is required).
VERGETEN_ADRES = "verwijderd@verwijderd.invalid"


def oude_berichten_opruimen(nu: datetime | None = None) -> int:
    """Delete sent messages older than ``BERICHTEN_BEWAREN_DAGEN``, missed ones whose moment
    passed that long ago, and withdrawn ones that were due that long ago: an address and a
    subject say who was told what, and an outbox is no archive. Waiting and failed messages
    stay."""
    grens = (nu or timezone.now()) - timedelta(days=settings.BERICHTEN_BEWAREN_DAGEN)
    aantal, _per_model = Bericht.objects.filter(
        Q(status=Bericht.Status.VERSTUURD, verstuurd_op__lt=grens)
        | Q(status=Bericht.Status.GEMIST, verlopen_na__lt=grens)
        | Q(status=Bericht.Status.INGETROKKEN, versturen_na__lt=grens)
    ).delete()
    if aantal:
        logger.info("%d verstuurde, gemiste of ingetrokken berichten opgeruimd", aantal)
    return aantal


@transaction.atomic
def adres_vergeten(*adressen: str) -> int:
    """Removal on request: nothing more goes to these addresses, and the outbox keeps nothing
    that names them. Messages not yet sent are deleted; sent ones keep only that a message went
    out (status, dates, the app), without address, subject or content."""
    adressen = {a.strip().lower() for a in adressen if a and a.strip()}
    if not adressen:
        return 0
    rijen = Bericht.objects.none()
    for adres in adressen:
        rijen |= Bericht.objects.filter(aan__iexact=adres)
    verwijderd, _per_model = rijen.exclude(status=Bericht.Status.VERSTUURD).delete()
    geschoond = rijen.filter(status=Bericht.Status.VERSTUURD).update(
        aan=VERGETEN_ADRES,
        onderwerp="(verwijderd)",
        tekst="",
        html="",
        bijlagen=[],
        laatste_fout="",
        sleutel=None,
        gegevens={},
    )
    return verwijderd + geschoond

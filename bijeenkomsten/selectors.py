"""Reads about meetings that other pages share.

- ``nooit_gekomen``: who was invited to several network meetings in a row, the latest ones
  that took place, and neither answered nor came to any of them: the regisseur's list beside
  "Stil geworden" (a person who is invited but never heard from may have moved, changed jobs
  or lost interest; worth a call).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from netwerk.models import Persoon

from .models import BijeenkomstStatus, Uitnodiging

# Three meetings in a row without a word: at one meeting every six weeks, half a year.
MINSTENS_OP_RIJ = 3
BEGIN_DER_TIJDEN = datetime(1970, 1, 1, tzinfo=UTC)


def nooit_gekomen(*, minstens: int = MINSTENS_OP_RIJ, nu: datetime | None = None) -> QuerySet:
    """Persons (not anonymised) with at least ``minstens`` invitations in a row, to network
    meetings that took place (not cancelled, begun before ``nu``), without an answer and not
    marked present, counted back from the latest. Annotated: ``op_rij`` (how many),
    ``laatste_reactie`` (the begin of the last meeting they answered or came to, or None)
    and ``laatste_uitnodiging``. Most in a row first. One query, whatever the history."""
    nu = nu or timezone.now()
    gehouden = Uitnodiging.objects.filter(
        persoon=OuterRef("pk"),
        verstuurd_op__isnull=False,
        bijeenkomst__netwerk__isnull=False,  # training days have their own enrolment
        bijeenkomst__status=BijeenkomstStatus.GEPLAND,
        bijeenkomst__begin__lt=nu,
    )
    reactie = gehouden.filter(~Q(antwoord="") | Q(aanwezig=True))
    laatste_reactie = reactie.order_by("-bijeenkomst__begin").values("bijeenkomst__begin")[:1]
    sindsdien = (
        gehouden.filter(
            bijeenkomst__begin__gt=Coalesce(
                OuterRef("laatste_reactie"), BEGIN_DER_TIJDEN, output_field=DateTimeField()
            )
        )
        .order_by()
        .values("persoon")
        .annotate(n=Count("pk"))
        .values("n")
    )
    laatste_uitnodiging = gehouden.order_by("-bijeenkomst__begin").values("bijeenkomst__begin")[:1]
    return (
        Persoon.objects.filter(geanonimiseerd_op__isnull=True)
        .annotate(laatste_reactie=Subquery(laatste_reactie, output_field=DateTimeField()))
        .annotate(
            op_rij=Coalesce(Subquery(sindsdien, output_field=IntegerField()), 0),
            laatste_uitnodiging=Subquery(laatste_uitnodiging, output_field=DateTimeField()),
        )
        .filter(op_rij__gte=minstens)
        .order_by("-op_rij", "achternaam", "voornaam", "pk")
    )

"""Convenanten and the organisations behind partner accounts.

- Each organisation has a group of its own (``groep_van``). A partner account belongs to its
  organisation by being a member of that group; nothing else ties them. Leaving the
  organisation (``partner_ontkoppelen``) takes away, at once, whatever was shared with it.
- ``convenantenregister``: every convenant, those ending within 60 days first — what the
  municipality shows a supervisor.
- ``document_vervangen``: a replaced signed document is kept as an earlier version, never
  deleted: what was signed when signals were shared under a convenant can always be shown.

What a convenant allows (sharing signals) is decided in ``signalen.delen``; netwerk does not
know about signals.
"""

from __future__ import annotations

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import rollen

from .models import Convenant, ConvenantDocument, ConvenantStatus, Organisatie

BINNENKORT_DAGEN = 60


def gemeente() -> Organisatie | None:
    """The municipality itself: a party to every convenant under which signals are shared."""
    return Organisatie.objects.filter(is_gemeente=True).first()


@transaction.atomic
def groep_van(organisatie: Organisatie) -> Group:
    """The organisation's own group, made the first time it is needed."""
    vergrendeld = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    if vergrendeld.groep_id is None:
        vergrendeld.groep = Group.objects.create(name=f"Organisatie {vergrendeld.pk}")
        vergrendeld.save(update_fields=["groep", "gewijzigd_op"])
    organisatie.groep = vergrendeld.groep  # the caller's copy knows its group too
    return vergrendeld.groep


def organisaties_van(user) -> QuerySet[Organisatie]:
    """The organisations a (partner) account belongs to."""
    if not getattr(user, "is_authenticated", False):
        return Organisatie.objects.none()
    return Organisatie.objects.filter(groep__user=user)


def partner_koppelen(*, user, organisatie: Organisatie) -> None:
    if not rollen.heeft_rol(user, rollen.PARTNER):
        raise ValueError("Alleen een partneraccount hoort bij een partnerorganisatie.")
    user.groups.add(groep_van(organisatie))


def partner_ontkoppelen(*, user, organisatie: Organisatie) -> None:
    """The account leaves the organisation: what was shared with it is out of reach at once."""
    groep = Group.objects.filter(organisatie__pk=organisatie.pk).first()
    if groep is not None:
        user.groups.remove(groep)


def partners_instellen(*, organisatie: Organisatie, users) -> None:
    """Make exactly ``users`` the organisation's partner accounts."""
    groep = groep_van(organisatie)
    nu = set(groep.user_set.values_list("pk", flat=True))
    nieuw = {u.pk for u in users}
    for user in users:
        if user.pk not in nu:
            partner_koppelen(user=user, organisatie=organisatie)
    if nu - nieuw:
        groep.user_set.remove(*(nu - nieuw))


def convenant_beeindigen(*, convenant: Convenant, per: date | None = None) -> Convenant:
    """End a convenant today (or on ``per``): its status becomes ended and, if it ran longer,
    its end date moves forward. Sharing under it stops (signalen reacts to the save)."""
    per = per or timezone.localdate()
    convenant.status = ConvenantStatus.BEEINDIGD
    if convenant.geldig_tot is None or convenant.geldig_tot > per:
        convenant.geldig_tot = max(per, convenant.geldig_van)
    convenant.save(update_fields=["status", "geldig_tot", "gewijzigd_op"])
    return convenant


def convenantenregister(op: date | None = None) -> QuerySet[Convenant]:
    """Every convenant; those in force and ending within 60 days first, then by end date."""
    op = op or timezone.localdate()
    binnenkort = Q(
        status=ConvenantStatus.VAN_KRACHT,
        geldig_tot__gte=op,
        geldig_tot__lte=op + timedelta(days=BINNENKORT_DAGEN),
    )
    return (
        Convenant.objects.annotate(
            eindigt_binnenkort=Case(
                When(binnenkort, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .prefetch_related("partijen", "categorieen")
        .order_by("-eindigt_binnenkort", "geldig_tot", "naam")
    )


@transaction.atomic
def document_vervangen(
    *, convenant: Convenant, oud_pad: str, door=None
) -> ConvenantDocument | None:
    """The convenant has just been saved with a new signed document (or none) in place of
    ``oud_pad``: keep the old file as an earlier version, in the caller's transaction. Nothing
    is deleted or copied; the version points at the file where it already is.

    ``van`` is when the old document became the current one: the change log's last change of
    the document before this one, else when the previous version was replaced, else when the
    convenant was made (whichever is latest). ``tot`` is now; ``door`` who replaced it.
    """
    if not oud_pad or oud_pad == convenant.document.name:
        return None
    bestaand = ConvenantDocument.objects.filter(document=oud_pad).first()
    if bestaand is not None:  # already kept (called twice): kept once
        return bestaand
    nu = timezone.now()
    kandidaten = [convenant.aangemaakt_op]
    vorige = convenant.eerdere_documenten.order_by("-tot").values_list("tot", flat=True).first()
    if vorige is not None:
        kandidaten.append(vorige)
    # Every change of the document is in the change log; the change that replaced oud_pad (the
    # save just made) has oud_pad as its old value, so the latest other one put oud_pad in place.
    gezet = (
        LogEntry.objects.get_for_object(convenant)
        .filter(changes__has_key="document")
        .exclude(changes__document__0=oud_pad)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    if gezet is not None:
        kandidaten.append(gezet)
    return ConvenantDocument.objects.create(
        convenant=convenant,
        document=oud_pad,
        van=min(max(kandidaten), nu),
        tot=nu,
        vervangen_door=door,
    )


def eerdere_documenten(convenant: Convenant | int) -> QuerySet[ConvenantDocument]:
    """The earlier signed documents of one convenant (a convenant or its pk), oldest first."""
    pk = convenant.pk if isinstance(convenant, Convenant) else convenant
    return ConvenantDocument.objects.filter(convenant_id=pk).select_related("vervangen_door")

"""Convenanten and the organisations behind partner accounts.

- Each organisation has a group of its own (``groep_van``). A partner account belongs to its
  organisation by being a member of that group; nothing else ties them. Leaving the
  organisation (``partner_ontkoppelen``) takes away, at once, whatever was shared with it.
- ``convenantenregister``: every convenant, those ending within 60 days first — what the
  municipality shows a supervisor.
- ``convenant_opslaan``: the one write path of a convenant (the admin's add and change page
  calls it once): it locks, saves the fields, parties and categories, keeps a replaced signed
  document (``document_vervangen``: never deleted, so what was signed when signals were shared
  under a convenant can always be shown) and tells the apps built on netwerk
  (``netwerk.events``). ``convenant_beeindigen`` ends one today, likewise.
- ``registerkolom_toevoegen``: another app adds a column to the register (signalen: the active
  shares), so netwerk shows it without importing or querying that app.

What a convenant allows (sharing signals) is decided in ``signalen.delen``; netwerk does not
know about signals: signalen subscribes to ``netwerk.events`` in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise

from accounts import rollen

from . import events
from .models import (
    Convenant,
    ConvenantCategorie,
    ConvenantDocument,
    Convenantpartij,
    ConvenantStatus,
    Organisatie,
)

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


# --- Changing a convenant ------------------------------------------------------------------------

# The fields of a convenant that convenant_opslaan sets (the document is a parameter of its own).
VELDEN = ("naam", "doel", "status", "geldig_van", "geldig_tot", "melder_identiteit_delen")


@dataclass
class ConvenantOpgeslagen:
    """What ``convenant_opslaan`` did: for the page and the admin's history."""

    convenant: Convenant
    partijen_erbij: list[Convenantpartij] = field(default_factory=list)
    partijen_eraf: list[Convenantpartij] = field(default_factory=list)
    categorieen_erbij: list[str] = field(default_factory=list)
    categorieen_eraf: list[str] = field(default_factory=list)
    eerder_document: ConvenantDocument | None = None


@transaction.atomic
def convenant_opslaan(
    *,
    convenant: Convenant,
    velden: dict | None = None,
    partijen: Iterable[Organisatie] | None = None,
    categorieen: Iterable[str] | None = None,
    document=None,
    door=None,
) -> ConvenantOpgeslagen:
    """Add or change a convenant, with its parties and categories, in one transaction.

    ``convenant`` is new or carries the changes already (a form's instance); ``velden`` sets
    fields of ``VELDEN`` on it. ``partijen`` and ``categorieen`` are the whole new set (None:
    unchanged); each party or category that goes or comes is its own row in the change log.
    ``document``: None keeps the signed document, a file replaces it, False or "" takes it off;
    a replaced one is kept as an earlier version (``document_vervangen``), with ``door`` as who
    replaced it.

    An existing convenant is locked first (two replacements at once each keep their old file)
    and ``events.convenant_wordt_gewijzigd`` is sent while the stored version is still in
    place; after the commit ``events.convenant_gewijzigd`` (signalen then revokes what the
    convenant no longer covers). Validation is the caller's (the admin's form): the model's
    constraints still hold.
    """
    velden = dict(velden or {})
    if onbekend := set(velden) - set(VELDEN):
        raise TypeError(f"convenant_opslaan kent de velden {sorted(onbekend)} niet")
    oud_document = None
    if convenant.pk:
        oud_document = (
            Convenant.objects.select_for_update()
            .filter(pk=convenant.pk)
            .values_list("document", flat=True)
            .first()
        )
        events.convenant_wordt_gewijzigd.sturen(convenant_id=convenant.pk)
    for veld, waarde in velden.items():
        setattr(convenant, veld, waarde)
    if document is not None:
        Convenant._meta.get_field("document").save_form_data(convenant, document)
    convenant.save()
    uitkomst = ConvenantOpgeslagen(convenant=convenant)
    if partijen is not None:
        _partijen_instellen(convenant, list(partijen), uitkomst)
    if categorieen is not None:
        _categorieen_instellen(convenant, list(categorieen), uitkomst)
    # A replaced (or removed) signed document is kept as an earlier version, in this
    # transaction; nothing is deleted from the file store.
    uitkomst.eerder_document = document_vervangen(
        convenant=convenant, oud_pad=oud_document, door=door
    )
    events.convenant_gewijzigd.sturen(convenant_id=convenant.pk)
    return uitkomst


def _partijen_instellen(convenant, partijen, uitkomst) -> None:
    gewenst = {o.pk: o for o in partijen}
    for rij in convenant.partijrijen.select_related("organisatie"):
        if rij.organisatie_id not in gewenst:
            rij.delete()  # one by one: each removal is in the change log
            uitkomst.partijen_eraf.append(rij)
    bestaand = set(convenant.partijrijen.values_list("organisatie_id", flat=True))
    for pk, organisatie in gewenst.items():
        if pk not in bestaand:
            uitkomst.partijen_erbij.append(
                Convenantpartij.objects.create(convenant=convenant, organisatie=organisatie)
            )


def _categorieen_instellen(convenant, categorieen, uitkomst) -> None:
    gekozen = list(dict.fromkeys(categorieen))
    for rij in convenant.categorieen.exclude(categorie__in=gekozen):
        rij.delete()  # one by one: each removal is in the change log
        uitkomst.categorieen_eraf.append(rij.categorie)
    bestaand = set(convenant.categorieen.values_list("categorie", flat=True))
    for categorie in gekozen:
        if categorie not in bestaand:
            ConvenantCategorie.objects.create(convenant=convenant, categorie=categorie)
            uitkomst.categorieen_erbij.append(categorie)


@transaction.atomic
def convenant_beeindigen(*, convenant: Convenant, per: date | None = None) -> Convenant:
    """End a convenant today (or on ``per``): its status becomes ended and, if it ran longer,
    its end date moves forward. Sharing under it stops (``events.convenant_gewijzigd``)."""
    per = per or timezone.localdate()
    # Locked until the commit, as every change of a convenant (convenant_opslaan).
    Convenant.objects.select_for_update().filter(pk=convenant.pk).values_list("pk").first()
    events.convenant_wordt_gewijzigd.sturen(convenant_id=convenant.pk)
    convenant.status = ConvenantStatus.BEEINDIGD
    if convenant.geldig_tot is None or convenant.geldig_tot > per:
        convenant.geldig_tot = max(per, convenant.geldig_van)
    convenant.save(update_fields=["status", "geldig_tot", "gewijzigd_op"])
    events.convenant_gewijzigd.sturen(convenant_id=convenant.pk)
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


# --- What other apps add to the register ---------------------------------------------------------


@dataclass(frozen=True)
class Registerkolom:
    """A column another app adds to the convenant register in /beheer/.

    ``waarde()`` returns a query expression evaluated per convenant (``OuterRef("pk")`` is the
    convenant), for example a count from the app's own tables; ``naam`` is the annotation's
    name, ``titel`` the column's (Dutch) header. Registered in the app's ``AppConfig.ready()``.
    """

    naam: str
    titel: str | Promise
    waarde: Callable


_registerkolommen: dict[str, Registerkolom] = {}


def registerkolom_toevoegen(kolom: Registerkolom) -> Registerkolom:
    """Add a column to the register. Fails loudly on a name that is taken (by another
    column or a field of the convenant); adding the same column again is once."""
    if not kolom.naam.isidentifier():
        raise ImproperlyConfigured(f"Registerkolom {kolom.naam!r}: geen geldige naam")
    eerder = _registerkolommen.get(kolom.naam)
    if eerder is not None and eerder != kolom:
        raise ImproperlyConfigured(f"Registerkolom {kolom.naam!r} bestaat al: {eerder}")
    try:
        Convenant._meta.get_field(kolom.naam)
    except FieldDoesNotExist:
        pass
    else:
        raise ImproperlyConfigured(f"Registerkolom {kolom.naam!r} is een veld van Convenant")
    _registerkolommen[kolom.naam] = kolom
    return kolom


def registerkolommen() -> list[Registerkolom]:
    """The columns other apps added, in the order they were added."""
    return list(_registerkolommen.values())

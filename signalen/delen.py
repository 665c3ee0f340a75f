"""Sharing a signal with a partner organisation under a convenant (DESIGN.md, "Sharing").

A signal is visible to its reporter (limited) and the regisseur. It reaches a partner
organisation only through a Deling, made by ``signaal_delen`` when on that day a convenant is in
force that has both the gemeente and that organisation as parties and covers the signal's category.
The Deling grants the organisation's group django-guardian's ``view_signaal`` on that one signal.

Access ends at once when the Deling is revoked, the convenant ends or passes its end date, the
organisation or the gemeente stops being a party, the category is taken out, or the account
leaves the organisation's group or is deactivated:

- ``gedeelde_signalen`` (the partner's part of ``selectors.signalen_voor``, which the partner
  pages ask) asks guardian with ``accept_global_perms=False`` *and* re-checks, on every
  request, that a Deling of one of the user's organisations is still covered today. So an end
  date that passed at midnight closes access before any task runs.
- Changes to convenants call ``delingen_herzien`` (signalen.receivers), which revokes what is no
  longer covered and removes the permissions; the daily task does the same as a safety net and
  also removes any stray permission without an active Deling.
"""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import BigIntegerField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from accounts import rollen
from kern.fouten import Weigering
from netwerk.convenanten import gemeente, groep_van, organisaties_van
from netwerk.models import Convenant, ConvenantCategorie, Convenantpartij, Organisatie

from . import events
from .models import Deling, DelingIntrekking, Signaal

logger = logging.getLogger(__name__)

PERMISSIE = "signalen.view_signaal"


# --- Which convenant covers what ----------------------------------------------------------------


def _partij(organisatie_ref) -> Exists:
    return Exists(
        Convenantpartij.objects.filter(convenant=OuterRef("pk"), organisatie=organisatie_ref)
    )


def dekkende_convenanten(
    *, organisatie: Organisatie, categorie: str, op: date | None = None
) -> QuerySet[Convenant]:
    """Convenants in force on ``op`` with the gemeente and ``organisatie`` as parties that
    cover ``categorie``."""
    eigen = gemeente()
    if eigen is None:
        return Convenant.objects.none()
    return (
        Convenant.objects.in_werking(op)
        .filter(_partij(organisatie.pk), _partij(eigen.pk))
        .filter(categorieen__categorie=categorie)
        .distinct()
        .order_by("geldig_tot", "pk")
    )


def geldige_delingen(op: date | None = None) -> QuerySet[Deling]:
    """Active Delingen whose convenant still covers them today, checked in the database."""
    eigen = gemeente()
    if eigen is None:
        return Deling.objects.none()
    convenant_partij = Convenantpartij.objects.filter(convenant=OuterRef("convenant"))
    return Deling.objects.filter(
        ingetrokken_op__isnull=True,
        convenant__in=Convenant.objects.in_werking(op),
        organisatie__actief=True,
        organisatie__is_gemeente=False,
    ).filter(
        Exists(convenant_partij.filter(organisatie=OuterRef("organisatie"))),
        Exists(convenant_partij.filter(organisatie=eigen)),
        Exists(
            ConvenantCategorie.objects.filter(
                convenant=OuterRef("convenant"), categorie=OuterRef("signaal__categorie")
            )
        ),
    )


def _waarom_niet_gedekt(deling: Deling, op: date) -> str | None:
    """Why an active Deling is no longer covered, or None when it still is."""
    convenant = deling.convenant
    if not convenant.in_werking_op(op):
        return DelingIntrekking.CONVENANT_NIET_IN_WERKING
    if not deling.organisatie.actief or deling.organisatie.is_gemeente:
        return DelingIntrekking.ORGANISATIE
    eigen = gemeente()
    partijen = set(convenant.partijrijen.values_list("organisatie_id", flat=True))
    if deling.organisatie_id not in partijen or eigen is None or eigen.pk not in partijen:
        return DelingIntrekking.GEEN_PARTIJ
    if not convenant.categorieen.filter(categorie=deling.signaal.categorie).exists():
        return DelingIntrekking.CATEGORIE
    return None


# --- Sharing and revoking -----------------------------------------------------------------------


@transaction.atomic
def signaal_delen(*, signaal: Signaal, organisatie: Organisatie, door) -> Deling:
    """Share ``signaal`` with ``organisatie``, or refuse with the reason in Dutch."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.geanonimiseerd_op:
        raise Weigering(_("Een geanonimiseerd signaal wordt niet gedeeld."))
    if organisatie.is_gemeente:
        raise Weigering(_("%(org)s is de gemeente zelf.") % {"org": organisatie})
    if not organisatie.actief:
        raise Weigering(_("%(org)s is niet actief.") % {"org": organisatie})
    if Deling.objects.filter(
        signaal=signaal, organisatie=organisatie, ingetrokken_op__isnull=True
    ).exists():
        raise Weigering(
            _("%(ref)s is al gedeeld met %(org)s.")
            % {"ref": signaal.referentie, "org": organisatie}
        )
    convenant = dekkende_convenanten(organisatie=organisatie, categorie=signaal.categorie).first()
    if convenant is None:
        raise Weigering(
            _(
                "Geen geldig convenant met %(org)s voor categorie %(cat)s. Alleen onder een "
                "convenant dat vandaag van kracht is, met de gemeente en %(org)s als partijen en "
                "deze categorie, mag een signaal gedeeld worden."
            )
            % {"org": organisatie, "cat": signaal.get_categorie_display().lower()}
        )
    deling = Deling.objects.create(
        signaal=signaal, organisatie=organisatie, convenant=convenant, gedeeld_door=door
    )
    assign_perm(PERMISSIE, groep_van(organisatie), signaal)
    events.signaal_gedeeld.sturen(deling_id=deling.pk)
    return deling


@transaction.atomic
def deling_intrekken(*, deling: Deling, reden: str, door=None) -> bool:
    """End a Deling and take the organisation's permission away. False if it already ended."""
    deling = Deling.objects.select_for_update().get(pk=deling.pk)
    if deling.ingetrokken_op is not None:
        return False
    deling.ingetrokken_op = timezone.now()
    deling.ingetrokken_door = door
    deling.reden_intrekking = reden
    deling.save(update_fields=["ingetrokken_op", "ingetrokken_door", "reden_intrekking"])
    organisatie = deling.organisatie
    if organisatie.groep_id:
        remove_perm(PERMISSIE, organisatie.groep, deling.signaal)
    events.deling_ingetrokken.sturen(deling_id=deling.pk)
    return True


def delingen_herzien(*, convenant: Convenant | None = None, op: date | None = None) -> int:
    """Revoke every active Deling (of ``convenant``, or all) that is no longer covered, and
    remove stray permissions without an active Deling. Safe to run at any time."""
    op = op or timezone.localdate()
    actief = Deling.objects.filter(ingetrokken_op__isnull=True).select_related(
        "convenant", "signaal", "organisatie"
    )
    if convenant is not None:
        actief = actief.filter(convenant=convenant)
    ingetrokken = 0
    for deling in actief:
        reden = _waarom_niet_gedekt(deling, op)
        if reden:
            ingetrokken += deling_intrekken(deling=deling, reden=reden)
    if convenant is None:
        _losse_rechten_verwijderen()
    if ingetrokken:
        logger.info("%d delingen ingetrokken", ingetrokken)
    return ingetrokken


def _losse_rechten_verwijderen() -> int:
    """Guardian permissions on signals that no active Deling explains (should never exist)."""
    type_signaal = ContentType.objects.get_for_model(Signaal)
    actief = Deling.objects.filter(
        ingetrokken_op__isnull=True,
        organisatie__groep=OuterRef("group"),
    ).filter(signaal_id=OuterRef("object_pk_int"))
    los = (
        GroupObjectPermission.objects.filter(content_type=type_signaal)
        .annotate(object_pk_int=Cast("object_pk", BigIntegerField()))
        .exclude(Exists(actief))
    )
    aantal, _ = los.delete()
    if aantal:
        logger.warning("%d losse signaalrechten zonder deling verwijderd", aantal)
    return aantal


def verlopen_delingen_intrekken_voor_wijziging(convenant_id: int, op: date | None = None) -> int:
    """Before a convenant is changed: if the stored version is not in force today (its end date
    passed unnoticed), its shares end now, so extending it later cannot revive them."""
    opgeslagen = Convenant.objects.filter(pk=convenant_id).first()
    if opgeslagen is None or opgeslagen.in_werking_op(op or timezone.localdate()):
        return 0
    return sum(
        deling_intrekken(deling=d, reden=DelingIntrekking.CONVENANT_NIET_IN_WERKING)
        for d in Deling.objects.filter(convenant_id=convenant_id, ingetrokken_op__isnull=True)
    )


def signaal_delingen_intrekken(signaal: Signaal) -> int:
    """All Delingen of a signal end (when it is anonymised)."""
    return sum(
        deling_intrekken(deling=d, reden=DelingIntrekking.GEANONIMISEERD)
        for d in Deling.objects.filter(signaal=signaal, ingetrokken_op__isnull=True)
    )


# --- What a partner sees ------------------------------------------------------------------------


def gedeelde_signalen(user, op: date | None = None) -> QuerySet[Signaal]:
    """The signals shared with the user's organisations and still covered today.

    Two locks on one door: the guardian permission of the organisation's group (never a
    model-wide permission: ``accept_global_perms=False``) and a Deling that is still covered.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Signaal.objects.none()
    if not rollen.heeft_rol(user, rollen.PARTNER):
        return Signaal.objects.none()
    met_recht = get_objects_for_user(
        user,
        PERMISSIE,
        klass=Signaal,
        use_groups=True,
        with_superuser=False,
        accept_global_perms=False,
    )
    gedekt = geldige_delingen(op).filter(
        signaal=OuterRef("pk"), organisatie__in=organisaties_van(user)
    )
    return met_recht.filter(Exists(gedekt), geanonimiseerd_op__isnull=True)


def melder_zichtbaar_voor(user, signaal: Signaal, op: date | None = None) -> bool:
    """May this partner see who reported the signal? Only if a covering convenant allows it."""
    return (
        geldige_delingen(op)
        .filter(
            signaal=signaal,
            organisatie__in=organisaties_van(user),
            convenant__melder_identiteit_delen=True,
        )
        .exists()
    )


def organisaties_voor_delen(signaal: Signaal) -> tuple[list[Organisatie], list[Organisatie]]:
    """For the share form: organisations a covering convenant allows, and the others."""
    eigen = gemeente()
    kandidaten = Organisatie.objects.filter(actief=True, is_gemeente=False).order_by("naam")
    if eigen is None:
        return [], list(kandidaten)
    gedekt = Convenant.objects.in_werking().filter(
        _partij(eigen.pk), categorieen__categorie=signaal.categorie
    )
    toegestaan = set(
        Convenantpartij.objects.filter(convenant__in=gedekt).values_list(
            "organisatie_id", flat=True
        )
    )
    wel = [o for o in kandidaten if o.pk in toegestaan]
    niet = [o for o in kandidaten if o.pk not in toegestaan]
    return wel, niet

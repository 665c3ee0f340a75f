"""Who sees what of a case meeting. Deny by default; asked again on every request.

- The netwerkregisseur sees every meeting of the gemeente and every item on it.
- A partner sees a meeting they were invited to (``Deelnemer``), or one where their organisation
  owns an action (the reminder links there). On it they see only the items whose signal is
  shared with their organisation under a convenant in force today, by the one question for
  that (``signalen.selectors.signalen_voor(user, rol=PARTNER)``); every other item is "Een
  ander punt", without reference or content: it is not even handed to the template.
- An item's page (decision, actions, minutes) is for the regisseur and for a partner the signal
  is shared with, invited or not: the minutes belong to the signal's sharing.
- Nobody else: the reporter, a professional, the beheerder and the regiocoördinator see none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from accounts import rollen
from netwerk.convenanten import organisaties_van
from signalen.casusverloop import Fase
from signalen.models import Signaal
from signalen.selectors import signalen_voor

from .models import Actie, Agendapunt, Casusoverleg


def _is_regisseur(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and rollen.is_regisseur(user)


def _is_partner(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and rollen.heeft_rol(user, rollen.PARTNER)
    )


def overleggen_voor(user) -> QuerySet[Casusoverleg]:
    """The meetings ``user`` may open."""
    basis = Casusoverleg.objects.select_related("bijeenkomst")
    if _is_regisseur(user):
        return basis.all()
    if _is_partner(user):
        zichtbaar = Casusoverleg.objects.filter(
            Q(deelnemers__account=user)
            | Q(agendapunten__acties__eigenaar__in=organisaties_van(user))
        ).values("pk")
        return basis.filter(pk__in=zichtbaar)
    return Casusoverleg.objects.none()


def gedeelde_signaal_ids(user, signaal_ids) -> set[int]:
    """Of ``signaal_ids``, the signals ``user`` may see on a meeting: all for the regisseur,
    for a partner those shared with their organisation under a convenant in force today."""
    ids = set(signaal_ids)
    if not ids:
        return set()
    if _is_regisseur(user):
        return ids
    if not _is_partner(user):
        return set()
    return set(
        signalen_voor(user, rol=rollen.PARTNER).filter(pk__in=ids).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Punt:
    """One line of the agenda as ``user`` sees it: ``agendapunt`` only when they may."""

    volgorde: int
    agendapunt: Agendapunt | None


def _acties():
    return Prefetch("acties", queryset=Actie.objects.select_related("eigenaar"))


def agenda_voor(user, casusoverleg: Casusoverleg) -> list[Punt]:
    """The agenda of a meeting ``user`` may open, in order; items they may not see carry
    nothing but their place."""
    punten = list(
        Agendapunt.objects.filter(casusoverleg=casusoverleg)
        .select_related("signaal")
        .order_by("volgorde", "pk")
    )
    zichtbaar = gedeelde_signaal_ids(user, {p.signaal_id for p in punten})
    getoond = [p for p in punten if p.signaal_id in zichtbaar]
    prefetch_related_objects(getoond, _acties())
    return [
        Punt(volgorde=nummer, agendapunt=p if p.signaal_id in zichtbaar else None)
        for nummer, p in enumerate(punten, start=1)
    ]


def agendapunt_voor(user, pk: int) -> Agendapunt:
    """An item ``user`` may open, or ``Agendapunt.DoesNotExist``."""
    qs = Agendapunt.objects.select_related("casusoverleg__bijeenkomst", "signaal")
    if _is_regisseur(user):
        return qs.get(pk=pk)
    if _is_partner(user):
        return qs.filter(signaal__in=signalen_voor(user, rol=rollen.PARTNER)).get(pk=pk)
    raise Agendapunt.DoesNotExist


def af_te_ronden_door(user, acties) -> set[int]:
    """Of ``acties``, the ids of those ``user`` may mark done: the regisseur every one, a
    partner those of their own organisation (on an item they can open: the view's check)."""
    acties = list(acties)
    if _is_regisseur(user):
        return {a.pk for a in acties}
    if not _is_partner(user):
        return set()
    eigen = set(organisaties_van(user).values_list("pk", flat=True))
    return {a.pk for a in acties if a.eigenaar_id in eigen}


def punten_van_signaal(signaal) -> QuerySet[Agendapunt]:
    """Every meeting a signal was on, latest first, with its actions (the signal's page)."""
    return (
        Agendapunt.objects.filter(signaal=signaal)
        .select_related("casusoverleg__bijeenkomst")
        .prefetch_related(_acties())
        .order_by("-casusoverleg__bijeenkomst__begin", "-pk")
    )


def agendeerbare_signalen(casusoverleg: Casusoverleg) -> QuerySet:
    """For the regisseur's form: the signals in phase casusoverleg not yet on this agenda."""
    return (
        Signaal.objects.filter(fase=Fase.CASUSOVERLEG, geanonimiseerd_op=None)
        .exclude(pk__in=casusoverleg.agendapunten.values("signaal"))
        .order_by("fase_sinds", "pk")
    )

"""Who sees which weging. Deny by default; asked again on every request.

- The netwerkregisseur sees every weging of the gemeente, every version, concepts too.
- A partner sees a submitted weging (not a concept) of a signal shared with their
  organisation under a convenant in force today (``signalen.selectors.signalen_voor``), and
  only when that organisation took part in it (``organisaties_die_meewogen``): for confirming
  it as second assessor, and to read back what was decided with them.
- Nobody else: the reporter sees the phase of their signal and never its weging; a
  professional, the beheerder and the regiocoördinator see none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts import rollen
from netwerk.convenanten import organisaties_van
from netwerk.models import Organisatie
from signalen.casusverloop import Fase
from signalen.delen import geldige_delingen
from signalen.models import Signaal
from signalen.selectors import signalen_voor

from .models import OPEN, Beoordeling, Deelname, Status, Weging


def _actief(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def is_regisseur(user) -> bool:
    return _actief(user) and rollen.is_regisseur(user)


def is_partner(user) -> bool:
    return _actief(user) and rollen.heeft_rol(user, rollen.PARTNER)


def organisaties_die_meewogen(user, weging: Weging) -> QuerySet[Organisatie]:
    """The organisations of partner ``user`` that took part in ``weging`` and have its signal
    shared under a convenant in force today (both locks of ``signalen.delen``: the guardian
    permission through ``signalen_voor``, and a covered share)."""
    if not is_partner(user):
        return Organisatie.objects.none()
    if not signalen_voor(user, rol=rollen.PARTNER).filter(pk=weging.signaal_id).exists():
        return Organisatie.objects.none()
    gedeeld = geldige_delingen().filter(
        signaal_id=weging.signaal_id, organisatie__in=organisaties_van(user)
    )
    return Organisatie.objects.filter(
        pk__in=gedeeld.values("organisatie"),
    ).filter(pk__in=Deelname.objects.filter(weging=weging).values("organisatie"))


def weging_voor(user, pk: int) -> Weging:
    """A weging ``user`` may open, or ``Weging.DoesNotExist``."""
    qs = Weging.objects.select_related(
        "signaal", "kader", "gestart_door", "ingediend_door", "beoordeeld_door"
    )
    if is_regisseur(user):
        return qs.get(pk=pk)
    if is_partner(user):
        weging = qs.exclude(status=Status.CONCEPT).get(pk=pk)
        if organisaties_die_meewogen(user, weging).exists():
            return weging
    raise Weging.DoesNotExist


def wegingen_van(signaal: Signaal) -> QuerySet[Weging]:
    """Every version of the weging of a signal, the latest first, with who did what."""
    return (
        Weging.objects.filter(signaal=signaal)
        .select_related("gestart_door", "ingediend_door", "beoordeeld_door")
        .order_by("-versie")
    )


def wegingen_voor_partner(user, signaal: Signaal) -> QuerySet[Weging]:
    """The submitted versions of a signal's weging a partner's organisation took part in, while
    the signal is shared with it (the caller has checked that it is shared with the user)."""
    if not is_partner(user):
        return Weging.objects.none()
    gedeeld = geldige_delingen().filter(signaal=signaal, organisatie__in=organisaties_van(user))
    return (
        wegingen_van(signaal)
        .exclude(status=Status.CONCEPT)
        .filter(deelnames__organisatie__in=gedeeld.values("organisatie"))
        .distinct()
    )


def open_weging(signaal: Signaal) -> Weging | None:
    return Weging.objects.filter(signaal=signaal, status__in=OPEN).first()


def beoordelingen_per_groep(weging: Weging) -> list[tuple[str, list[Beoordeling]]]:
    """The answers of a weging in the order of its kader, under their groups' names."""
    groepen: list[tuple[str, list[Beoordeling]]] = []
    for beoordeling in weging.beoordelingen.select_related("indicator__groep").order_by(
        "indicator__groep__volgorde", "indicator__groep", "indicator__volgorde", "indicator"
    ):
        naam = beoordeling.indicator.groep.naam
        if not groepen or groepen[-1][0] != naam:
            groepen.append((naam, []))
        groepen[-1][1].append(beoordeling)
    return groepen


def ter_bevestiging() -> QuerySet[Weging]:
    """Wegingen waiting for a second assessor, the oldest first."""
    return (
        Weging.objects.filter(status=Status.TER_BEVESTIGING)
        .select_related("signaal", "ingediend_door")
        .order_by("ingediend_op", "pk")
    )


def in_weging() -> QuerySet[Signaal]:
    """Signals in phase weging, the longest waiting first."""
    return Signaal.objects.filter(fase=Fase.WEGING, geanonimiseerd_op=None).order_by(
        "fase_sinds", "pk"
    )

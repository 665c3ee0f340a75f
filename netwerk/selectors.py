"""Reads of the registry that views, the admin and other apps share.

Every list here has a fixed number of queries whatever the data size, and none mixes the
members of formal and informal networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    SECTOR_VAN_DOMEIN,
    Aandachtsfunctionaris,
    Domein,
    Lidmaatschap,
    Locatie,
    NetwerkSoort,
    Organisatie,
    Persoon,
    Sleutelpersoon,
    zoektekst,
)


def smoelenboek(
    *,
    zoek: str = "",
    organisatie: int | None = None,
    domein: str = "",
    wijk: int | None = None,
) -> QuerySet[Aandachtsfunctionaris]:
    """The directory for professionals: active aandachtsfunctionarissen of the formal network.

    Never a sleutelpersoon (whoever also holds that role is left out), never an anonymised
    person.
    """
    formeel_lid = Lidmaatschap.objects.filter(
        persoon=OuterRef("persoon"),
        actief=True,
        netwerk__actief=True,
        netwerk__soort=NetwerkSoort.FORMEEL,
    )
    sleutelpersoon = Sleutelpersoon.objects.filter(persoon=OuterRef("persoon"))
    qs = (
        Aandachtsfunctionaris.objects.filter(
            Exists(formeel_lid),
            actief=True,
            persoon__geanonimiseerd_op__isnull=True,
        )
        .exclude(Exists(sleutelpersoon))
        .select_related("persoon", "organisatie")
        .prefetch_related(
            Prefetch("locaties", queryset=Locatie.objects.select_related("wijk").order_by("naam"))
        )
        .order_by("persoon__achternaam", "persoon__voornaam", "pk")
    )
    for woord in zoek.split():
        qs = qs.filter(
            Q(persoon__zoeknaam__contains=zoektekst(woord))
            | Q(organisatie__naam__icontains=woord)
            | Q(functie__icontains=woord)
        )
    if organisatie:
        qs = qs.filter(organisatie_id=organisatie)
    if domein:
        qs = qs.filter(organisatie__domein=domein)
    if wijk:
        qs = qs.filter(locaties__wijk_id=wijk).distinct()
    return qs


@dataclass
class Dekking:
    organisatie: Organisatie
    met: list[Locatie]
    zonder: list[Locatie]

    @property
    def percentage(self) -> int:
        totaal = len(self.met) + len(self.zonder)
        return round(100 * len(self.met) / totaal) if totaal else 0


def locatie_heeft_af():
    """Annotation: does this location have an active, not anonymised aandachtsfunctionaris?"""
    return Exists(
        Aandachtsfunctionaris.locaties.through.objects.filter(
            locatie=OuterRef("pk"),
            aandachtsfunctionaris__actief=True,
            aandachtsfunctionaris__persoon__geanonimiseerd_op__isnull=True,
        )
    )


def dekking_per_organisatie(*, domein: str = "", alleen_gaten: bool = False) -> list[Dekking]:
    """Per organisation its active locations with and without an active aandachtsfunctionaris."""
    locaties = Locatie.objects.filter(actief=True).annotate(heeft_af=locatie_heeft_af())
    organisaties = Organisatie.objects.filter(actief=True).prefetch_related(
        Prefetch(
            "locaties",
            queryset=locaties.select_related("wijk").order_by("naam"),
            to_attr="actieve_locaties",
        )
    )
    if domein:
        organisaties = organisaties.filter(domein=domein)
    uitkomst = []
    for org in organisaties.order_by("naam"):
        met = [loc for loc in org.actieve_locaties if loc.heeft_af]
        zonder = [loc for loc in org.actieve_locaties if not loc.heeft_af]
        if alleen_gaten and not zonder:
            continue
        uitkomst.append(Dekking(org, met, zonder))
    return uitkomst


def actieve_af_per_domein() -> list[tuple[str, str, int]]:
    """(domain label, sector label, number of active aandachtsfunctionarissen) for every domain."""
    tellingen = dict(
        Aandachtsfunctionaris.objects.filter(actief=True, persoon__geanonimiseerd_op__isnull=True)
        .values_list("organisatie__domein")
        .annotate(n=Count("persoon", distinct=True))
    )
    return [
        (Domein(d).label, SECTOR_VAN_DOMEIN[d].label, tellingen.get(d.value, 0)) for d in Domein
    ]


def stil_sinds_grens(maanden: int | None = None) -> date:
    maanden = settings.NETWERK_STIL_NA_MAANDEN if maanden is None else maanden
    return timezone.localdate() - relativedelta(months=maanden)


def in_netwerk() -> Q:
    """A person is in the network with an active role or an active membership. Three
    uncorrelated ``IN`` tests, which PostgreSQL hashes once per query instead of asking them
    for every person of the registry."""
    return (
        Q(pk__in=Aandachtsfunctionaris.objects.filter(actief=True).values("persoon_id"))
        | Q(pk__in=Sleutelpersoon.objects.filter(actief=True).values("persoon_id"))
        | Q(pk__in=Lidmaatschap.objects.filter(actief=True).values("persoon_id"))
    )


def stille_personen(*, maanden: int | None = None) -> QuerySet[Persoon]:
    """Persons in the network (with a role or a membership) without contact for ``maanden``.

    Somebody added to the registry less than ``maanden`` ago has not gone quiet: they are new.
    Annotated with ``laatste_contact`` (None: never). Attending a meeting counts: recording
    attendance (bijeenkomsten) writes a contact moment of the kind "bijeenkomst".
    """
    grens = stil_sinds_grens(maanden)
    return (
        Persoon.objects.filter(
            in_netwerk(), geanonimiseerd_op__isnull=True, aangemaakt_op__date__lt=grens
        )
        .annotate(laatste_contact=Max("contactmomenten__datum"))
        .filter(Q(laatste_contact__isnull=True) | Q(laatste_contact__lt=grens))
        .order_by("laatste_contact", "achternaam", "voornaam")
    )


def lidmaatschappen_van_soort(soort: str) -> QuerySet[Lidmaatschap]:
    """Members of networks of one kind only: the only way to list members across networks."""
    if soort not in NetwerkSoort.values:
        raise ValueError(soort)
    return Lidmaatschap.objects.filter(netwerk__soort=soort).select_related("netwerk", "persoon")

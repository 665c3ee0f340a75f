"""Mixed groups: ``groep_voorstellen`` proposes people who still need the training, spread over
domains and organisations, at most ``max_per_organisatie`` from one organisation; the regisseur
then places them (``inschrijving.personen_indelen``) or invites them
(``inschrijving.personen_uitnodigen``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from netwerk.models import Domein, Persoon

from .. import geldigheid
from ..models import Editie, InschrijvingStatus
from .inschrijving import ACTIEF, bezet


@dataclass
class Kandidaat:
    persoon: Persoon
    organisatie: object
    geldigheid: geldigheid.Geldigheid

    @property
    def domein(self) -> str:
        return self.organisatie.domein


@dataclass
class Voorstel:
    gekozen: list[Kandidaat]
    reserve: list[Kandidaat]
    vrij: int
    max_per_organisatie: int
    per_domein: list[tuple[str, int]] = field(default_factory=list)
    per_organisatie: list[tuple[str, int]] = field(default_factory=list)


def kandidaten(editie: Editie, vandaag: date | None = None) -> list[Kandidaat]:
    """Active aandachtsfunctionarissen (in the kind's domains, if it names any) who still need
    this training and are not already in one of its coming editions, longest waiting first:
    never trained before overdue, overdue the longest first."""
    vandaag = vandaag or timezone.localdate()
    soort = editie.soort
    if soort.verlengt_id:
        # A refresher (the terugkomdag) is for those who had what it renews and whose validity
        # runs out: their standing is measured against the renewed kind.
        soort = soort.verlengt
    rijen = geldigheid.overzicht(soort, vandaag=vandaag)
    al_in_editie = set(
        editie.inschrijvingen.filter(status__in=ACTIEF).values_list("persoon_id", flat=True)
    )
    gezien = set()
    uitkomst = []
    for rij in rijen:
        persoon = rij.persoon
        if persoon.pk in gezien or not persoon.email:
            continue
        gezien.add(persoon.pk)
        if soort.domeinen and rij.organisatie.domein not in soort.domeinen:
            continue
        if persoon.pk in al_in_editie:
            continue
        if editie.soort.verlengt_id:
            if rij.geldigheid.stand not in (
                geldigheid.Stand.VERLOPEN,
                geldigheid.Stand.BINNENKORT,
            ):
                continue
        elif rij.geldigheid.is_bij or rij.gepland:
            continue
        uitkomst.append(Kandidaat(persoon, rij.organisatie, rij.geldigheid))
    uitkomst.sort(
        key=lambda k: (
            k.geldigheid.stand != geldigheid.Stand.GEEN,
            k.geldigheid.geldig_tot or date.min,
            k.persoon.achternaam,
            k.persoon.voornaam,
        )
    )
    return uitkomst


def groep_voorstellen(editie: Editie, aantal: int | None = None) -> Voorstel:
    """A group for the free places, mixed over domains and organisations: the domains take
    turns (the one with most people waiting first), and no organisation gets more than the
    edition's ``max_per_organisatie``. Those left are the reserve, in the same order."""
    vrij = max(editie.capaciteit - bezet(editie), 0)
    aantal = vrij if aantal is None else min(aantal, vrij)
    per_domein: dict[str, list[Kandidaat]] = {}
    for kandidaat in kandidaten(editie):
        per_domein.setdefault(kandidaat.domein, []).append(kandidaat)
    volgorde = sorted(per_domein, key=lambda d: (-len(per_domein[d]), d))
    per_org = Counter(
        editie.inschrijvingen.filter(status=InschrijvingStatus.INGESCHREVEN).values_list(
            "persoon__aandachtsfunctionarisrollen__organisatie_id", flat=True
        )
    )
    gekozen: list[Kandidaat] = []
    while len(gekozen) < aantal:
        gekozen_deze_ronde = False
        for domein in volgorde:
            if len(gekozen) >= aantal:
                break
            wachtrij = per_domein[domein]
            for i, kandidaat in enumerate(wachtrij):
                if per_org[kandidaat.organisatie.pk] < editie.max_per_organisatie:
                    gekozen.append(wachtrij.pop(i))
                    per_org[kandidaat.organisatie.pk] += 1
                    gekozen_deze_ronde = True
                    break
        if not gekozen_deze_ronde:
            break
    gekozen_ids = {k.persoon.pk for k in gekozen}
    reserve = [
        k for k in kandidaten_in_volgorde(per_domein, volgorde) if k.persoon.pk not in gekozen_ids
    ]
    return Voorstel(
        gekozen=gekozen,
        reserve=reserve,
        vrij=vrij,
        max_per_organisatie=editie.max_per_organisatie,
        per_domein=_mix(gekozen, lambda k: str(Domein(k.domein).label)),
        per_organisatie=_mix(gekozen, lambda k: k.organisatie.naam),
    )


def kandidaten_in_volgorde(per_domein, volgorde) -> list[Kandidaat]:
    return [k for d in volgorde for k in per_domein[d]]


def _mix(kandidaten_, sleutel) -> list[tuple[str, int]]:
    return sorted(Counter(sleutel(k) for k in kandidaten_).items(), key=lambda p: (-p[1], p[0]))

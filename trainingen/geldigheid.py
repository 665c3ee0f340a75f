"""Who is trained, until when, and who still needs training.

A training is *completed* when every day of its edition was attended (``Inschrijving.voltooid_op``).
It stays valid for its kind's ``geldig_maanden``; completing a kind that *verlengt* it (the
terugkomdag verlengt the basic training) renews it from that day. Everything here reads a fixed
number of queries, whatever the number of people: the pages that show it are bounded.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kern.rapport import veilig
from netwerk.models import Aandachtsfunctionaris, Domein

from .models import Editie, EditieStatus, Inschrijving, InschrijvingStatus, Rol, Trainingssoort

# A refresher that falls due within this many days is shown as "binnenkort".
BINNENKORT_DAGEN = 90


class Stand:
    GEEN = "geen"
    VERLOPEN = "verlopen"
    BINNENKORT = "binnenkort"
    GELDIG = "geldig"

    LABELS = {
        GEEN: _("Nog niet gevolgd"),
        VERLOPEN: _("Opfrissing te laat"),
        BINNENKORT: _("Opfrissing binnenkort"),
        GELDIG: _("Geldig"),
    }


def basistraining() -> Trainingssoort | None:
    return Trainingssoort.objects.filter(rol=Rol.BASISTRAINING).first()


def laatste_voltooiingen(persoon_ids, tot: date | None = None) -> dict[int, dict[int, date]]:
    """Per person, per kind of training: the last day they completed it (up to ``tot``, if
    given: the standing on a past date). One query."""
    uitkomst: dict[int, dict[int, date]] = defaultdict(dict)
    voltooid = Inschrijving.objects.filter(persoon_id__in=persoon_ids, voltooid_op__isnull=False)
    if tot is not None:
        voltooid = voltooid.filter(voltooid_op__lte=tot)
    rijen = voltooid.values_list("persoon_id", "editie__soort_id", "voltooid_op").order_by()
    for persoon_id, soort_id, datum in rijen:
        eerder = uitkomst[persoon_id].get(soort_id)
        if eerder is None or datum > eerder:
            uitkomst[persoon_id][soort_id] = datum
    return uitkomst


def verlengers(soort: Trainingssoort) -> set[int]:
    """The kinds whose completion counts for ``soort``: itself and those that renew it."""
    return {soort.pk, *soort.verlengd_door.values_list("pk", flat=True)}


@dataclass
class Geldigheid:
    stand: str
    gevolgd_op: date | None = None  # the last completion that counts
    geldig_tot: date | None = None  # None with a completion: stays valid

    @property
    def label(self):
        return Stand.LABELS[self.stand]

    @property
    def is_bij(self) -> bool:
        return self.stand in (Stand.GELDIG, Stand.BINNENKORT)


def geldigheid_bepalen(
    soort: Trainingssoort, laatste: dict[int, date], tellen: set[int], vandaag: date
) -> Geldigheid:
    """One person's standing for ``soort``, from their last completions per kind."""
    datums = [laatste[s] for s in tellen if s in laatste]
    if not datums:
        return Geldigheid(Stand.GEEN)
    gevolgd = max(datums)
    if soort.geldig_maanden is None:
        return Geldigheid(Stand.GELDIG, gevolgd)
    tot = gevolgd + relativedelta(months=soort.geldig_maanden)
    if tot < vandaag:
        stand = Stand.VERLOPEN
    elif (tot - vandaag).days <= BINNENKORT_DAGEN:
        stand = Stand.BINNENKORT
    else:
        stand = Stand.GELDIG
    return Geldigheid(stand, gevolgd, tot)


# --- Who still needs training -------------------------------------------------------------------


@dataclass
class Rij:
    aandachtsfunctionaris: Aandachtsfunctionaris
    geldigheid: Geldigheid
    gepland: Inschrijving | None = None  # a coming edition they are enrolled in or waiting for

    @property
    def persoon(self):
        return self.aandachtsfunctionaris.persoon

    @property
    def organisatie(self):
        return self.aandachtsfunctionaris.organisatie


def actieve_aandachtsfunctionarissen():
    return (
        Aandachtsfunctionaris.objects.filter(
            actief=True, organisatie__actief=True, persoon__geanonimiseerd_op__isnull=True
        )
        .select_related("persoon", "organisatie")
        .order_by("organisatie__naam", "persoon__achternaam", "persoon__voornaam", "pk")
    )


def komende_inschrijvingen(soort: Trainingssoort, persoon_ids, vandaag: date):
    """Per person: their enrolment or waiting place in a coming edition of ``soort``."""
    rijen = (
        Inschrijving.objects.filter(
            persoon_id__in=persoon_ids,
            editie__soort=soort,
            editie__status=EditieStatus.GEPLAND,
            status__in=[InschrijvingStatus.INGESCHREVEN, InschrijvingStatus.WACHTLIJST],
        )
        .filter(Q(editie__laatste_dag__isnull=True) | Q(editie__laatste_dag__gte=vandaag))
        .select_related("editie", "editie__soort")
        .order_by("editie__eerste_dag")
    )
    uitkomst = {}
    for inschrijving in rijen:
        uitkomst.setdefault(inschrijving.persoon_id, inschrijving)
    return uitkomst


def overzicht(
    soort: Trainingssoort | None = None,
    *,
    vandaag: date | None = None,
    organisatie=None,
    domein: str = "",
    met_gepland: bool = True,
) -> list[Rij]:
    """Every active aandachtsfunctionaris with their standing for ``soort`` (default: the basic
    training), per organisation. A person with roles at two organisations appears under both.
    A kind meant for some domains counts only the aandachtsfunctionarissen in those domains."""
    vandaag = vandaag or timezone.localdate()
    soort = soort or basistraining()
    if soort is None:
        return []
    afs = actieve_aandachtsfunctionarissen()
    if soort.domeinen:
        afs = afs.filter(organisatie__domein__in=soort.domeinen)
    if organisatie is not None:
        afs = afs.filter(organisatie=organisatie)
    if domein:
        afs = afs.filter(organisatie__domein=domein)
    afs = list(afs)
    ids = {af.persoon_id for af in afs}
    laatste = laatste_voltooiingen(ids, tot=vandaag)
    tellen = verlengers(soort)
    gepland = komende_inschrijvingen(soort, ids, vandaag) if met_gepland else {}
    return [
        Rij(
            af,
            geldigheid_bepalen(soort, laatste.get(af.persoon_id, {}), tellen, vandaag),
            gepland.get(af.persoon_id),
        )
        for af in afs
    ]


def overzicht_voor_verzoek(request) -> list[Rij]:
    """The basic training's overview once per request: the dashboard's panel and chart share it."""
    rijen = getattr(request, "_trainingen_overzicht", None)
    if rijen is None:
        rijen = overzicht(met_gepland=False)
        request._trainingen_overzicht = rijen
    return rijen


def nog_nodig(rijen: list[Rij]) -> list[Rij]:
    """Those without the training and those whose refresher is overdue."""
    return [r for r in rijen if r.geldigheid.stand in (Stand.GEEN, Stand.VERLOPEN)]


# --- Coverage -----------------------------------------------------------------------------------


@dataclass
class Dekking:
    naam: str
    sleutel: str | int = ""
    totaal: int = 0
    bij: int = 0
    verlopen: int = 0
    geen: int = 0
    personen: set = field(default_factory=set, repr=False)

    @property
    def percentage(self) -> int:
        return round(100 * self.bij / self.totaal) if self.totaal else 0


def dekking(rijen: list[Rij]) -> tuple[list[Dekking], list[Dekking], Dekking]:
    """Coverage per organisation and per domain, and in total: how many of the active
    aandachtsfunctionarissen are trained (valid), overdue, or never trained. A person counts
    once per organisation, once per domain and once in the total."""
    per_org: dict[int, Dekking] = {}
    per_domein: dict[str, Dekking] = {}
    totaal = Dekking(str(_("Totaal")))
    for rij in rijen:
        org = rij.organisatie
        groepen = (
            per_org.setdefault(org.pk, Dekking(org.naam, org.pk)),
            per_domein.setdefault(org.domein, Dekking(str(Domein(org.domein).label), org.domein)),
            totaal,
        )
        for groep in groepen:
            if rij.persoon.pk in groep.personen:
                continue
            groep.personen.add(rij.persoon.pk)
            groep.totaal += 1
            if rij.geldigheid.is_bij:
                groep.bij += 1
            elif rij.geldigheid.stand == Stand.VERLOPEN:
                groep.verlopen += 1
            else:
                groep.geen += 1
    return (
        sorted(per_org.values(), key=lambda d: (d.percentage, d.naam)),
        sorted(per_domein.values(), key=lambda d: (d.percentage, d.naam)),
        totaal,
    )


# --- Export -------------------------------------------------------------------------------------


def als_csv(rijen: list[Rij]) -> str:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    schrijver.writerow(
        [
            "Organisatie",
            "Domein",
            "Naam",
            "E-mail",
            "Stand",
            "Laatst gevolgd",
            "Geldig tot",
            "Ingepland",
        ]
    )
    for rij in rijen:
        b = rij.geldigheid
        schrijver.writerow(
            [
                veilig(v)
                for v in (
                    rij.organisatie.naam,
                    Domein(rij.organisatie.domein).label,
                    rij.persoon.volledige_naam,
                    rij.persoon.email,
                    b.label,
                    b.gevolgd_op.isoformat() if b.gevolgd_op else "",
                    b.geldig_tot.isoformat() if b.geldig_tot else "",
                    str(rij.gepland.editie) if rij.gepland else "",
                )
            ]
        )
    return uit.getvalue()


def dekking_als_csv(soort, per_org, per_domein, totaal) -> str:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    schrijver.writerow(
        ["Training", "Groep", "Naam", "Totaal", "Getraind", "Opfrissing te laat", "Nooit",
         "Percentage getraind"]
    )  # fmt: skip
    for groep, rijen in (("Organisatie", per_org), ("Domein", per_domein), ("Totaal", [totaal])):
        for d in rijen:
            schrijver.writerow(
                [
                    veilig(v)
                    for v in (
                        soort.naam if soort else "",
                        groep,
                        d.naam,
                        d.totaal,
                        d.bij,
                        d.verlopen,
                        d.geen,
                        d.percentage,
                    )
                ]
            )
    return uit.getvalue()


def komende_edities(soort: Trainingssoort | None = None):
    edities = Editie.objects.filter(
        status=EditieStatus.GEPLAND, eerste_dag__gt=timezone.localdate()
    )
    return edities.filter(soort=soort) if soort else edities

"""Who is trained, until when, and who still needs training.

A training is *completed* when every day of its edition was attended (``Inschrijving.voltooid_op``).
It stays valid for its kind's ``geldig_maanden``; completing a kind that *verlengt* it (the
terugkomdag verlengt the basic training) renews it from that day. Everything here reads a fixed
number of queries, whatever the number of people: the pages that show it are bounded.

The standing is worked out in SQL (``met_stand``): a page, a count or a coverage table never
loads everyone into Python. A completion date decides the standing by two thresholds
(``Drempels``), so "valid", "due soon", "overdue" and "never" are three uncorrelated
``persoon_id IN (...)`` tests that PostgreSQL hashes once per query. ``overzicht`` (every row,
for the services that walk them all) gives the same standings from the same last completion.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Case, CharField, Count, DateField, OuterRef, Q, Subquery, Value, When
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


# --- The standing in SQL -------------------------------------------------------------------------


def _laatste_dag_met_einde(grens: date, maanden: int, *, tot_en_met: bool) -> date:
    """The last completion day whose validity (that day + ``maanden`` months) ends before
    ``grens`` (or on it, ``tot_en_met``). The end never moves back as the day moves forward,
    so "completed on or before this day" is exactly "valid until before ``grens``"."""

    def voorbij(dag: date) -> bool:
        einde = dag + relativedelta(months=maanden)
        return einde <= grens if tot_en_met else einde < grens

    dag = grens - relativedelta(months=maanden)
    while not voorbij(dag):
        dag -= timedelta(days=1)
    while voorbij(dag + timedelta(days=1)):
        dag += timedelta(days=1)
    return dag


@dataclass(frozen=True)
class Drempels:
    """``geldigheid_bepalen`` as two dates: a last completion on or before ``verlopen`` is
    overdue, on or before ``binnenkort`` due soon, after it valid (None: it stays valid)."""

    verlopen: date | None
    binnenkort: date | None

    @classmethod
    def voor(cls, soort: Trainingssoort, vandaag: date) -> Drempels:
        if soort.geldig_maanden is None:
            return cls(None, None)
        m = soort.geldig_maanden
        return cls(
            _laatste_dag_met_einde(vandaag, m, tot_en_met=False),
            _laatste_dag_met_einde(vandaag + timedelta(days=BINNENKORT_DAGEN), m, tot_en_met=True),
        )


@dataclass
class Standen:
    """The standing of the active aandachtsfunctionarissen for one kind on one day, as
    querysets: ``rijen()`` (annotated ``stand`` and ``gevolgd``), counts and coverage."""

    soort: Trainingssoort
    vandaag: date

    @classmethod
    def voor(cls, soort: Trainingssoort, vandaag: date | None = None) -> Standen:
        return cls(soort, vandaag or timezone.localdate())

    @property
    def tellen(self):
        """``verlengers`` as a subquery: the kind itself and those that renew it."""
        return Trainingssoort.objects.filter(
            Q(pk=self.soort.pk) | Q(verlengt_id=self.soort.pk)
        ).values("pk")

    def _voltooid(self, **datum):
        """The persons with a completion that counts, up to today, in a range of days."""
        return (
            Inschrijving.objects.filter(
                editie__soort_id__in=self.tellen, voltooid_op__lte=self.vandaag, **datum
            )
            .order_by()
            .values("persoon_id")
        )

    def _voorwaarden(self) -> dict[str, Q]:
        """Per standing (and ``nodig``, ``bij``), the rows in it: a few uncorrelated
        ``persoon_id IN (...)`` tests, each hashed once per query by PostgreSQL."""
        ooit = Q(persoon_id__in=self._voltooid(voltooid_op__isnull=False))
        d = Drempels.voor(self.soort, self.vandaag)
        if d.verlopen is None:  # stays valid once followed
            geen = Q(pk__in=[])
            return {
                Stand.GELDIG: ooit,
                Stand.BINNENKORT: geen,
                Stand.VERLOPEN: geen,
                Stand.GEEN: ~ooit,
                "bij": ooit,
                "nodig": ~ooit,
            }
        na_binnenkort = Q(persoon_id__in=self._voltooid(voltooid_op__gt=d.binnenkort))
        na_verlopen = Q(persoon_id__in=self._voltooid(voltooid_op__gt=d.verlopen))
        return {
            Stand.GELDIG: na_binnenkort,
            Stand.BINNENKORT: na_verlopen & ~na_binnenkort,
            Stand.VERLOPEN: ooit & ~na_verlopen,
            Stand.GEEN: ~ooit,
            "bij": na_verlopen,
            "nodig": ~na_verlopen,
        }

    def stand(self) -> Case:
        """The standing of a row's person (``geldigheid_bepalen`` in SQL)."""
        v = self._voorwaarden()
        return Case(
            *(When(v[s], then=Value(s)) for s in (Stand.GELDIG, Stand.BINNENKORT, Stand.VERLOPEN)),
            default=Value(Stand.GEEN),
            output_field=CharField(),
        )

    def gevolgd(self) -> Subquery:
        """The row's person's last completion that counts (for the rows shown)."""
        return Subquery(
            Inschrijving.objects.filter(
                persoon_id=OuterRef("persoon_id"),
                editie__soort_id__in=self.tellen,
                voltooid_op__lte=self.vandaag,
            )
            .order_by("-voltooid_op")
            .values("voltooid_op")[:1],
            output_field=DateField(),
        )

    def aandachtsfunctionarissen(self, *, organisatie=None, domein: str = ""):
        afs = actieve_aandachtsfunctionarissen()
        if self.soort.domeinen:
            afs = afs.filter(organisatie__domein__in=self.soort.domeinen)
        if organisatie is not None:
            afs = afs.filter(organisatie=organisatie)
        if domein:
            afs = afs.filter(organisatie__domein=domein)
        return afs.annotate(stand=self.stand())

    def rijen(self, *, organisatie=None, domein: str = "", stand: str = "alle"):
        """The rows of the report, filtered by standing (``nodig``, ``bij``, ``alle`` or one
        ``Stand``), annotated ``stand`` and ``gevolgd``; turn a page of them into ``Rij``
        with ``rijen_maken``."""
        afs = self.aandachtsfunctionarissen(organisatie=organisatie, domein=domein)
        if stand != "alle":
            afs = afs.filter(self._voorwaarden()[stand])
        return afs.annotate(gevolgd=self.gevolgd())

    def geldigheid(self, stand: str, gevolgd: date | None) -> Geldigheid:
        if stand == Stand.GEEN or gevolgd is None:
            return Geldigheid(Stand.GEEN)
        maanden = self.soort.geldig_maanden
        return Geldigheid(
            stand, gevolgd, gevolgd + relativedelta(months=maanden) if maanden is not None else None
        )

    def rijen_maken(self, afs: Iterable[Aandachtsfunctionaris], *, gepland=None) -> list[Rij]:
        """``Rij`` for annotated rows (``rijen``); ``gepland`` per person, if given."""
        gepland = gepland or {}
        return [
            Rij(af, self.geldigheid(af.stand, af.gevolgd), gepland.get(af.persoon_id)) for af in afs
        ]

    def _per_stand(self, afs, *groep: str) -> list[dict]:
        """Rows and persons per standing (and ``groep``): the standing is the person's, so a
        person counted once per standing is once per group."""
        return list(
            afs.values(*groep, "stand")
            .annotate(rijen=Count("pk"), personen=Count("persoon_id", distinct=True))
            .order_by()
        )

    def _totalen(self) -> list[dict]:
        if not hasattr(self, "_totalen_cache"):  # the panel and the chart share them
            self._totalen_cache = self._per_stand(self.aandachtsfunctionarissen())
        return self._totalen_cache

    def tellen_per_stand(self) -> dict[str, int]:
        """Rows (a person at two organisations counts twice, as in the report) per standing,
        and ``totaal``. One query, shared with ``dekking`` of every domain."""
        uit = dict.fromkeys(Stand.LABELS, 0)
        for r in self._totalen():
            uit[r["stand"]] = r["rijen"]
        return {**uit, "totaal": sum(uit.values())}

    def dekking(self, *, domein: str = "", per_organisatie: bool = True):
        """``dekking`` in SQL: (per organisation, per domain, total), each person once per
        group. One query per list (``per_organisatie=False`` leaves that one empty), and the
        total (shared with ``tellen_per_stand`` when no domain is chosen)."""
        afs = self.aandachtsfunctionarissen(domein=domein)

        def groepen(rijen, sleutel, naam) -> dict:
            uit: dict = {}
            for r in rijen:
                k = sleutel(r)
                d = uit.setdefault(k, Dekking(naam(r), k))
                d.totaal += r["personen"]
                if r["stand"] in (Stand.GELDIG, Stand.BINNENKORT):
                    d.bij += r["personen"]
                elif r["stand"] == Stand.VERLOPEN:
                    d.verlopen += r["personen"]
                else:
                    d.geen += r["personen"]
            return uit

        per_org = {}
        if per_organisatie:
            per_org = groepen(
                self._per_stand(afs, "organisatie_id", "organisatie__naam"),
                lambda r: r["organisatie_id"],
                lambda r: r["organisatie__naam"],
            )
        per_domein = groepen(
            self._per_stand(afs, "organisatie__domein"),
            lambda r: r["organisatie__domein"],
            lambda r: str(Domein(r["organisatie__domein"]).label),
        )
        totalen = self._totalen() if not domein else self._per_stand(afs)
        totaal = groepen(totalen, lambda r: "", lambda r: "").get("", Dekking(""))
        totaal.naam = str(_("Totaal"))
        return (
            sorted(per_org.values(), key=lambda d: (d.percentage, d.naam)),
            sorted(per_domein.values(), key=lambda d: (d.percentage, d.naam)),
            totaal,
        )


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
    # No phone numbers: parsing thousands of them is most of the cost, and no report shows them.
    return (
        Aandachtsfunctionaris.objects.filter(
            actief=True, organisatie__actief=True, persoon__geanonimiseerd_op__isnull=True
        )
        .select_related("persoon", "organisatie")
        .defer("persoon__telefoon", "organisatie__telefoon")
        .order_by("organisatie__naam", "persoon__achternaam", "persoon__voornaam", "pk")
    )


def komende_inschrijvingen(soort: Trainingssoort, persoon_ids, vandaag: date):
    """Per person: their enrolment or waiting place in a coming edition of ``soort``.
    ``persoon_ids`` may be a queryset of ids (one query either way)."""
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
    A kind meant for some domains counts only the aandachtsfunctionarissen in those domains.
    Every row in memory: the pages use ``Standen`` and show a page at a time."""
    vandaag = vandaag or timezone.localdate()
    soort = soort or basistraining()
    if soort is None:
        return []
    standen = Standen.voor(soort, vandaag)
    afs = list(
        standen.aandachtsfunctionarissen(organisatie=organisatie, domein=domein).annotate(
            gevolgd=standen.gevolgd()
        )
    )
    ids = {af.persoon_id for af in afs}
    gepland = komende_inschrijvingen(soort, ids, vandaag) if met_gepland and ids else {}
    return standen.rijen_maken(afs, gepland=gepland)


def standen_voor_verzoek(request) -> Standen | None:
    """The basic training's standings once per request: the dashboard's panel and chart share
    them (None without a basic training)."""
    if not hasattr(request, "_trainingen_standen"):
        soort = basistraining()
        request._trainingen_standen = Standen.voor(soort) if soort is not None else None
    return request._trainingen_standen


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
    once per organisation, once per domain and once in the total. (From rows in memory; the
    pages count in SQL: ``Standen.dekking``.)"""
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


CSV_KOP = [
    "Organisatie",
    "Domein",
    "Naam",
    "E-mail",
    "Stand",
    "Laatst gevolgd",
    "Geldig tot",
    "Ingepland",
]


def csv_regels(rijen: Iterable[Rij]) -> Iterator[list[str]]:
    """The header and one line per row, each cell safe from spreadsheet formulas."""
    yield CSV_KOP
    for rij in rijen:
        b = rij.geldigheid
        yield [
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


def als_csv(rijen: list[Rij]) -> str:
    uit = io.StringIO()
    csv.writer(uit, delimiter=";").writerows(csv_regels(rijen))
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

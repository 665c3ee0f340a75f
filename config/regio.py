"""The region's figures (issue 18): per gemeente and for the whole region, counts only.

``/regio/`` shows the regiocoördinator every active gemeente of the region and the region's
total; a regisseur sees their own gemeente beside the region's total, to compare. Each app adds
its columns (``kern.bijdragen``, kind ``regiocijfers``), each one grouped query over the whole
region, so the page's cost does not grow with the number of gemeenten. Small numbers are hidden
as in the yearly report (``kern.rapport.kruistabel``: ``<5``, and ``×`` where one could be
worked out from the totals), decided on the whole table, so the regisseur's view hides what the
coördinator's does. The counts are kept for five minutes (``BEWAARTIJD``), as the page says.

**Per 10,000 inhabitants.** A column an app marks (``Regiokolom.per_inwoners``) is shown again
per 10,000 inhabitants, for the gemeenten whose number is known (``Gemeente.inwoners``); the
region's figure is that of those gemeenten together, hidden (``kern.regiorapport.deeltotaal``) where
it would give a hidden count away. A regisseur sees it beside their own only when it covers
``MINSTE_VOOR_VERGELIJKEN`` gemeenten or more and leaves out no single other gemeente (the
region's total minus that part would be that gemeente's count).

**The trend** (kind ``regiotrends``, ``kern.rapport.Regioreeks``): counts per gemeente and month
over the last 24 months, one grouped query per app, for the region and one gemeente at a time
(the coördinator chooses it, ``?gemeente=``; a regisseur always sees their own and can choose
nothing), with the same figures per 10,000 inhabitants. The months are protected together with
the yearly table's counts of the same years (``kern.regiorapport.reeks_afschermen``): a month never
gives a hidden count of a year away, nor a year a hidden month.

This page and signalen.overeenkomsten are the places that read tenant data region-wide
(docs/regio.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts import rollen
from kern import bijdragen
from kern.rapport import (
    AFGESCHERMD,
    KLEIN,
    LEEG,
    UITLEG_AFSCHERMING,
    Regiokolom,
    Regioreeks,
    decimaal,
    kruistabel,
)
from kern.regiorapport import (
    MINSTE_VOOR_VERGELIJKEN,
    deeltotaal,
    per_inwoners,
    reeks_afschermen,
)
from netwerk.grafieken import Cel, Grafiek, Rij
from regio.models import Gemeente
from regio.scope import alle_gemeenten

from .jaarverslag import JaarKeuze, peildatum

# (id, name, inhabitants or None) of each of the region's gemeenten, by name.
Gemeenten = list[tuple[int, str, int | None]]


@dataclass
class Regel:
    kop: str
    waarden: list[str]
    eigen: bool = False
    totaal: bool = False


# The figures are kept this long (in the region-wide namespace of the cache): counting every
# signal of 38 gemeenten on each view would make the page cost grow with the region's data,
# and a coördinator's or regisseur's comparison does not need the last minutes.
BEWAARTIJD = 300


def gemeenten_van_de_regio() -> Gemeenten:
    """The region's gemeenten (without its own layer), one query."""
    with alle_gemeenten():
        rijen = Gemeente.objects.gemeenten().order_by("naam").values_list("pk", "naam", "inwoners")
        return [(pk, naam, inwoners or None) for pk, naam, inwoners in rijen]


def _welke(gemeenten: Gemeenten) -> str:
    """For the cache key: which gemeenten, by name and inhabitants (a change shows at once)."""
    return hashlib.blake2b(repr(gemeenten).encode(), digest_size=8).hexdigest()


def _deel(gemeenten: Gemeenten) -> list[int]:
    """The places of the gemeenten whose inhabitants are known."""
    return [i for i, (_pk, _naam, inwoners) in enumerate(gemeenten) if inwoners]


def regio_vergelijkbaar(gemeenten: Gemeenten, eigen: int) -> bool:
    """May the regisseur of ``eigen`` see the region's figure per 10,000 inhabitants? Only over
    ``MINSTE_VOOR_VERGELIJKEN`` or more gemeenten with inhabitants known, and not when exactly
    one other gemeente lacks them: the region's total minus that part would be its count."""
    met = [pk for pk, _naam, inwoners in gemeenten if inwoners]
    zonder = [pk for pk, _naam, inwoners in gemeenten if not inwoners and pk != eigen]
    return len(met) >= MINSTE_VOOR_VERGELIJKEN and len(zonder) != 1


def _getal(tekst: str) -> int | None:
    """A count as shown (``1.234``), None when hidden."""
    return None if tekst in (KLEIN, AFGESCHERMD, LEEG) else int(tekst.replace(".", ""))


def _per_inwoners(tekst: str, inwoners: int | None) -> str:
    """A protected count per 10,000 inhabitants: hidden as the count is."""
    n = _getal(tekst)
    if not inwoners or tekst == LEEG:
        return LEEG
    return tekst if n is None else decimaal(per_inwoners(n, inwoners))


# --- The yearly table ---------------------------------------------------------------------------


def regiokolommen(jaar: int, *, tot) -> list[Regiokolom]:
    """Every app's columns (``regiocijfers``), counted region-wide."""
    kolommen: list[Regiokolom] = []
    with alle_gemeenten():
        for onderdeel in bijdragen.functies("regiocijfers"):
            kolommen += onderdeel(jaar, tot=tot)
    return sorted(kolommen, key=lambda k: k.volgorde)


def _volle_tabel(jaar: int, *, tot, gemeenten: Gemeenten) -> dict:
    """The whole table, every gemeente's cells already protected, kept ``BEWAARTIJD`` under the
    year, the date, the language and the gemeenten (a gemeente added shows at once): a view
    then costs the list of gemeenten and the cache, whatever the size of the region. The
    columns per 10,000 inhabitants come last (``per_inwoners``: their places)."""
    sleutel = f"regio:tabel:2:{jaar}:{tot.isoformat()}:{get_language()}:{_welke(gemeenten)}"
    with alle_gemeenten():
        tabel = cache.get(sleutel)
        if tabel is not None:
            return tabel
        kolommen = regiokolommen(jaar, tot=tot)
        tellingen = [[k.per_gemeente.get(pk, 0) for k in kolommen] for pk, _n, _i in gemeenten]
        # Each column on its own (no row totals: the columns count different things).
        per_kolom = (
            [kruistabel([[rij[j]] for rij in tellingen]) for j in range(len(kolommen))]
            if gemeenten
            else []
        )
        titels = [str(k.titel) for k in kolommen]
        rijen = [
            (pk, naam, [per_kolom[j].cellen[i][0] for j in range(len(kolommen))])
            for i, (pk, naam, _inwoners) in enumerate(gemeenten)
        ]
        totaal = [t.kolomtotalen[0] for t in per_kolom]
        afgeschermd = any(t.afgeschermd for t in per_kolom)
        deel = _deel(gemeenten)
        inwoners_deel = sum(gemeenten[i][2] for i in deel)
        per_inwoners_ = []
        for j, kolom in enumerate(kolommen):
            if not (kolom.per_inwoners and deel and gemeenten):
                continue
            per_inwoners_.append(len(titels))
            titels.append(_("%(titel)s per 10.000 inwoners") % {"titel": kolom.titel})
            for i, (_pk, _naam, waarden) in enumerate(rijen):
                waarden.append(_per_inwoners(waarden[j], gemeenten[i][2]))
            som = deeltotaal([rij[j] for rij in tellingen], per_kolom[j], deel)
            totaal.append(_per_inwoners(som, inwoners_deel))
            afgeschermd = afgeschermd or som in (KLEIN, AFGESCHERMD)
        tabel = {
            "titels": titels,
            "rijen": rijen,
            "totaal": totaal,
            "afgeschermd": afgeschermd,
            "per_inwoners": per_inwoners_,
        }
        cache.set(sleutel, tabel, BEWAARTIJD)
    return tabel


def regiotabel(
    jaar: int, *, tot, eigen: int | None, gemeenten: Gemeenten | None = None
) -> tuple[list[str], list[Regel], bool]:
    """(column titles, rows, whether anything was hidden). ``eigen``: a regisseur's gemeente,
    whose row is the only one shown beside the region's total; None: every gemeente."""
    gemeenten = gemeenten_van_de_regio() if gemeenten is None else gemeenten
    tabel = _volle_tabel(jaar, tot=tot, gemeenten=gemeenten)
    if not tabel["titels"] or not tabel["rijen"]:
        return tabel["titels"], [], False
    regels = [
        Regel(naam, list(waarden), pk == eigen)
        for pk, naam, waarden in tabel["rijen"]
        if eigen is None or pk == eigen
    ]
    aantal = len(tabel["rijen"])
    if eigen is not None and aantal < MINSTE_VOOR_VERGELIJKEN:
        # The region's total minus one's own would be the one other gemeente's figure.
        return tabel["titels"], regels, True
    totaal = list(tabel["totaal"])
    if eigen is not None and not regio_vergelijkbaar(gemeenten, eigen):
        for j in tabel["per_inwoners"]:
            totaal[j] = LEEG
    regels.append(Regel(_("Regio (%(n)s gemeenten)") % {"n": aantal}, totaal, totaal=True))
    return tabel["titels"], regels, tabel["afgeschermd"]


# --- The trend ----------------------------------------------------------------------------------


def regioreeksen(vandaag: date) -> list[Regioreeks]:
    """Every app's series (``regiotrends``), counted region-wide."""
    reeksen: list[Regioreeks] = []
    with alle_gemeenten():
        for onderdeel in bijdragen.functies("regiotrends"):
            reeksen += onderdeel(vandaag)
    return sorted(reeksen, key=lambda r: r.volgorde)


def _jaren(maanden: list[date]) -> list[tuple[list[int], bool]]:
    """The months by calendar year, each with whether the whole year up to now is among them
    (then the yearly table shows each gemeente's count of exactly these months)."""
    jaren: dict[int, list[int]] = {}
    for i, maand in enumerate(maanden):
        jaren.setdefault(maand.year, []).append(i)
    return [(plekken, maanden[plekken[0]].month == 1) for plekken in jaren.values()]


def _volle_trend(vandaag: date, *, gemeenten: Gemeenten) -> list[dict]:
    """Every series, every gemeente's months already protected, kept ``BEWAARTIJD`` under the
    day, the language and the gemeenten. Only what is shown: texts, and the counts shown (for
    the chart; None where hidden)."""
    sleutel = f"regio:trend:1:{vandaag.isoformat()}:{get_language()}:{_welke(gemeenten)}"
    with alle_gemeenten():
        trend = cache.get(sleutel)
        if trend is not None:
            return trend
        trend = []
        deel = _deel(gemeenten)
        for reeks in regioreeksen(vandaag):
            leeg = [0] * len(reeks.maanden)
            tellingen = [reeks.per_gemeente.get(pk, leeg) for pk, _n, _i in gemeenten]
            tabel = reeks_afschermen(tellingen, jaren=_jaren(reeks.maanden), deel=deel)
            trend.append(
                {
                    "titel": str(reeks.titel),
                    "labels": [dateformat.format(m, "M Y") for m in reeks.maanden],
                    "van": dateformat.format(reeks.maanden[0], "F Y"),
                    "tot": dateformat.format(reeks.maanden[-1], "F Y"),
                    "gemeenten": {pk: tabel.cellen[i] for i, (pk, _n, _w) in enumerate(gemeenten)},
                    "regio": tabel.totalen,
                    "deel": tabel.deeltotalen,
                    "afgeschermd": tabel.afgeschermd,
                }
            )
        cache.set(sleutel, trend, BEWAARTIJD)
    return trend


@dataclass
class Trend:
    grafieken: list[Grafiek] = field(default_factory=list)
    afgeschermd: bool = False
    zonder_inwoners: bool = False  # the chosen gemeente's inhabitants are not known


def _reeks(label: str, teksten: list[str], getallen: list) -> dict:
    return {"label": label, "teksten": teksten, "data": getallen}


def _grafiek(id_: str, titel: str, labels: list[str], reeksen: list[dict]) -> Grafiek:
    """A chart of one or two series with the same figures as a table, hidden ones as shown."""
    return Grafiek(
        id=id_,
        titel=titel,
        data={
            "labels": labels,
            "reeksen": [{"label": r["label"], "data": r["data"]} for r in reeksen],
        },
        label_kop=_("Maand"),
        kolommen=[(r["label"], "") for r in reeksen],
        rijen=[
            Rij(label, [Cel(r["teksten"][i]) for r in reeksen]) for i, label in enumerate(labels)
        ],
    )


def regiotrend(
    vandaag: date, *, gemeenten: Gemeenten, eigen: int | None, gekozen: int | None
) -> Trend:
    """The trend's charts. The coördinator (``eigen`` None): the region and, when ``gekozen``,
    one gemeente. A regisseur: their own gemeente only (``gekozen`` is not looked at), the
    region's counts beside it as in the table, its figure per 10,000 only when comparable
    (``regio_vergelijkbaar``)."""
    trend = Trend()
    if not gemeenten:
        return trend
    wie = eigen if eigen is not None else gekozen
    gemeente = next((g for g in gemeenten if g[0] == wie), None)
    regio_tonen = eigen is None or len(gemeenten) >= MINSTE_VOOR_VERGELIJKEN
    deel_tonen = eigen is None or (regio_tonen and regio_vergelijkbaar(gemeenten, eigen))
    trend.zonder_inwoners = gemeente is not None and not gemeente[2]
    inwoners_deel = sum(inwoners or 0 for _pk, _naam, inwoners in gemeenten)
    regio_label = _("Regio (%(n)s gemeenten)") % {"n": len(gemeenten)}
    for n, reeks in enumerate(_volle_trend(vandaag, gemeenten=gemeenten)):
        aantallen, per_10000 = [], []
        if gemeente is not None:
            pk, naam, inwoners = gemeente
            teksten = reeks["gemeenten"][pk]
            aantallen.append(_reeks(naam, teksten, [_getal(t) for t in teksten]))
            if inwoners:
                naar = [_per_inwoners(t, inwoners) for t in teksten]
                per_10000.append(_reeks(naam, naar, [_per_10000(t, inwoners) for t in teksten]))
        if regio_tonen:
            teksten = reeks["regio"]
            aantallen.append(_reeks(regio_label, teksten, [_getal(t) for t in teksten]))
        if deel_tonen and reeks["deel"]:
            teksten = reeks["deel"]
            label = _("Regio: gemeenten met bekend aantal inwoners")
            naar = [_per_inwoners(t, inwoners_deel) for t in teksten]
            per_10000.append(_reeks(label, naar, [_per_10000(t, inwoners_deel) for t in teksten]))
        periode = {"van": reeks["van"], "tot": reeks["tot"]}
        if aantallen:
            trend.grafieken.append(
                _grafiek(
                    f"regio-trend-{n}-aantallen",
                    _("%(titel)s per maand, %(van)s tot en met %(tot)s")
                    % {"titel": reeks["titel"], **periode},
                    reeks["labels"],
                    aantallen,
                )
            )
        if per_10000:
            trend.grafieken.append(
                _grafiek(
                    f"regio-trend-{n}-per-inwoners",
                    _("%(titel)s per 10.000 inwoners per maand, %(van)s tot en met %(tot)s")
                    % {"titel": reeks["titel"], **periode},
                    reeks["labels"],
                    per_10000,
                )
            )
        trend.afgeschermd = trend.afgeschermd or any(
            t in (KLEIN, AFGESCHERMD) for r in aantallen + per_10000 for t in r["teksten"]
        )
    return trend


def _per_10000(tekst: str, inwoners: int) -> float | None:
    n = _getal(tekst)
    return None if n is None else per_inwoners(n, inwoners)


class TrendKeuze(forms.Form):
    """The coördinator's choice of one gemeente for the trend; anything else: the region."""

    gemeente = forms.TypedChoiceField(
        label=gettext_lazy("Gemeente"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, data, *, gemeenten: Gemeenten):
        super().__init__(data)
        self.fields["gemeente"].choices = [
            ("", _("Alleen de hele regio")),
            *((pk, naam) for pk, naam, _inwoners in gemeenten),
        ]

    def gekozen(self) -> int | None:
        return self.cleaned_data["gemeente"] if self.is_bound and self.is_valid() else None


# --- The page -----------------------------------------------------------------------------------


@login_required
def regio_overzicht(request):
    coordinator = rollen.is_regiocoordinator(request.user)
    if not (coordinator or rollen.is_regisseur(request.user)):
        raise PermissionDenied
    vandaag = timezone.localdate()
    keuze = JaarKeuze(request.GET if "jaar" in request.GET else None, vandaag=vandaag)
    jaar = keuze.gekozen()
    if keuze.is_bound and not keuze.is_valid():
        keuze = JaarKeuze(None, vandaag=vandaag)
    tot = peildatum(jaar, vandaag)
    gemeenten = gemeenten_van_de_regio()
    eigen = None if coordinator else request.user.gemeente_id
    titels, regels, afgeschermd = regiotabel(jaar, tot=tot, eigen=eigen, gemeenten=gemeenten)
    # Only the coördinator chooses a gemeente; a regisseur's ?gemeente= is not read at all.
    trendkeuze, gekozen = None, None
    if coordinator:
        trendkeuze = TrendKeuze(
            request.GET if "gemeente" in request.GET else None, gemeenten=gemeenten
        )
        gekozen = trendkeuze.gekozen()
        if trendkeuze.is_bound and not trendkeuze.is_valid():
            trendkeuze = TrendKeuze(None, gemeenten=gemeenten)
    trend = regiotrend(vandaag, gemeenten=gemeenten, eigen=eigen, gekozen=gekozen)
    return render(
        request,
        "regio/overzicht.html",
        {
            "jaar": jaar,
            "tot": tot,
            "keuze": keuze,
            "titels": titels,
            "regels": regels,
            "afgeschermd": afgeschermd,
            "uitleg_afscherming": UITLEG_AFSCHERMING,
            "coordinator": coordinator,
            "trend": trend,
            "trendkeuze": trendkeuze,
            "gekozen": gekozen,
            # A regisseur in a region of three or more without the region per 10,000 beside.
            "regio_per_inwoners_niet": eigen is not None
            and len(gemeenten) >= MINSTE_VOOR_VERGELIJKEN
            and not regio_vergelijkbaar(gemeenten, eigen),
        },
    )

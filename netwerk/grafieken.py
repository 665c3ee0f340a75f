"""The network's charts on the /beheer/ dashboard, and the shape every app's charts share.

A chart (``Grafiek``) is two views of the same numbers: the data that ``static/js/grafieken.js``
draws with the vendored Chart.js (sent as ``json_script``, never as inline script), and a table with
links to the filtered lists, so nothing depends on seeing the picture or telling its colours apart.
The shared templates are ``admin/grafieken_paneel.html`` and ``admin/grafiek.html``.

The figures are plain functions of the registry (tests call them directly) that each read a fixed
number of queries, whatever the size of the network. Key persons "op de achtergrond" are counted
like everybody else and only ever appear in a number, never by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, aantal, bewaard, gewijzigd, hoogste

from . import selectors
from .models import (
    SECTOR_VAN_DOMEIN,
    Aandachtsfunctionaris,
    Domein,
    Gemeenschap,
    Organisatie,
    Persoon,
    Sector,
    Sleutelpersoon,
)

# --- The shared shape of a chart ----------------------------------------------------------------


@dataclass
class Cel:
    waarde: int | str
    url: str = ""
    getal: bool = True


@dataclass
class Rij:
    kop: str
    cellen: list[Cel]
    url: str = ""


@dataclass
class Grafiek:
    """One chart: ``data`` is ``{"labels": [...], "reeksen": [{"label", "data"[, "stijl"]}]}``
    (``stijl`` picks a colour and fill pattern in grafieken.js; by default the series' index)."""

    id: str
    titel: str
    data: dict
    label_kop: str
    kolommen: list[tuple[str, str]]  # (heading, link) of each table column after the first
    rijen: list[Rij]
    voet: Rij | None = None
    horizontaal: bool = False
    gestapeld: bool = False
    leeg_tekst: str = field(default_factory=lambda: gettext("Nog geen gegevens."))

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def leeg(self) -> bool:
        return not self.data["labels"]

    @property
    def spec(self) -> dict:
        """What grafieken.js reads: only the numbers and their labels."""
        return {
            "labels": [str(label) for label in self.data["labels"]],
            "reeksen": [
                {"label": str(r["label"]), "data": r["data"], "stijl": r.get("stijl", i)}
                for i, r in enumerate(self.data["reeksen"])
            ],
            "horizontaal": self.horizontaal,
            "gestapeld": self.gestapeld,
        }


def met_query(url: str, **params) -> str:
    return f"{url}?{urlencode(params)}"


def tabel_uit_reeksen(
    data: dict,
    *,
    label_url: Callable[[int], str] | None = None,
    reeks_url: Callable[[int], str] | None = None,
    cel_url: Callable[[int, int], str] | None = None,
    totalen: bool = False,
) -> dict:
    """The table of a chart: a row per label, a column per series (and a total when asked).

    The links take indexes (label, series); a cell links only when it counts something.
    """
    reeksen = data["reeksen"]
    kolommen = [(str(r["label"]), reeks_url(j) if reeks_url else "") for j, r in enumerate(reeksen)]
    rijen = []
    for i, label in enumerate(data["labels"]):
        rij_url = label_url(i) if label_url else ""
        cellen = [
            Cel(r["data"][i], cel_url(i, j) if cel_url and r["data"][i] else "")
            for j, r in enumerate(reeksen)
        ]
        if totalen:
            totaal = sum(r["data"][i] for r in reeksen)
            cellen.append(Cel(totaal, rij_url if totaal else ""))
        rijen.append(Rij(str(label), cellen, rij_url))
    voet = None
    if totalen:
        kolommen.append((gettext("Totaal"), ""))
        per_reeks = [sum(r["data"]) for r in reeksen]
        voet = Rij(
            gettext("Totaal"),
            [
                *(Cel(n, reeks_url(j) if reeks_url and n else "") for j, n in enumerate(per_reeks)),
                Cel(sum(per_reeks)),
            ],
        )
    return {"kolommen": kolommen, "rijen": rijen, "voet": voet}


# --- The network's figures ----------------------------------------------------------------------


def af_per_domein() -> dict:
    """Active aandachtsfunctionarissen (persons, not anonymised) per domain, every domain.

    One series per sector, so the bars of one sector share a colour and pattern; a domain has a
    number only in its own sector's series (the others are ``None``). One query.
    """
    tellingen = selectors.actieve_af_per_domein()  # in the order of Domein
    domeinen = list(Domein)
    aantallen = [n for _label, _sector, n in tellingen]
    return {
        "labels": [str(d.label) for d in domeinen],
        "sleutels": [d.value for d in domeinen],
        "sectoren": [str(SECTOR_VAN_DOMEIN[d].label) for d in domeinen],
        "reeksen": [
            {
                "label": str(sector.label),
                "data": [
                    n if SECTOR_VAN_DOMEIN[d] == sector else None
                    for d, n in zip(domeinen, aantallen, strict=True)
                ],
            }
            for sector in Sector
        ],
        "aantallen": aantallen,
    }


def sleutelpersonen_per_gemeenschap() -> dict:
    """Active key persons per community, and those without a community; a person with ties to
    two communities counts in both. Also, only as totals: how many are active and how many of
    them stay in the background. Two queries."""
    actief = Q(
        sleutelpersonen__actief=True, sleutelpersonen__persoon__geanonimiseerd_op__isnull=True
    )
    gemeenschappen = list(
        Gemeenschap.objects.annotate(n=Count("sleutelpersonen", filter=actief, distinct=True))
        .values_list("pk", "naam", "n")
        .order_by("naam", "pk")
    )
    heeft_gemeenschap = Exists(
        Sleutelpersoon.gemeenschappen.through.objects.filter(sleutelpersoon=OuterRef("pk"))
    )
    totalen = Sleutelpersoon.objects.filter(
        actief=True, persoon__geanonimiseerd_op__isnull=True
    ).aggregate(
        totaal=Count("pk"),
        achtergrond=Count("pk", filter=Q(op_de_achtergrond=True)),
        zonder=Count("pk", filter=~Q(heeft_gemeenschap)),
    )
    labels = [naam for _pk, naam, _n in gemeenschappen]
    data = [n for _pk, _naam, n in gemeenschappen]
    sleutels: list[int | None] = [pk for pk, _naam, _n in gemeenschappen]
    if totalen["zonder"]:
        labels.append(gettext("(geen gemeenschap)"))
        data.append(totalen["zonder"])
        sleutels.append(None)
    return {
        "labels": labels,
        "sleutels": sleutels,
        "reeksen": [{"label": gettext("Actieve sleutelpersonen"), "data": data}],
        "totaal": totalen["totaal"],
        "achtergrond": totalen["achtergrond"],
    }


# --- The panel ----------------------------------------------------------------------------------


def _af_grafiek(data: dict) -> Grafiek:
    lijst = reverse("admin:netwerk_aandachtsfunctionaris_changelist")
    rijen = [
        Rij(
            label,
            [
                Cel(sector, getal=False),
                Cel(
                    n,
                    met_query(lijst, actief__exact=1, organisatie__domein__exact=sleutel)
                    if n
                    else "",
                ),
            ],
        )
        for label, sleutel, sector, n in zip(
            data["labels"], data["sleutels"], data["sectoren"], data["aantallen"], strict=True
        )
    ]
    return Grafiek(
        id="grafiek-af-per-domein",
        titel=gettext("Actieve aandachtsfunctionarissen per domein"),
        data=data,
        label_kop=gettext("Domein"),
        kolommen=[(gettext("Sector"), ""), (gettext("Aandachtsfunctionarissen"), "")],
        rijen=rijen,  # no total: whoever works in two domains counts in both
        horizontaal=True,
        gestapeld=True,  # one series per sector: stacking keeps each domain's bar whole
    )


def _sleutelpersonen_grafiek(data: dict) -> Grafiek:
    lijst = reverse("admin:netwerk_sleutelpersoon_changelist")

    def url(i: int) -> str:
        pk = data["sleutels"][i]
        if pk is None:
            return met_query(lijst, actief__exact=1, gemeenschappen__isnull="True")
        return met_query(lijst, actief__exact=1, gemeenschappen__id__exact=pk)

    tabel = tabel_uit_reeksen(data, cel_url=lambda i, _j: url(i))
    return Grafiek(
        id="grafiek-sleutelpersonen-per-gemeenschap",
        titel=gettext("Actieve sleutelpersonen per gemeenschap"),
        data=data,
        label_kop=gettext("Gemeenschap"),
        horizontaal=True,
        leeg_tekst=gettext("Nog geen gemeenschappen of sleutelpersonen."),
        **tabel,
    )


# Kept for a minute (kern.dashboard) under the newest and latest changed row of what it counts.
@bewaard(
    *gewijzigd(Aandachtsfunctionaris),
    *gewijzigd(Persoon),
    *gewijzigd(Organisatie),
    *gewijzigd(Sleutelpersoon),
    aantal(Gemeenschap),
    hoogste(Gemeenschap),
    aantal(Sleutelpersoon.gemeenschappen.through),
    hoogste(Sleutelpersoon.gemeenschappen.through),
)
def panelen(request):
    if not rollen.is_regisseur(request.user):  # the registry is the regisseur's work
        return []
    sleutel = sleutelpersonen_per_gemeenschap()
    return [
        Paneel(
            titel=_("Samenstelling van het netwerk"),
            template="admin/grafieken_paneel.html",
            context={
                "grafieken": [_af_grafiek(af_per_domein()), _sleutelpersonen_grafiek(sleutel)],
                "toelichting": gettext(
                    "%(totaal)s actieve sleutelpersonen, van wie %(achtergrond)s op de "
                    "achtergrond: zij tellen mee in deze aantallen. Wie banden heeft met twee "
                    "gemeenschappen, telt bij allebei."
                )
                % {"totaal": sleutel["totaal"], "achtergrond": sleutel["achtergrond"]},
            },
            volgorde=510,
            breed=True,
        )
    ]

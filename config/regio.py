"""The region's figures (issue 18): per gemeente and for the whole region, counts only.

``/regio/`` shows the regiocoördinator every active gemeente of the region and the region's
total; a regisseur sees their own gemeente beside the region's total, to compare. Each app adds
its columns (``kern.bijdragen``, kind ``regiocijfers``), each one grouped query over the whole
region, so the page's cost does not grow with the number of gemeenten. Small numbers are hidden
as in the yearly report (``kern.rapport.kruistabel``: ``<5``, and ``×`` where one could be
worked out from the totals), decided on the whole table, so the regisseur's view hides what the
coördinator's does. The counts are kept for five minutes (``BEWAARTIJD``), as the page says.

This page and signalen.overeenkomsten are the places that read tenant data region-wide
(docs/regio.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import rollen
from kern import bijdragen
from kern.rapport import UITLEG_AFSCHERMING, Regiokolom, kruistabel
from regio.models import Gemeente
from regio.scope import alle_gemeenten

from .jaarverslag import JaarKeuze, peildatum

# A regisseur sees the region's total beside their own gemeente only when the region has at
# least this many: with two, the total minus one's own is the other gemeente's count.
MINSTE_VOOR_VERGELIJKEN = 3


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


def regiokolommen(jaar: int, *, tot) -> list[Regiokolom]:
    """Every app's columns (``regiocijfers``), counted region-wide."""
    kolommen: list[Regiokolom] = []
    with alle_gemeenten():
        for onderdeel in bijdragen.functies("regiocijfers"):
            kolommen += onderdeel(jaar, tot=tot)
    return sorted(kolommen, key=lambda k: k.volgorde)


def _volle_tabel(jaar: int, *, tot) -> dict:
    """The whole table, every gemeente's cells already protected, kept ``BEWAARTIJD`` under the
    year, the date, the language and the gemeenten (a gemeente added shows at once): a view
    then costs the list of gemeenten and the cache, whatever the size of the region."""
    with alle_gemeenten():
        gemeenten = list(
            Gemeente.objects.gemeenten().order_by("naam").values_list("pk", "naam")
        )
        welke = hashlib.blake2b(repr(gemeenten).encode(), digest_size=8).hexdigest()
        sleutel = f"regio:tabel:1:{jaar}:{tot.isoformat()}:{get_language()}:{welke}"
        tabel = cache.get(sleutel)
        if tabel is None:
            kolommen = regiokolommen(jaar, tot=tot)
            tellingen = [[k.per_gemeente.get(pk, 0) for k in kolommen] for pk, _n in gemeenten]
            # Each column on its own (no row totals: the columns count different things).
            per_kolom = (
                [kruistabel([[rij[j]] for rij in tellingen]) for j in range(len(kolommen))]
                if gemeenten
                else []
            )
            tabel = {
                "titels": [str(k.titel) for k in kolommen],
                "rijen": [
                    (pk, naam, [per_kolom[j].cellen[i][0] for j in range(len(kolommen))])
                    for i, (pk, naam) in enumerate(gemeenten)
                ],
                "totaal": [t.kolomtotalen[0] for t in per_kolom],
                "afgeschermd": any(t.afgeschermd for t in per_kolom),
            }
            cache.set(sleutel, tabel, BEWAARTIJD)
    return tabel


def regiotabel(jaar: int, *, tot, eigen: int | None) -> tuple[list[str], list[Regel], bool]:
    """(column titles, rows, whether anything was hidden). ``eigen``: a regisseur's gemeente,
    whose row is the only one shown beside the region's total; None: every gemeente."""
    tabel = _volle_tabel(jaar, tot=tot)
    if not tabel["titels"] or not tabel["rijen"]:
        return tabel["titels"], [], False
    regels = [
        Regel(naam, waarden, pk == eigen)
        for pk, naam, waarden in tabel["rijen"]
        if eigen is None or pk == eigen
    ]
    aantal = len(tabel["rijen"])
    if eigen is not None and aantal < MINSTE_VOOR_VERGELIJKEN:
        # The region's total minus one's own would be the one other gemeente's figure.
        return tabel["titels"], regels, True
    regels.append(Regel(_("Regio (%(n)s gemeenten)") % {"n": aantal}, tabel["totaal"], totaal=True))
    return tabel["titels"], regels, tabel["afgeschermd"]


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
    titels, regels, afgeschermd = regiotabel(
        jaar, tot=tot, eigen=None if coordinator else request.user.gemeente_id
    )
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
        },
    )

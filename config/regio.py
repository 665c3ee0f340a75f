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
    sleutel = f"regio:cijfers:1:{jaar}:{tot.isoformat()}:{get_language()}"
    with alle_gemeenten():
        kolommen = cache.get(sleutel)
        if kolommen is None:
            kolommen = []
            for onderdeel in bijdragen.functies("regiocijfers"):
                kolommen += onderdeel(jaar, tot=tot)
            kolommen.sort(key=lambda k: k.volgorde)
            cache.set(sleutel, kolommen, BEWAARTIJD)
    return kolommen


def regiotabel(jaar: int, *, tot, eigen: int | None) -> tuple[list[str], list[Regel], bool]:
    """(column titles, rows, whether anything was hidden). ``eigen``: a regisseur's gemeente,
    whose row is the only one shown beside the region's total; None: every gemeente."""
    with alle_gemeenten():
        gemeenten = list(Gemeente.objects.filter(actief=True).order_by("naam"))
    kolommen = regiokolommen(jaar, tot=tot)
    tellingen = [[k.per_gemeente.get(g.pk, 0) for k in kolommen] for g in gemeenten]
    if not kolommen or not gemeenten:
        return [k.titel for k in kolommen], [], False
    # Each column on its own (no row totals: the columns count different things).
    per_kolom = [kruistabel([[rij[j]] for rij in tellingen]) for j in range(len(kolommen))]
    regels = [
        Regel(g.naam, [per_kolom[j].cellen[i][0] for j in range(len(kolommen))], g.pk == eigen)
        for i, g in enumerate(gemeenten)
        if eigen is None or g.pk == eigen
    ]
    if eigen is not None and len(gemeenten) < MINSTE_VOOR_VERGELIJKEN:
        # The region's total minus one's own would be the one other gemeente's figure.
        return [k.titel for k in kolommen], regels, True
    regels.append(
        Regel(
            _("Regio (%(n)s gemeenten)") % {"n": len(gemeenten)},
            [t.kolomtotalen[0] for t in per_kolom],
            totaal=True,
        )
    )
    return [k.titel for k in kolommen], regels, any(t.afgeschermd for t in per_kolom)


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

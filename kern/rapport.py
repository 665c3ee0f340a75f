"""Building blocks of aggregate reports (the yearly report, ``config.jaarverslag``): sections of
tables of plain text, the period of a year, number formats, the CSV, and small-number protection
(for the region's part and months beside its tables: ``kern.regiorapport``).

Apps build their own sections (``<app>/jaarcijfers.py``) from these; nothing here reads a model.

Small-number protection (``afschermen``): in a small town a count of 1 to 4 can point to a person,
so such a count is shown as ``<5``. A hidden count must also not be recomputable from the totals
next to it: the rows and columns are checked the way a curious reader would (each line's total is
the sum of its cells), and while some small count can still be derived exactly, one more count in
that line is hidden too (shown as ``×``). The check reasons over the sets of values each hidden
cell can take, so it also sees what the markers give away (``<5`` is 1 to 4; ``×`` is taken to be
0 or 5 and up, as it nearly always is). A table that cannot be protected that way (everything in
it small) is hidden entirely.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Counts from 1 up to (not including) this number are hidden.
DREMPEL = 5
KLEIN = "<5"
AFGESCHERMD = "×"
LEEG = "–"


@dataclass
class Rij:
    kop: str  # the row header (a label, never a person)
    waarden: list[str]
    totaal: bool = False


@dataclass
class Tabel:
    titel: str  # the caption
    kolommen: list[str]  # the header of the row-header column first
    rijen: list[Rij]
    noot: str = ""


@dataclass
class Regiokolom:
    """One column of the region's figures (``config.regio``): a count per gemeente id, made
    region-wide with one grouped query. Only counts; never anything of a person."""

    titel: str
    per_gemeente: dict[int, int]
    volgorde: int = 100
    per_inwoners: bool = False  # also shown per 10,000 inhabitants, where they are known


@dataclass
class Regioreeks:
    """A count per month and gemeente over the last months (the trend of ``config.regio``),
    made region-wide with one grouped query. Only counts; never anything of a person."""

    titel: str
    maanden: list[date]  # the first day of each month, oldest first
    per_gemeente: dict[int, list[int]]  # a count per month, in the order of ``maanden``
    volgorde: int = 100


@dataclass
class Sectie:
    titel: str
    tabellen: list[Tabel]
    inleiding: str = ""
    noten: list[str] = field(default_factory=list)


# --- Period -------------------------------------------------------------------------------------


def periode(jaar: int, tot: date) -> tuple[datetime, datetime]:
    """The year as a half-open range of aware datetimes: from 1 January 00:00 (local time) to
    the midnight after ``tot``."""
    return _middernacht(date(jaar, 1, 1)), _middernacht(tot + timedelta(days=1))


def _middernacht(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


# --- Formats ------------------------------------------------------------------------------------


def getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def decimaal(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def percentage(deel: int, geheel: int) -> str:
    return f"{round(100 * deel / geheel)}%" if geheel else LEEG


# --- Small-number protection --------------------------------------------------------------------

Sleutel = Hashable
Lijn = tuple[list[Sleutel], Sleutel]  # (the cells, their total): sum(cells) == total


def _bits(waarden: Iterable[int]) -> int:
    uit = 0
    for w in waarden:
        uit |= 1 << w
    return uit


def _reeks(van: int, tot: int) -> int:
    """The values van..tot (inclusive) as bits."""
    return ((1 << (tot - van + 1)) - 1) << van if tot >= van else 0


def _stukken(bits: int) -> Iterable[tuple[int, int]]:
    """The runs of consecutive values in ``bits``: (first, length)."""
    while bits:
        van = (bits & -bits).bit_length() - 1
        rest = bits >> van
        lengte = (rest ^ (rest + 1)).bit_length() - 1
        yield van, lengte
        bits &= ~(((1 << lengte) - 1) << van)


def _uitsmeren(bits: int, lengte: int, links: bool) -> int:
    """bits | bits<<1 | ... | bits<<(lengte-1) (or >> when not ``links``), by doubling."""
    uit, gedaan = bits, 1
    while gedaan < lengte:
        stap = min(gedaan, lengte - gedaan)
        uit |= (uit << stap) if links else (uit >> stap)
        gedaan += stap
    return uit


def _plus(a: int, b: int) -> int:
    """Every x + y with x in a and y in b."""
    uit = 0
    for van, lengte in _stukken(b):
        uit |= _uitsmeren(a, lengte, True) << van
    return uit


def _min(a: int, b: int) -> int:
    """Every x - y >= 0 with x in a and y in b."""
    uit = 0
    for van, lengte in _stukken(b):
        uit |= _uitsmeren(a, lengte, False) >> van
    return uit


def _sommen(domeinen: list[int], masker: int) -> int:
    """Every sum of one value from each domain."""
    uit = 1
    for domein in domeinen:
        uit = _plus(uit, domein) & masker
    return uit


def _vernauwen(domeinen: dict, lijnen: list[Lijn], masker: int) -> None:
    """Shrink each value's set of possibilities by the line sums, until nothing changes."""
    veranderd = True
    while veranderd:
        veranderd = False
        for cellen, totaal in lijnen:
            for i, cel in enumerate(cellen):
                rest = _sommen([domeinen[c] for j, c in enumerate(cellen) if j != i], masker)
                mogelijk = domeinen[cel] & _min(domeinen[totaal], rest)
                if mogelijk != domeinen[cel]:
                    domeinen[cel], veranderd = mogelijk, True
            mogelijk = domeinen[totaal] & _sommen([domeinen[c] for c in cellen], masker)
            if mogelijk != domeinen[totaal]:
                domeinen[totaal], veranderd = mogelijk, True


def afschermen(
    waarden: dict[Sleutel, int],
    lijnen: list[Lijn],
    primair: set[Sleutel],
    mogelijk: Callable[[Sleutel, bool, int], int],
    kosten: Callable[[Sleutel], tuple] | None = None,
) -> dict[Sleutel, str]:
    """Which values to hide: ``primair`` (the small ones) and as few others as it takes so that
    no primary value can be derived exactly from the lines; all of them, shown as hidden
    without a bound, when even that is not enough.

    ``mogelijk(sleutel, is_primair, grens)`` gives, as bits, the values up to ``grens`` a reader
    knows a hidden one can take; ``kosten`` orders the candidates for hiding (cheapest first;
    default: the smallest value that is not 0). Returns ``{sleutel: "primair" | "secundair"}``.
    """
    kosten = kosten or (lambda s: (waarden[s] == 0, waarden[s]))
    grens = 2 * sum(waarden.values()) + 2 * DREMPEL
    masker = _reeks(0, grens)

    def domeinen_bij(verborgen: dict) -> dict:
        domeinen = {
            s: mogelijk(s, verborgen[s] == "primair", grens) & masker
            if s in verborgen
            else 1 << waarden[s]
            for s in waarden
        }
        _vernauwen(domeinen, lijnen, masker)
        return domeinen

    def bekend(domeinen: dict, sleutels) -> list:
        return [s for s in sleutels if (domeinen[s] & (domeinen[s] - 1)) == 0]

    verborgen = dict.fromkeys(primair, "primair")
    for _ronde in range(len(waarden) + 1):
        domeinen = domeinen_bij(verborgen)
        doel = next(iter(bekend(domeinen, sorted(primair, key=str))), None)
        if doel is None:
            return verborgen
        # The candidates: first those in a line of the small one, then those in a line of a
        # hidden value the reader can derive (the way the reader got there), then the rest;
        # cells before totals, cheapest first.
        afgeleid = set(bekend(domeinen, verborgen))

        def volgorde(s, doel=doel, afgeleid=afgeleid):
            rond = 2
            for cellen, totaal in lijnen:
                if s in cellen or s == totaal:
                    if doel in cellen or doel == totaal:
                        rond = 0
                    elif rond > 1 and afgeleid & {*cellen, totaal}:
                        rond = 1
            is_totaal = any(s == totaal for _c, totaal in lijnen)
            return (rond, is_totaal, kosten(s), str(s))

        kandidaten = sorted((s for s in waarden if s not in verborgen), key=volgorde)
        if not kandidaten:
            # Everything is hidden and the small ones still follow from their bounds (four
            # times ‘<5’ adding up to ‘<5’ is four ones): then nothing is said at all.
            return dict.fromkeys(waarden, "secundair")
        # The first that stops the small one from being derived; else the first that cannot
        # be derived itself once hidden; else the first.
        gekozen = None
        for eis in ("doel", "zelf"):
            for s in kandidaten:
                proef = domeinen_bij({**verborgen, s: "secundair"})
                if not bekend(proef, [doel if eis == "doel" else s]):
                    gekozen = s
                    break
            if gekozen is not None:
                break
        verborgen[gekozen if gekozen is not None else kandidaten[0]] = "secundair"
    return verborgen  # pragma: no cover - every round hides one more value


def klein(n: int) -> bool:
    return 1 <= n < DREMPEL


def _telling_mogelijk(sleutel, is_primair: bool, grens: int) -> int:
    """What a reader knows of a hidden count: ``<5`` is 1 to 4; ``×`` is 0 or 5 and up."""
    return _reeks(1, DREMPEL - 1) if is_primair else 1 | _reeks(DREMPEL, grens)


@dataclass
class Kruistabel:
    """Counts with their row and column totals, small counts hidden (see the module)."""

    cellen: list[list[str]]
    rijtotalen: list[str]
    kolomtotalen: list[str]
    totaal: str
    afgeschermd: bool  # did anything get hidden?


def kruistabel(tellingen: list[list[int]]) -> Kruistabel:
    """Hide the small counts of a table (rows × columns) with its totals. A table of one column
    gets no row totals (they would repeat the cells)."""
    r = len(tellingen)
    k = len(tellingen[0]) if tellingen else 0
    met_rijtotaal = k > 1
    waarden: dict = {}
    lijnen: list[Lijn] = []
    for i, rij in enumerate(tellingen):
        for j, n in enumerate(rij):
            waarden[(i, j)] = n
    if met_rijtotaal:
        for i in range(r):
            waarden[(i, k)] = sum(tellingen[i])
            lijnen.append(([(i, j) for j in range(k)], (i, k)))
    for j in range(k):
        waarden[(r, j)] = sum(tellingen[i][j] for i in range(r))
        lijnen.append(([(i, j) for i in range(r)], (r, j)))
    if met_rijtotaal:
        waarden[(r, k)] = sum(waarden[(i, k)] for i in range(r))
        lijnen.append(([(r, j) for j in range(k)], (r, k)))
        lijnen.append(([(i, k) for i in range(r)], (r, k)))
    primair = {s for s, n in waarden.items() if klein(n)}
    verborgen = afschermen(waarden, lijnen, primair, _telling_mogelijk)

    def tekst(s) -> str:
        if s in verborgen:
            return KLEIN if verborgen[s] == "primair" else AFGESCHERMD
        return getal(waarden[s])

    kolommen = k + 1 if met_rijtotaal else k
    return Kruistabel(
        cellen=[[tekst((i, j)) for j in range(k)] for i in range(r)],
        rijtotalen=[tekst((i, k)) for i in range(r)] if met_rijtotaal else [],
        kolomtotalen=[tekst((r, j)) for j in range(kolommen)],
        totaal=tekst((r, k)) if met_rijtotaal else tekst((r, 0)),
        afgeschermd=bool(verborgen),
    )


def groepen_afschermen(
    waarden: dict[Sleutel, int],
    grootte: dict[Sleutel, int],
    bovengrens: dict[Sleutel, int],
    lijnen: list[Lijn],
) -> set[Sleutel]:
    """For figures about small groups of people (how many of the 3 aandachtsfunctionarissen of a
    domain are trained; how many of a network's 4 invitees came): the figure (``waarden``) of a
    group of 1 to 4 people (``grootte``) is hidden, and so is another where it could be derived
    from a total. A reader knows a hidden figure lies between 0 and its ``bovengrens``; the
    smallest groups are hidden first."""
    primair = {s for s, n in grootte.items() if klein(n)}
    verborgen = afschermen(
        waarden,
        lijnen,
        primair,
        lambda s, _p, grens: _reeks(0, min(bovengrens[s], grens)),
        kosten=lambda s: (grootte[s],),
    )
    return set(verborgen)


def telling(n: int) -> str:
    """A single count that is no part of a table with totals."""
    return KLEIN if klein(n) else getal(n)


UITLEG_AFSCHERMING = _(
    "Kleine aantallen zijn afgeschermd: in een kleine gemeente kan een aantal van 1 tot en met 4 "
    "naar een persoon wijzen. Zo'n aantal staat er als ‘<5’. Waar het uit de totalen terug te "
    "rekenen zou zijn, is ook een ander aantal afgeschermd; dat staat er als ‘×’."
)


# --- CSV ----------------------------------------------------------------------------------------


# A cell starting with one of these is run as a formula by a spreadsheet.
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilig(waarde) -> str:
    """A cell a spreadsheet will not run as a formula (the value is kept, after a quote)."""
    tekst = "" if waarde is None else str(waarde)
    return "'" + tekst if tekst.startswith(FORMULE_TEKENS) else tekst


def csv_antwoord(tekst: str, bestandsnaam: str) -> HttpResponse:
    """A CSV download: with a BOM, so Excel reads it as UTF-8; never cached."""
    antwoord = HttpResponse("\ufeff" + tekst, content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    antwoord["Cache-Control"] = "no-store"
    return antwoord


class _Doorgeven:
    """A file for ``csv.writer`` that hands back what is written instead of keeping it."""

    def write(self, tekst: str) -> str:
        return tekst


# Lines per piece of a streamed CSV: few writes to the socket, little in memory.
STROOM_REGELS = 500


def csv_stroom(regels: Iterable[list], bestandsnaam: str) -> StreamingHttpResponse:
    """A CSV download written as it is read, a few hundred lines at a time: a long list never
    sits in memory whole. Every cell goes through ``veilig`` (no formulas; a cell made safe
    before stays as it is); figures must come already protected (``afschermen``). Like
    ``csv_antwoord``: a BOM, never cached."""
    schrijver = csv.writer(_Doorgeven(), delimiter=";")

    def stroom() -> Iterator[str]:
        stuk = ["\ufeff"]
        for regel in regels:
            stuk.append(schrijver.writerow([veilig(cel) for cel in regel]))
            if len(stuk) >= STROOM_REGELS:
                yield "".join(stuk)
                stuk = []
        if stuk:
            yield "".join(stuk)

    antwoord = StreamingHttpResponse(stroom(), content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    antwoord["Cache-Control"] = "no-store"
    return antwoord


def als_csv(jaar: int, tot: date, secties: list[Sectie], *, gemeente: str = "") -> str:
    """One line per cell (municipality; year; section; table; row; column; value), so figures
    of several years or municipalities can be put together; the notes as lines of their own."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    kop = ["Gemeente", "Jaar", "Peildatum", "Onderdeel", "Tabel", "Rij", "Kolom", "Waarde"]
    schrijver.writerow(kop)
    begin = [veilig(gemeente), jaar, tot.isoformat()]
    for sectie in secties:
        for noot in sectie.noten:
            schrijver.writerow(_rij(begin, sectie.titel, "", "", str(_("Toelichting")), noot))
        for tabel in sectie.tabellen:
            if tabel.noot:
                schrijver.writerow(
                    _rij(begin, sectie.titel, tabel.titel, "", str(_("Toelichting")), tabel.noot)
                )
            for rij in tabel.rijen:
                for kolom, waarde in zip(tabel.kolommen[1:], rij.waarden, strict=False):
                    cel = (sectie.titel, tabel.titel, rij.kop, kolom, waarde)
                    schrijver.writerow(_rij(begin, *cel))
    return uit.getvalue()


def _rij(begin, *velden) -> list[str]:
    return [*(str(b) for b in begin), *(veilig(v) for v in velden)]

"""Small-number protection for figures published beside others (the region's figures,
``config.regio``): a part of the region (the gemeenten with inhabitants known) beside the whole,
and the months of a trend beside the yearly table of the same years. Split from ``kern.rapport``
(its tables and ``afschermen``), whose reasoning over the values a hidden cell can take it uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rapport import (
    AFGESCHERMD,
    DREMPEL,
    KLEIN,
    LEEG,
    Kruistabel,
    Lijn,
    Sleutel,
    _min,
    _plus,
    _reeks,
    _telling_mogelijk,
    getal,
    klein,
    kruistabel,
)

PER_INWONERS = 10_000
# A regisseur sees the region beside their own gemeente only when the region has at least this
# many (config.regio): with two, the region minus one's own is the other gemeente's figure.
MINSTE_VOOR_VERGELIJKEN = 3
# Candidates tried per value hidden (``naast_afschermen``): the check costs the whole table.
PROEVEN = 3


def per_inwoners(n: int, inwoners: int) -> float:
    """``n`` per 10,000 of ``inwoners``, to one decimal."""
    return round(n * PER_INWONERS / inwoners, 1)


def _vernauwen_lang(domeinen: dict, lijnen: list[Lijn], masker: int) -> None:
    """``_vernauwen`` for lines of many hidden values: what the others of a line can add up to
    comes from the sums before and after each value, a few sums per value instead of one per
    pair."""
    veranderd = True
    while veranderd:
        veranderd = False
        for cellen, totaal in lijnen:
            voor, na = [1], [1]
            for cel in cellen:
                voor.append(_plus(voor[-1], domeinen[cel]) & masker)
            for cel in reversed(cellen):
                na.append(_plus(na[-1], domeinen[cel]) & masker)
            na.reverse()  # na[i]: what cellen[i:] can add up to
            for i, cel in enumerate(cellen):
                rest = _plus(voor[i], na[i + 1]) & masker
                mogelijk = domeinen[cel] & _min(domeinen[totaal], rest)
                if mogelijk != domeinen[cel]:
                    domeinen[cel], veranderd = mogelijk, True
            mogelijk = domeinen[totaal] & voor[-1]
            if mogelijk != domeinen[totaal]:
                domeinen[totaal], veranderd = mogelijk, True


def naast_afschermen(
    waarden: dict[Sleutel, int], lijnen: list[Lijn], vast: dict[Sleutel, str]
) -> dict[Sleutel, str]:
    """Small-number protection for counts published beside others already protected: ``vast``
    holds those with their text as shown there (a number, ``<5`` or ``×``), never hidden anew.
    The small counts among the rest are hidden, then one more at a time of the rest (in a line
    of a small count that can still be worked out, in the line with the fewest hidden, the
    cheapest cell first) until no small count, here or there, can be worked out from the lines
    together, reasoning as ``afschermen`` does. Built for large tables (a year of months of
    every gemeente): a few checks of the whole per value hidden. Returns the text of every count
    not in ``vast``.

    Where the figures beside give a small count away through its marker alone (a year of 6 in
    the yearly table, its months hidden as ``<5`` and ``×``: 1 and 5), that count is shown as
    ``×``, and checked as a value a reader knows nothing of. A hidden count the reader can work
    out anyway is shown: it says nothing new."""
    grens = 2 * max(waarden.values(), default=0) + 2 * DREMPEL
    masker = _reeks(0, grens)
    lijnen_van: dict[Sleutel, list[int]] = {}
    for n, (cellen, totaal) in enumerate(lijnen):
        for s in (*cellen, totaal):
            lijnen_van.setdefault(s, []).append(n)
    totalen = {totaal for _c, totaal in lijnen}
    vrij = [s for s in waarden if s not in vast]
    # "primair": <5 (1 to 4); "secundair": × (0 or 5 and up); "vermomd": × (anything).
    verborgen = {
        s: "primair" if tekst == KLEIN else "secundair"
        for s, tekst in vast.items()
        if tekst in (KLEIN, AFGESCHERMD)
    }
    verborgen.update((s, "primair") for s in vrij if klein(waarden[s]))
    gevoelig = sorted((s for s, m in verborgen.items() if m == "primair"), key=str)

    def afleidbaar(verborgen: dict) -> set:
        """The hidden counts a reader can work out exactly. Each line is reduced to its hidden
        counts and what its shown ones add up to."""
        domeinen = {
            s: _reeks(0, grens)
            if soort == "vermomd"
            else _telling_mogelijk(s, soort == "primair", grens) & masker
            for s, soort in verborgen.items()
        }
        korte: list[Lijn] = []
        for n, (cellen, totaal) in enumerate(lijnen):
            open_ = [c for c in cellen if c in verborgen]
            bekend = sum(waarden[c] for c in cellen if c not in verborgen)
            if totaal in verborgen:
                domeinen[("bekend", n)] = 1 << bekend
                korte.append(([*open_, ("bekend", n)], totaal))
            elif open_:
                domeinen[("rest", n)] = 1 << (waarden[totaal] - bekend)
                korte.append((open_, ("rest", n)))
        _vernauwen_lang(domeinen, korte, masker)
        return {s for s in verborgen if domeinen[s] & (domeinen[s] - 1) == 0}

    def met_alles(verborgen: dict) -> set:
        """``afleidbaar`` with every count of this table hidden."""
        return afleidbaar({**dict.fromkeys(vrij, "secundair"), **verborgen})

    alles = met_alles(verborgen)
    while vermommen := [s for s in gevoelig if s in alles and verborgen[s] == "primair"]:
        verborgen.update(dict.fromkeys((s for s in vermommen if s not in vast), "vermomd"))
        if all(s in vast for s in vermommen):
            break
        alles = met_alles(verborgen)
    # What the figures beside give away on their own is not this table's to mend.
    doelen = [s for s in gevoelig if s not in alles]
    for _ronde in range(len(vrij) + 1):
        bekend = afleidbaar(verborgen)
        doel = next((s for s in doelen if s in bekend), None)
        if doel is None:
            break

        def volgorde(s, via):
            open_ = min(
                (
                    sum(c in verborgen for c in (*lijnen[n][0], lijnen[n][1]))
                    for n in lijnen_van.get(s, ())
                    if n in via
                ),
                default=0,
            )
            return (open_, s in totalen, waarden[s] == 0, waarden[s], str(s))

        # In a line of the small one, else of a hidden count that can be worked out, else
        # anywhere; of a few, the first that cannot be worked out itself once hidden.
        for via in (
            set(lijnen_van.get(doel, ())),
            {n for a in bekend for n in lijnen_van.get(a, ())},
            set(range(len(lijnen))),
        ):
            naast = {
                s
                for n in via
                for s in (*lijnen[n][0], lijnen[n][1])
                if s not in verborgen and s not in vast
            }
            if naast:
                kandidaten = sorted(naast, key=lambda s, via=via: volgorde(s, via))
                gekozen = next(
                    (
                        s
                        for s in kandidaten[:PROEVEN]
                        if s not in afleidbaar({**verborgen, s: "secundair"})
                    ),
                    kandidaten[0],
                )
                verborgen[gekozen] = "secundair"
                break
        else:  # pragma: no cover - with nothing left to hide the small one is in ``alles``
            break
    for s in afleidbaar(verborgen):
        if s not in vast and verborgen[s] == "secundair":
            del verborgen[s]

    def tekst(s) -> str:
        if s in verborgen:
            return KLEIN if verborgen[s] == "primair" else AFGESCHERMD
        return getal(waarden[s])

    return {s: tekst(s) for s in vrij}


def deeltotaal(tellingen: list[int], kolom: Kruistabel, deel: list[int]) -> str:
    """The total of the rows ``deel`` (the gemeenten whose inhabitants are known) of a column
    protected by ``kruistabel``, published beside it: ``<5`` when small, ``×`` when together with
    the column as shown it would give a hidden count away, the column's total when ``deel`` is
    every row, ``LEEG`` when it is none."""
    if not deel:
        return LEEG
    if len(deel) == len(tellingen):
        return kolom.kolomtotalen[0]
    waarden: dict[Sleutel, int] = {("c", i): n for i, n in enumerate(tellingen)}
    waarden["T"] = sum(tellingen)
    waarden["D"] = sum(tellingen[i] for i in deel)
    vast = {("c", i): kolom.cellen[i][0] for i in range(len(tellingen))}
    vast["T"] = kolom.kolomtotalen[0]
    lijnen: list[Lijn] = [
        ([("c", i) for i in range(len(tellingen))], "T"),
        ([("c", i) for i in deel], "D"),
    ]
    return naast_afschermen(waarden, lijnen, vast)["D"]


@dataclass
class Reekstabel:
    """Counts per row (gemeente) and month, protected (``reeks_afschermen``)."""

    cellen: list[list[str]]
    totalen: list[str]  # per month, every row
    deeltotalen: list[str]  # per month, the rows of ``deel`` (each month's total when all)
    afgeschermd: bool


def reeks_afschermen(
    tellingen: list[list[int]], *, jaren: list[tuple[list[int], bool]], deel: list[int]
) -> Reekstabel:
    """Counts per row (gemeente) and month (``tellingen[rij][maand]``) with each month's total
    and the total of the rows ``deel``, small counts hidden as in ``kruistabel``. ``jaren``
    splits the months into calendar years, each with whether a row's count of that whole year is
    published beside (the yearly table: one column protected by ``kruistabel``, its part by
    ``deeltotaal``): then those count as totals of the year's months, as a curious reader would
    take them, so no month gives a small count of the year table away, nor the other way round.
    The years do not share a line, so each is protected on its own."""
    r = len(tellingen)
    met_deel = 0 < len(deel) < r
    teksten: dict[Sleutel, str] = {}
    for maanden, heel in jaren:
        waarden: dict[Sleutel, int] = {}
        lijnen: list[Lijn] = []
        vast: dict[Sleutel, str] = {}
        for i in maanden:
            for g in range(r):
                waarden[("c", g, i)] = tellingen[g][i]
            waarden[("R", i)] = sum(tellingen[g][i] for g in range(r))
            lijnen.append(([("c", g, i) for g in range(r)], ("R", i)))
            if met_deel:
                waarden[("S", i)] = sum(tellingen[g][i] for g in deel)
                lijnen.append(([("c", g, i) for g in deel], ("S", i)))
        if heel and r:
            per_rij = [sum(tellingen[g][i] for i in maanden) for g in range(r)]
            jaar = kruistabel([[n] for n in per_rij])
            for g in range(r):
                waarden[("J", g)], vast[("J", g)] = per_rij[g], jaar.cellen[g][0]
                lijnen.append(([("c", g, i) for i in maanden], ("J", g)))
            waarden["T"], vast["T"] = sum(per_rij), jaar.kolomtotalen[0]
            lijnen.append(([("J", g) for g in range(r)], "T"))
            lijnen.append(([("R", i) for i in maanden], "T"))
            if met_deel:
                waarden["D"] = sum(per_rij[g] for g in deel)
                vast["D"] = deeltotaal(per_rij, jaar, deel)
                lijnen.append(([("J", g) for g in deel], "D"))
                lijnen.append(([("S", i) for i in maanden], "D"))
        teksten.update(naast_afschermen(waarden, lijnen, vast))
    k = len(tellingen[0]) if tellingen else 0
    totalen = [teksten[("R", i)] for i in range(k)]
    return Reekstabel(
        cellen=[[teksten[("c", g, i)] for i in range(k)] for g in range(r)],
        totalen=totalen,
        deeltotalen=(
            [teksten[("S", i)] for i in range(k)] if met_deel else totalen if deel else []
        ),
        afgeschermd=any(t in (KLEIN, AFGESCHERMD) for t in teksten.values()),
    )

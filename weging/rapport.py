"""The consistency report of the wegingen (``/weging/rapport/``): are signals weighed alike?

Over the confirmed wegingen of a year (confirmed in it), aggregates only:

- the outcomes;
- per indicator, how often "aanwezig" went with each outcome (``kern.rapport.kruistabel``:
  small counts hidden, as in the yearly report);
- how many groups of similar wegingen (the same kader and the same set of indicators present)
  had different outcomes, and how many wegingen are in them;
- how many wegingen took longer than the expected duration of the phase weging
  (``signalen.models.Fasebeschrijving``): from the moment the signal entered the phase to the
  confirmation.

No name, reference, explanation or reasoning: row headers are the kader's own texts (groups and
indicators, configuration without personal data) and the outcomes. The same few queries
whatever the number of wegingen (``_gegevens``: two narrow reads, grouped here).

``verschillen`` is the regisseur's own page behind the count of differing groups: per group
the indicators and the signals with their outcome (not an aggregate; paginated).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db.models import Q
from django.utils.translation import gettext as _

from kern.rapport import DREMPEL, LEEG, decimaal, kruistabel, periode, telling
from signalen.casusverloop import Fase
from signalen.models import Fasebeschrijving

from .models import Antwoord, Beoordeling, Indicator, Status, Uitkomst, Weging


@dataclass
class Tabel:
    titel: str
    kolommen: list[str]  # the header of the row headers first
    rijen: list[tuple[str, list[str]]]  # (row header, cells incl. a row total if any)
    totaal: tuple[str, list[str]] | None = None
    afgeschermd: bool = False


@dataclass
class Rapport:
    jaar: int
    tot: date
    aantal: str  # confirmed wegingen, protected
    uitkomsten: Tabel
    indicatoren: Tabel | None
    groepen_verschillend: str
    wegingen_verschillend: str
    groepen_totaal: str
    duur: Tabel
    verwachte_duur: int | None
    mediaan_dagen: str
    afgeschermd: bool = False


@dataclass
class _Gegevens:
    uitkomst: dict[int, str]  # weging -> outcome
    kader: dict[int, int]  # weging -> kader
    duur: dict[int, timedelta]  # weging -> from entering the phase to confirmation
    aanwezig: dict[int, set[int]] = field(default_factory=dict)  # weging -> indicators present


def bevestigd_in(jaar: int, *, tot: date):
    van, tot_ = periode(jaar, tot)
    return Weging.objects.filter(
        status=Status.BEVESTIGD, beoordeeld_op__gte=van, beoordeeld_op__lt=tot_
    )


def _gegevens(jaar: int, *, tot: date) -> _Gegevens:
    """Two reads: the confirmed wegingen of the period (outcome, kader, the stay in the phase)
    and the indicators present in them."""
    wegingen = bevestigd_in(jaar, tot=tot)
    g = _Gegevens(uitkomst={}, kader={}, duur={})
    for pk, uitkomst, kader, sinds, op in wegingen.values_list(
        "pk", "uitkomst", "kader_id", "in_fase_sinds", "beoordeeld_op"
    ):
        g.uitkomst[pk], g.kader[pk], g.duur[pk] = uitkomst, kader, op - sinds
        g.aanwezig[pk] = set()
    for weging_id, indicator_id in Beoordeling.objects.filter(
        weging__in=wegingen, antwoord=Antwoord.AANWEZIG
    ).values_list("weging_id", "indicator_id"):
        g.aanwezig.setdefault(weging_id, set()).add(indicator_id)
    return g


def vergelijkbare_groepen(g: _Gegevens) -> list[list[int]]:
    """The wegingen grouped by kader and set of indicators present."""
    groepen: dict[tuple, list[int]] = defaultdict(list)
    for pk in g.uitkomst:
        groepen[(g.kader[pk], frozenset(g.aanwezig.get(pk, ())))].append(pk)
    return list(groepen.values())


def verschillende_groepen(g: _Gegevens) -> list[list[int]]:
    """The groups of similar wegingen whose outcomes differ."""
    return [
        groep for groep in vergelijkbare_groepen(g) if len({g.uitkomst[pk] for pk in groep}) > 1
    ]


def _tabel(titel, kolommen, koppen, tellingen, totaalkop) -> Tabel:
    k = kruistabel(tellingen)
    rijen = [
        (kop, [*cellen, *([k.rijtotalen[i]] if k.rijtotalen else [])])
        for i, (kop, cellen) in enumerate(zip(koppen, k.cellen, strict=True))
    ]
    return Tabel(
        titel=titel,
        kolommen=kolommen,
        rijen=rijen,
        totaal=(totaalkop, k.kolomtotalen),
        afgeschermd=k.afgeschermd,
    )


def _indicatoren(g: _Gegevens) -> Tabel | None:
    """Per indicator present at least once, or of the kader in use: how often present with
    each outcome."""
    uitkomsten = list(Uitkomst)
    tellingen: dict[int, list[int]] = defaultdict(lambda: [0] * len(uitkomsten))
    for pk, indicatoren in g.aanwezig.items():
        kolom = uitkomsten.index(Uitkomst(g.uitkomst[pk]))
        for indicator_id in indicatoren:
            tellingen[indicator_id][kolom] += 1
    indicatoren = list(
        Indicator.objects.filter(
            Q(pk__in=list(tellingen)) | Q(groep__kader__actief=True, actief=True)
        ).select_related("groep__kader")
    )
    if not indicatoren:
        return None
    indicatoren.sort(
        key=lambda i: (i.groep.kader.naam, i.groep.volgorde, i.groep_id, i.volgorde, i.pk)
    )
    meer_kaders = len({i.groep.kader_id for i in indicatoren}) > 1

    def kop(i: Indicator) -> str:
        if meer_kaders:
            return f"{i.groep.kader.naam} · {i.groep.naam}: {i.tekst}"
        return f"{i.groep.naam}: {i.tekst}"

    return _tabel(
        _("Hoe vaak een indicator aanwezig was, per uitkomst"),
        [_("Indicator"), *[u.label for u in uitkomsten], _("Aanwezig (totaal)")],
        [kop(i) for i in indicatoren],
        [tellingen[i.pk] for i in indicatoren],
        _("Totaal (keer aanwezig)"),
    )


def rapport(jaar: int, *, tot: date) -> Rapport:
    g = _gegevens(jaar, tot=tot)
    uitkomsten = list(Uitkomst)
    per_uitkomst = [[sum(1 for u in g.uitkomst.values() if u == k)] for k in uitkomsten]
    beschrijving = Fasebeschrijving.objects.filter(fase=Fase.WEGING).first()
    verwacht = beschrijving.verwachte_duur_dagen if beschrijving else None
    langer = (
        sum(1 for d in g.duur.values() if d > timedelta(days=verwacht))
        if verwacht is not None
        else 0
    )
    duur = _tabel(
        _("Duur van de weging"),
        [_("Duur"), _("Wegingen")],
        [_("Binnen de verwachte duur"), _("Langer dan verwacht")],
        [[len(g.duur) - langer], [langer]],
        _("Totaal"),
    )
    verschillend = verschillende_groepen(g)
    dagen = [d.total_seconds() / 86400 for d in g.duur.values()]
    tabellen = [
        _tabel(
            _("Uitkomsten"),
            [_("Uitkomst"), _("Wegingen")],
            [u.label for u in uitkomsten],
            per_uitkomst,
            _("Totaal"),
        ),
        _indicatoren(g),
        duur,
    ]
    return Rapport(
        jaar=jaar,
        tot=tot,
        aantal=telling(len(g.uitkomst)),
        uitkomsten=tabellen[0],
        indicatoren=tabellen[1],
        groepen_verschillend=telling(len(verschillend)),
        wegingen_verschillend=telling(sum(len(v) for v in verschillend)),
        groepen_totaal=telling(len(vergelijkbare_groepen(g))),
        duur=duur,
        verwachte_duur=verwacht,
        mediaan_dagen=decimaal(median(dagen)) if len(dagen) >= DREMPEL else LEEG,
        afgeschermd=any(t.afgeschermd for t in tabellen if t is not None),
    )


# --- The regisseur's own page behind the count: which signals -----------------------------------


@dataclass
class Verschil:
    indicatoren: list[str]  # the indicators present (texts of the kader)
    wegingen: list[Weging]


def verschillen(jaar: int, *, tot: date) -> list[list[int]]:
    """The groups of similar wegingen with different outcomes (weging ids), the largest first."""
    groepen = verschillende_groepen(_gegevens(jaar, tot=tot))
    return sorted(groepen, key=lambda groep: (-len(groep), min(groep)))


def verschillen_lezen(groepen: list[list[int]]) -> list[Verschil]:
    """The wegingen of some groups (one page), with their signals and the indicators present:
    two queries."""
    ids = [pk for groep in groepen for pk in groep]
    wegingen = {
        w.pk: w
        for w in Weging.objects.filter(pk__in=ids).select_related("signaal", "beoordeeld_door")
    }
    aanwezig: dict[int, list[str]] = defaultdict(list)
    for weging_id, tekst in (
        Beoordeling.objects.filter(weging__in=ids, antwoord=Antwoord.AANWEZIG)
        .order_by("indicator__groep__volgorde", "indicator__volgorde", "indicator")
        .values_list("weging_id", "indicator_tekst")
    ):
        aanwezig[weging_id].append(tekst)
    return [
        Verschil(
            indicatoren=aanwezig.get(groep[0], []),
            wegingen=sorted(
                (wegingen[pk] for pk in groep), key=lambda w: (w.uitkomst, w.beoordeeld_op)
            ),
        )
        for groep in groepen
    ]

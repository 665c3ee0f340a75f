"""The signals' part of the yearly report (``config.jaarverslag``): counts and durations only.

- *Received*: signals filed in the year (``ingediend_op``), per category.
- *Closed, by outcome*: the outcome of a closed signal is the phase it was closed from, i.e.
  ``van`` of its one transition to ``afgesloten`` (the case flow allows weging, doorverwezen and
  monitoren); a signal counts in the year of that transition.
- *Referrals*: transitions to doorverwezen in the year, per destination.
- *Open at the end*: signals filed by the end date and not closed by then, per the phase they were
  in at that moment (the last transition up to then), so a past year shows its own end.
- *Durations*: every stay in a phase that ended in the year (a transition ``van`` that phase), from
  the transition into that phase; a signal that went back (aanvulling gevraagd, in behandeling)
  stays twice. Median and mean, in days. And from filing to closing for the signals closed in the
  year. A duration is shown only over at least ``DREMPEL`` stays.

Counts from 1 to 4 are hidden (``kern.rapport.kruistabel``). Anonymised signals count: their
category, dates and history are kept for exactly this.

Speed: the figures are aggregates in SQL (on PostgreSQL the medians too, ``PERCENTILE_CONT``),
never the year's steps in Python. The phase at the end of the year is the stored phase
(``Signaal.fase``) for every signal that has not moved since (``fase_sinds`` is the moment of
its last step), and only the few that moved later are looked up in their history. A stay
begins at the step before it (``LAG`` over the signal's steps), which in a history written by
the case flow is the step into the phase it leaves. The figures are cached (``BEWAARTIJD``)
under the highest signal and step ids: every filing and every move writes a step, and signals
and their steps are never changed in what is counted here nor deleted, so a change is a new key.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kern.rapport import (
    DREMPEL,
    LEEG,
    UITLEG_AFSCHERMING,
    Regiokolom,
    Rij,
    Sectie,
    Tabel,
    decimaal,
    kruistabel,
    periode,
)
from regio.scope import huidige_gemeente_id

from .casusverloop import EINDE, OVERGANGEN, VOLGORDE, Doorverwijzing, Fase
from .models import Categorie, Overgang, Signaal

# The phases a signal can be closed from, in the order of the case flow.
UITKOMSTEN = [f for f in VOLGORDE if EINDE in OVERGANGEN[f]]


def uitkomst_label(van: str) -> str:
    labels = {
        Fase.WEGING: _("Geen zorgen (afgesloten na weging)"),
        Fase.CASUSOVERLEG: _("Geen zorgen meer (afgesloten na casusoverleg)"),
        Fase.DOORVERWEZEN: _("Afgesloten na doorverwijzing"),
        Fase.MONITOREN: _("Afgesloten na monitoren"),
    }
    return str(labels.get(van) or Fase(van).label)


def _dagen(delta) -> float:
    return delta.total_seconds() / 86400


# How long the figures of a year are kept in the cache (a new step makes a new key anyway).
BEWAARTIJD = 600


def _duur(statistiek) -> list[str]:
    """(count, median, mean) in days; shown over at least ``DREMPEL`` stays."""
    n, mediaan, gemiddeld = statistiek
    if n < DREMPEL:
        return [LEEG, LEEG]
    return [decimaal(mediaan), decimaal(gemiddeld)]


def _statistiek(waarden: list[float]) -> tuple[int, float | None, float | None]:
    if not waarden:
        return (0, None, None)
    return (len(waarden), statistics.median(waarden), statistics.fmean(waarden))


def _open_per_fase(eind) -> dict[str, int]:
    """Signals filed before ``eind`` and not closed then, per the phase they were in. A signal
    whose last step was before ``eind`` is still in it (``fase_sinds``); only those that moved
    since are looked up in their history."""
    stil = dict(
        Signaal.objects.filter(ingediend_op__lt=eind, fase_sinds__lt=eind)
        .exclude(fase=EINDE)
        .values_list("fase")
        .annotate(n=Count("pk"))
        .order_by()
    )
    laatste_fase = Subquery(
        Overgang.objects.filter(signaal=OuterRef("pk"), op__lt=eind)
        .order_by("-op", "-pk")
        .values("naar")[:1]
    )
    bewogen = (
        Signaal.objects.filter(ingediend_op__lt=eind, fase_sinds__gte=eind)
        .annotate(fase_toen=laatste_fase)
        .exclude(fase_toen=EINDE)
        .values_list("fase_toen")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for fase, n in bewogen:
        stil[fase] = stil.get(fase, 0) + n
    return stil


_DAGEN = "EXTRACT(EPOCH FROM ({eind} - {begin})) / 86400.0"
_STATISTIEK = "COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {d}), AVG({d})"


def _verblijven(begin, eind) -> dict[str, tuple]:
    """Per phase: (count, median, mean) in days of the stays that ended in the period."""
    if connection.vendor != "postgresql":
        return _verblijven_in_python(begin, eind)
    tabel = connection.ops.quote_name(Overgang._meta.db_table)
    d = _DAGEN.format(eind="op", begin="binnen")
    sql = f"""
        WITH stap AS (
            SELECT van, op, LAG(op) OVER w AS binnen, LAG(naar) OVER w AS vorige
            FROM {tabel}
            WHERE gemeente_id = %s AND signaal_id IN (
                SELECT signaal_id FROM {tabel}
                WHERE gemeente_id = %s AND op >= %s AND op < %s AND van <> ''
            )
            WINDOW w AS (PARTITION BY signaal_id ORDER BY op, id)
        )
        SELECT van, {_STATISTIEK.format(d=d)}
        FROM stap
        WHERE op >= %s AND op < %s AND van <> '' AND vorige = van
        GROUP BY van
    """  # noqa: S608 (the table name is the model's own; the values are parameters)
    # Plain SQL bypasses the scoped manager: the active gemeente is a condition of its own.
    gemeente = huidige_gemeente_id()
    with connection.cursor() as cursor:
        cursor.execute(sql, [gemeente, gemeente, begin, eind, begin, eind])
        return {van: (n, _getal(m), _getal(g)) for van, n, m, g in cursor.fetchall()}


def _verblijven_in_python(begin, eind) -> dict[str, tuple]:
    """The same without window aggregates of PostgreSQL (SQLite in development)."""
    binnenkomst = Subquery(
        Overgang.objects.filter(signaal=OuterRef("signaal"), naar=OuterRef("van"))
        .filter(Q(op__lt=OuterRef("op")) | Q(op=OuterRef("op"), pk__lt=OuterRef("pk")))
        .order_by("-op", "-pk")
        .values("op")[:1]
    )
    verblijven: dict[str, list[float]] = {}
    for van, uit, binnen in (
        Overgang.objects.filter(op__gte=begin, op__lt=eind)
        .exclude(van="")
        .annotate(binnen=binnenkomst)
        .values_list("van", "op", "binnen")
    ):
        if binnen is not None:
            verblijven.setdefault(van, []).append(_dagen(uit - binnen))
    return {van: _statistiek(w) for van, w in verblijven.items()}


def _doorlooptijd(gesloten) -> tuple:
    """(count, median, mean) in days from filing to closing, of the steps in ``gesloten``."""
    if connection.vendor != "postgresql":
        return _statistiek(
            [
                _dagen(uit - binnen)
                for binnen, uit in gesloten.values_list("signaal__ingediend_op", "op")
            ]
        )
    sql, params = (
        gesloten.annotate(uit=F("op"), binnen=F("signaal__ingediend_op"))
        .values("uit", "binnen")
        .query.sql_with_params()
    )
    d = _DAGEN.format(eind="uit", begin="binnen")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_STATISTIEK.format(d=d)} FROM ({sql}) AS gesloten", params)  # noqa: S608
        n, m, g = cursor.fetchone()
    return (n, _getal(m), _getal(g))


def _getal(waarde) -> float | None:
    return None if waarde is None else float(waarde)


def _cijfers(jaar: int, tot: date) -> dict:
    """The figures of the year as plain numbers (cached by ``jaarcijfers``)."""
    begin, eind = periode(jaar, tot)
    ontvangen = dict(
        Signaal.objects.filter(ingediend_op__gte=begin, ingediend_op__lt=eind)
        .values_list("categorie")
        .annotate(n=Count("pk"))
        .order_by()
    )
    gesloten = Overgang.objects.filter(naar=EINDE, op__gte=begin, op__lt=eind)
    per_uitkomst = [
        (cat, van, n)
        for cat, van, n in gesloten.values_list("signaal__categorie", "van")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    doorverwezen = dict(
        Overgang.objects.filter(naar=Fase.DOORVERWEZEN, op__gte=begin, op__lt=eind)
        .values_list("doorverwezen_naar")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "ontvangen": ontvangen,
        "per_uitkomst": per_uitkomst,
        "doorverwezen": doorverwezen,
        "open_per_fase": _open_per_fase(eind),
        "verblijven": _verblijven(begin, eind),
        "doorlooptijd": _doorlooptijd(gesloten),
    }


def cijfers(jaar: int, *, tot: date) -> dict:
    """``_cijfers`` from the cache, under the highest signal and step ids (see the module). One
    query when cached."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT MAX(id) FROM {}), (SELECT MAX(id) FROM {})".format(  # noqa: S608
                *(connection.ops.quote_name(m._meta.db_table) for m in (Signaal, Overgang))
            )
        )
        signaal, stap = cursor.fetchone()
    sleutel = f"signalen:jaarcijfers:1:{jaar}:{tot.isoformat()}:{signaal}:{stap}"
    uitkomst = cache.get(sleutel)
    if uitkomst is None:
        uitkomst = _cijfers(jaar, tot)
        cache.set(sleutel, uitkomst, BEWAARTIJD)
    return uitkomst


def _eendimensionaal(titel, kop, kolom, labels, tellingen, totaal_label, noot="") -> Tabel:
    """A table of one column of counts with its total, small counts hidden."""
    beschermd = kruistabel([[tellingen.get(sleutel, 0)] for sleutel, _label in labels])
    rijen = [
        Rij(str(label), [cel[0]])
        for (_sleutel, label), cel in zip(labels, beschermd.cellen, strict=True)
    ]
    rijen.append(Rij(totaal_label, [beschermd.totaal], totaal=True))
    return Tabel(titel, [kop, kolom], rijen, noot)


def jaarcijfers(jaar: int, *, tot: date) -> list[Sectie]:
    tot_tekst = date_format(tot, "j F Y")
    categorieen = list(Categorie.choices)
    c = cijfers(jaar, tot=tot)
    ontvangen = c["ontvangen"]

    per_uitkomst = Counter({(cat, van): n for cat, van, n in c["per_uitkomst"]})
    uitkomsten = UITKOMSTEN + sorted({van for _c, van in per_uitkomst} - set(UITKOMSTEN))
    kruis = kruistabel([[per_uitkomst[(c_, u)] for u in uitkomsten] for c_, _l in categorieen])
    afgesloten = Tabel(
        _("Afgesloten in %(jaar)s, per soort zorg en uitkomst") % {"jaar": jaar},
        [_("Soort zorg"), *(uitkomst_label(u) for u in uitkomsten), _("Totaal")],
        [
            Rij(str(label), [*cellen, rijtotaal])
            for (_c, label), cellen, rijtotaal in zip(
                categorieen, kruis.cellen, kruis.rijtotalen, strict=True
            )
        ]
        + [Rij(_("Totaal"), kruis.kolomtotalen, totaal=True)],
        _(
            "De uitkomst is de fase waaruit het signaal is afgesloten: na de weging (geen "
            "zorgen), na een doorverwijzing of na een periode van monitoren."
        ),
    )

    doorverwezen = dict(c["doorverwezen"])
    bestemmingen = list(Doorverwijzing.choices)
    if set(doorverwezen) - {d for d, _l in bestemmingen}:
        bestemmingen.append(("", _("Onbekend")))
        doorverwezen[""] = sum(n for d, n in doorverwezen.items() if d not in Doorverwijzing.values)

    open_per_fase = c["open_per_fase"]
    open_fasen = [(f, Fase(f).label) for f in VOLGORDE if f != EINDE]

    geen = (0, None, None)
    duur = Tabel(
        _("Doorlooptijd in %(jaar)s, in dagen") % {"jaar": jaar},
        [_("Fase"), _("Mediaan"), _("Gemiddeld")],
        [Rij(str(label), _duur(c["verblijven"].get(f, geen))) for f, label in open_fasen]
        + [Rij(_("Van ontvangst tot afsluiting"), _duur(c["doorlooptijd"]), totaal=True)],
        _(
            "Per fase: hoe lang signalen in die fase bleven, gerekend over elk verblijf dat in "
            "%(jaar)s eindigde (een signaal dat terugging, telt twee keer). Van ontvangst tot "
            "afsluiting: over de signalen die in %(jaar)s zijn afgesloten. Een duur staat er "
            "alleen als hij over minstens %(drempel)s signalen gaat; anders ‘%(leeg)s’."
        )
        % {"jaar": jaar, "drempel": DREMPEL, "leeg": LEEG},
    )

    return [
        Sectie(
            _("Signalen"),
            [
                _eendimensionaal(
                    _("Ontvangen in %(jaar)s, per soort zorg") % {"jaar": jaar},
                    _("Soort zorg"),
                    _("Ontvangen"),
                    categorieen,
                    ontvangen,
                    _("Totaal"),
                ),
                afgesloten,
                _eendimensionaal(
                    _("Doorverwezen in %(jaar)s, naar") % {"jaar": jaar},
                    _("Doorverwezen naar"),
                    _("Doorverwijzingen"),
                    bestemmingen,
                    doorverwezen,
                    _("Totaal"),
                ),
                _eendimensionaal(
                    _("Nog open op %(datum)s, per fase") % {"datum": tot_tekst},
                    _("Fase"),
                    _("Signalen"),
                    open_fasen,
                    open_per_fase,
                    _("Totaal open"),
                ),
                duur,
            ],
            inleiding=_(
                "Hoeveel zorgen er binnenkwamen, hoe ze afliepen en hoe lang elke stap duurde. "
                "Geen namen, geen inhoud: alleen aantallen en doorlooptijden."
            ),
            noten=[str(UITLEG_AFSCHERMING)],
        )
    ]


def regiocijfers(jaar: int, *, tot: date) -> list[Regiokolom]:
    """The region's figures (``config.regio``): signals filed in the year and open now, per
    gemeente, region-wide (the page opens both walls for these counts only)."""
    begin, einde = periode(jaar, tot)
    ingediend = (
        Signaal.objects.filter(ingediend_op__gte=begin, ingediend_op__lt=einde)
        .order_by()
        .values_list("gemeente_id")
        .annotate(n=Count("pk"))
    )
    open_nu = (
        Signaal.objects.filter(geanonimiseerd_op__isnull=True)
        .exclude(fase=Fase.AFGESLOTEN)
        .order_by()
        .values_list("gemeente_id")
        .annotate(n=Count("pk"))
    )
    return [
        Regiokolom(_("Signalen ingediend"), dict(ingediend), volgorde=10, per_inwoners=True),
        Regiokolom(_("Signalen nu open"), dict(open_nu), volgorde=11),
    ]

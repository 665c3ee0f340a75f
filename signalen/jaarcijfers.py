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
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kern.rapport import (
    DREMPEL,
    LEEG,
    UITLEG_AFSCHERMING,
    Rij,
    Sectie,
    Tabel,
    decimaal,
    kruistabel,
    periode,
)

from .casusverloop import EINDE, OVERGANGEN, VOLGORDE, Doorverwijzing, Fase
from .models import Categorie, Overgang, Signaal

# The phases a signal can be closed from, in the order of the case flow.
UITKOMSTEN = [f for f in VOLGORDE if EINDE in OVERGANGEN[f]]


def uitkomst_label(van: str) -> str:
    labels = {
        Fase.WEGING: _("Geen zorgen (afgesloten na weging)"),
        Fase.DOORVERWEZEN: _("Afgesloten na doorverwijzing"),
        Fase.MONITOREN: _("Afgesloten na monitoren"),
    }
    return str(labels.get(van) or Fase(van).label)


def _dagen(delta) -> float:
    return delta.total_seconds() / 86400


def _duur(waarden: list[float]) -> list[str]:
    if len(waarden) < DREMPEL:
        return [LEEG, LEEG]
    return [decimaal(statistics.median(waarden)), decimaal(statistics.fmean(waarden))]


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
    begin, eind = periode(jaar, tot)
    tot_tekst = date_format(tot, "j F Y")
    categorieen = list(Categorie.choices)

    ontvangen = dict(
        Signaal.objects.filter(ingediend_op__gte=begin, ingediend_op__lt=eind)
        .values_list("categorie")
        .annotate(n=Count("pk"))
        .order_by()
    )

    # The closed ones, one row each: category, outcome, filed, closed.
    gesloten = list(
        Overgang.objects.filter(naar=EINDE, op__gte=begin, op__lt=eind).values_list(
            "signaal__categorie", "van", "signaal__ingediend_op", "op"
        )
    )
    per_uitkomst = Counter((cat, van) for cat, van, _in, _uit in gesloten)
    uitkomsten = UITKOMSTEN + sorted({van for _c, van in per_uitkomst} - set(UITKOMSTEN))
    kruis = kruistabel([[per_uitkomst[(c, u)] for u in uitkomsten] for c, _l in categorieen])
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

    doorverwezen = dict(
        Overgang.objects.filter(naar=Fase.DOORVERWEZEN, op__gte=begin, op__lt=eind)
        .values_list("doorverwezen_naar")
        .annotate(n=Count("pk"))
        .order_by()
    )
    bestemmingen = list(Doorverwijzing.choices)
    if set(doorverwezen) - {d for d, _l in bestemmingen}:
        bestemmingen.append(("", _("Onbekend")))
        doorverwezen[""] = sum(n for d, n in doorverwezen.items() if d not in Doorverwijzing.values)

    laatste_fase = Subquery(
        Overgang.objects.filter(signaal=OuterRef("pk"), op__lt=eind)
        .order_by("-op", "-pk")
        .values("naar")[:1]
    )
    open_per_fase = dict(
        Signaal.objects.filter(ingediend_op__lt=eind)
        .annotate(fase_toen=laatste_fase)
        .exclude(fase_toen=EINDE)
        .values_list("fase_toen")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_fasen = [(f, Fase(f).label) for f in VOLGORDE if f != EINDE]

    # Each stay in a phase that ended in the year, with the moment it began.
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
    doorlooptijd = [_dagen(uit - binnen) for _c, _v, binnen, uit in gesloten]
    duur = Tabel(
        _("Doorlooptijd in %(jaar)s, in dagen") % {"jaar": jaar},
        [_("Fase"), _("Mediaan"), _("Gemiddeld")],
        [Rij(str(label), _duur(verblijven.get(f, []))) for f, label in open_fasen]
        + [Rij(_("Van ontvangst tot afsluiting"), _duur(doorlooptijd), totaal=True)],
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

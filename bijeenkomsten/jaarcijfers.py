"""The meetings' part of the yearly report (``config.jaarverslag``): counts and percentages only.

A network meeting *held* in the year: of a network (a training day has none), not cancelled, and
begun in the year before now. Attendance is the share of invitations with ``aanwezig`` set,
counted over the meetings whose attendance was recorded (recording sets it for every
invitation); the other meetings count as held but not in the attendance.

Formal and informal networks are reported apart (DESIGN.md: never mixed in one list). Network
names are no personal data; how many of a network's invitees came is about them when fewer than
``DREMPEL`` people were invited: then it is hidden (``kern.rapport.groepen_afschermen``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kern.rapport import (
    AFGESCHERMD,
    DREMPEL,
    Regiokolom,
    Rij,
    Sectie,
    Tabel,
    getal,
    groepen_afschermen,
    percentage,
    periode,
)
from netwerk.models import Netwerk, NetwerkSoort

from .models import Bijeenkomst, BijeenkomstStatus, Uitnodiging

TOTAAL = "totaal"


def gehouden(jaar: int, tot: date):
    begin, eind = periode(jaar, tot)
    return Bijeenkomst.objects.filter(
        netwerk__isnull=False,
        begin__gte=begin,
        begin__lt=min(eind, timezone.now()),
    ).exclude(status=BijeenkomstStatus.GEANNULEERD)


class _Telling:
    def __init__(self, naam: str):
        self.naam = naam
        self.bijeenkomsten = self.extra = self.uitgenodigd = self.aanwezig = self.personen = 0

    def optellen(self, ander: _Telling) -> None:
        for veld in ("bijeenkomsten", "extra", "uitgenodigd", "aanwezig", "personen"):
            setattr(self, veld, getattr(self, veld) + getattr(ander, veld))


def jaarcijfers(jaar: int, *, tot: date) -> list[Sectie]:
    _begin, eind = periode(jaar, tot)
    bijeenkomsten = gehouden(jaar, tot)
    per_bijeenkomst = (
        bijeenkomsten.values("pk", "netwerk_id", "is_extra")
        .annotate(
            uitgenodigd=Count("uitnodigingen", filter=Q(uitnodigingen__aanwezig__isnull=False)),
            aanwezig=Count("uitnodigingen", filter=Q(uitnodigingen__aanwezig=True)),
        )
        .order_by()
    )
    personen = dict(
        Uitnodiging.objects.filter(bijeenkomst__in=bijeenkomsten, aanwezig__isnull=False)
        .values_list("bijeenkomst__netwerk_id")
        .annotate(n=Count("persoon", distinct=True))
        .order_by()
    )
    netwerken = {
        n.pk: n
        for n in Netwerk.objects.filter(
            Q(actief=True, aangemaakt_op__lt=eind) | Q(pk__in=bijeenkomsten.values("netwerk_id"))
        ).order_by("naam")
    }
    tellingen = {pk: _Telling(n.naam) for pk, n in netwerken.items()}
    for rij in per_bijeenkomst:
        t = tellingen[rij["netwerk_id"]]
        t.bijeenkomsten += 1
        t.extra += rij["is_extra"]
        t.uitgenodigd += rij["uitgenodigd"]
        t.aanwezig += rij["aanwezig"]
    for pk, n in personen.items():
        tellingen[pk].personen = n

    soorten = {s: _Telling(str(label)) for s, label in NetwerkSoort.choices}
    totaal = _Telling(_("Totaal"))
    for pk, t in tellingen.items():
        soorten[netwerken[pk].soort].optellen(t)
        totaal.optellen(t)
    alle = {**{("netwerk", pk): t for pk, t in tellingen.items()}}
    alle.update({("soort", s): t for s, t in soorten.items()})
    alle[TOTAAL] = totaal
    lijnen = [
        ([("netwerk", pk) for pk in tellingen if netwerken[pk].soort == s], ("soort", s))
        for s in soorten
    ]
    lijnen.append(([("soort", s) for s in soorten], TOTAAL))
    # A person in two networks counts in both: the group sizes of the kinds are an upper bound.
    verborgen = groepen_afschermen(
        waarden={k: t.aanwezig for k, t in alle.items()},
        grootte={k: t.personen for k, t in alle.items()},
        bovengrens={k: t.uitgenodigd for k, t in alle.items()},
        lijnen=lijnen,
    )

    def rij(sleutel, t: _Telling, **kwargs) -> Rij:
        opkomst = AFGESCHERMD if sleutel in verborgen else percentage(t.aanwezig, t.uitgenodigd)
        return Rij(
            t.naam,
            [getal(t.bijeenkomsten), getal(t.extra), getal(t.uitgenodigd), opkomst],
            **kwargs,
        )

    kolommen = [
        _("Bijeenkomsten"),
        _("Waarvan extra (incident)"),
        _("Uitnodigingen met aanwezigheid"),
        _("Opkomst"),
    ]
    tabellen = [
        Tabel(
            _("Netwerkbijeenkomsten in %(jaar)s, per soort netwerk") % {"jaar": jaar},
            [_("Soort netwerk"), *kolommen],
            [rij(("soort", s), t) for s, t in soorten.items()] + [rij(TOTAAL, totaal, totaal=True)],
        )
    ]
    for s, label in NetwerkSoort.choices:
        leden = [pk for pk in tellingen if netwerken[pk].soort == s]
        if not leden:
            continue
        tabellen.append(
            Tabel(
                _("%(soort)s: per netwerk") % {"soort": label},
                [_("Netwerk"), *kolommen],
                [rij(("netwerk", pk), tellingen[pk]) for pk in leden]
                + [rij(("soort", s), soorten[s], totaal=True)],
            )
        )
    tabellen[-1].noot = _(
        "Opkomst: het deel van de uitgenodigden dat er was, over de bijeenkomsten waarvan de "
        "aanwezigheid is bijgehouden. Bij een netwerk met minder dan %(drempel)s uitgenodigden "
        "zou de opkomst over personen gaan: die staat er als ‘%(x)s’, en waar zij uit een "
        "totaal terug te rekenen zou zijn ook bij een ander netwerk."
    ) % {"drempel": DREMPEL, "x": AFGESCHERMD}
    return [
        Sectie(
            _("Bijeenkomsten"),
            tabellen,
            inleiding=_(
                "De bijeenkomsten van de netwerken die in het jaar zijn gehouden (niet "
                "geannuleerd), formele en informele netwerken apart. Trainingsdagen staan bij "
                "Trainingen."
            ),
        )
    ]


def regiocijfers(jaar: int, *, tot: date) -> list[Regiokolom]:
    """The region's figures (``config.regio``): network meetings held in the year, per gemeente."""
    per_gemeente = gehouden(jaar, tot).order_by().values_list("gemeente_id").annotate(n=Count("pk"))
    return [Regiokolom(_("Netwerkbijeenkomsten gehouden"), dict(per_gemeente), volgorde=30)]

"""The network's part of the yearly report (``config.jaarverslag``): its size at the end date.

Counts per domain, never per organisation (a name and a small count can point to a person).
Aandachtsfunctionarissen count as they were at the end date: started by then and not yet
stopped (``Aandachtsfunctionaris.tot``, set when one is switched off). For organisations,
locations, networks and key persons the registry keeps only whether they are active *now*: a
past year counts what is active today and was registered by the end date. Anonymised persons
do not count.

- Organisations, active aandachtsfunctionarissen (a person counts once per domain, and once in
  the total), active locations and how many of them have an active aandachtsfunctionaris.
- Networks per kind, werkgroepen (running at the end date, started in the year), key persons.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kern.rapport import Regiokolom, Rij, Sectie, Tabel, getal, percentage, periode

from .models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Domein,
    Locatie,
    Netwerk,
    NetwerkSoort,
    Organisatie,
    Sleutelpersoon,
    Werkgroep,
)


def _per_domein(tot: date, eind) -> Tabel:
    organisaties = dict(
        Organisatie.objects.filter(actief=True, aangemaakt_op__lt=eind)
        .values_list("domein")
        .annotate(n=Count("pk"))
        .order_by()
    )
    afs = Aandachtsfunctionaris.objects.in_functie_op(tot)
    af_per_domein = dict(
        afs.values_list("organisatie__domein")
        .annotate(n=Count("persoon", distinct=True))
        .order_by()
    )
    af_totaal = afs.aggregate(n=Count("persoon", distinct=True))["n"]
    heeft_af = Exists(
        AandachtsfunctionarisLocatie.objects.filter(
            locatie=OuterRef("pk"), aandachtsfunctionaris__in=afs
        )
    )
    locaties = {
        domein: (totaal, met)
        for domein, totaal, met in Locatie.objects.filter(
            actief=True, organisatie__actief=True, aangemaakt_op__lt=eind
        )
        .annotate(heeft_af=heeft_af)
        .values("organisatie__domein")
        .annotate(totaal=Count("pk"), met=Count("pk", filter=Q(heeft_af=True)))
        .values_list("organisatie__domein", "totaal", "met")
        .order_by()
    }

    def waarden(orgs, afs_, totaal, met) -> list[str]:
        return [getal(orgs), getal(afs_), getal(totaal), getal(met), percentage(met, totaal)]

    rijen = []
    for domein in Domein:
        totaal, met = locaties.get(domein.value, (0, 0))
        orgs, aantal_afs = organisaties.get(domein.value, 0), af_per_domein.get(domein.value, 0)
        if orgs or aantal_afs or totaal:
            rijen.append(Rij(str(domein.label), waarden(orgs, aantal_afs, totaal, met)))
    alle_locaties = sum(t for t, _m in locaties.values())
    met_af = sum(m for _t, m in locaties.values())
    rijen.append(
        Rij(
            _("Totaal"),
            waarden(sum(organisaties.values()), af_totaal, alle_locaties, met_af),
            totaal=True,
        )
    )
    return Tabel(
        _("Het netwerk op %(datum)s, per domein") % {"datum": date_format(tot, "j F Y")},
        [
            _("Domein"),
            _("Organisaties"),
            _("Aandachtsfunctionarissen"),
            _("Locaties"),
            _("Locaties met een aandachtsfunctionaris"),
            _("Dekking locaties"),
        ],
        rijen,
        _(
            "Actieve organisaties, aandachtsfunctionarissen en locaties. Het doel is één "
            "aandachtsfunctionaris per locatie. Iemand die voor twee organisaties werkt, telt in "
            "het totaal één keer."
        ),
    )


def _netwerken(jaar: int, tot: date, eind) -> Tabel:
    per_soort = dict(
        Netwerk.objects.filter(actief=True, aangemaakt_op__lt=eind)
        .values_list("soort")
        .annotate(n=Count("pk"))
        .order_by()
    )
    werkgroepen = Werkgroep.objects.aggregate(
        lopend=Count("pk", filter=Q(start__lte=tot) & (Q(einde__isnull=True) | Q(einde__gte=tot))),
        gestart=Count("pk", filter=Q(start__gte=date(jaar, 1, 1), start__lte=tot)),
    )
    sleutelpersonen = Sleutelpersoon.objects.filter(
        Q(sinds__isnull=True) | Q(sinds__lte=tot),
        actief=True,
        persoon__geanonimiseerd_op__isnull=True,
        aangemaakt_op__lt=eind,
    ).count()
    datum = date_format(tot, "j F Y")
    rijen = [
        Rij(_("Netwerken: %(soort)s") % {"soort": label}, [getal(per_soort.get(soort, 0))])
        for soort, label in NetwerkSoort.choices
    ]
    rijen += [
        Rij(_("Werkgroepen lopend op %(d)s") % {"d": datum}, [getal(werkgroepen["lopend"])]),
        Rij(_("Werkgroepen gestart in %(j)s") % {"j": jaar}, [getal(werkgroepen["gestart"])]),
        Rij(_("Sleutelpersonen"), [getal(sleutelpersonen)]),
    ]
    return Tabel(
        _("Netwerken, werkgroepen en sleutelpersonen"),
        [_("Onderdeel"), _("Aantal")],
        rijen,
        _("Alleen aantallen: welke sleutelpersonen er zijn, staat nergens in dit verslag."),
    )


def jaarcijfers(jaar: int, *, tot: date) -> list[Sectie]:
    _begin, eind = periode(jaar, tot)
    return [
        Sectie(
            _("Het netwerk"),
            [_per_domein(tot, eind), _netwerken(jaar, tot, eind)],
            inleiding=_(
                "Hoe groot het netwerk aan het eind van de periode was. Aandachtsfunctionarissen "
                "tellen zoals ze toen waren: ook wie daarna is gestopt. Van organisaties, "
                "locaties, netwerken en sleutelpersonen houdt het register bij of ze nu actief "
                "zijn; voor een eerder jaar telt wat nu actief is en toen al was vastgelegd."
            ),
        )
    ]


def regiocijfers(jaar: int, *, tot: date) -> list[Regiokolom]:
    """The region's figures (``config.regio``): active aandachtsfunctionarissen and
    sleutelpersonen now, per gemeente."""
    af = (
        Aandachtsfunctionaris.objects.filter(actief=True)
        .order_by()
        .values_list("gemeente_id")
        .annotate(n=Count("pk"))
    )
    sp = Sleutelpersoon.objects.order_by().values_list("gemeente_id").annotate(n=Count("pk"))
    return [
        Regiokolom(_("Aandachtsfunctionarissen"), dict(af), volgorde=40),
        Regiokolom(_("Sleutelpersonen"), dict(sp), volgorde=41),
    ]

"""The trainings' part of the yearly report (``config.jaarverslag``): counts and percentages only.

- *Given*: editions, not cancelled, with a day in the year up to the end date, per kind.
- *Trained*: people who completed a training in the year (``Inschrijving.voltooid_op``), per
  kind; a person who completed two editions of one kind counts once.
- *Coverage of the basic training at the end date* per domain, with the rules of
  ``trainingen.geldigheid`` (valid, or renewed by a terugkomdag), counting only completions up to
  the end date. The aandachtsfunctionarissen are those active now who were registered by then:
  the registry keeps no history of who stopped when.

How many people of a domain are trained is about those people when the domain has fewer than
``DREMPEL`` aandachtsfunctionarissen: then it is hidden (``kern.rapport.groepen_afschermen``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kern.rapport import (
    AFGESCHERMD,
    DREMPEL,
    Rij,
    Sectie,
    Tabel,
    getal,
    groepen_afschermen,
    percentage,
)
from netwerk.models import Aandachtsfunctionaris, Domein

from . import geldigheid
from .models import Editie, EditieStatus, Inschrijving, Trainingssoort

TOTAAL = "totaal"


def aandachtsfunctionarissen_op(tot: date):
    """The aandachtsfunctionarissen in office on ``tot`` (also those who stopped since)."""
    return Aandachtsfunctionaris.objects.in_functie_op(tot).select_related("persoon", "organisatie")


def dekking_per_domein(soort: Trainingssoort, tot: date):
    """Coverage of ``soort`` on ``tot`` per domain and in total (``geldigheid.Dekking``), from
    the completions up to that day: the standing is ``geldigheid.Standen`` on ``tot`` (the same
    rules as ``geldigheid_bepalen``), counted in SQL, each person once per group. Two queries,
    whatever the number of people; nobody is loaded into Python."""
    standen = geldigheid.Standen.voor(soort, tot)
    afs = aandachtsfunctionarissen_op(tot).select_related(None).annotate(stand=standen.stand())

    def tellen(rijen, dekking: geldigheid.Dekking) -> geldigheid.Dekking:
        for stand, n in rijen:
            dekking.totaal += n
            if stand in (geldigheid.Stand.GELDIG, geldigheid.Stand.BINNENKORT):
                dekking.bij += n
            elif stand == geldigheid.Stand.VERLOPEN:
                dekking.verlopen += n
            else:
                dekking.geen += n
        return dekking

    per_stand: dict[str, list] = defaultdict(list)
    for domein, stand, n in (
        afs.values_list("organisatie__domein", "stand")
        .annotate(n=Count("persoon_id", distinct=True))
        .order_by()
    ):
        per_stand[domein].append((stand, n))
    per_domein = [
        tellen(rijen, geldigheid.Dekking(str(Domein(domein).label), domein))
        for domein, rijen in per_stand.items()
    ]
    totaal = tellen(
        afs.values_list("stand").annotate(n=Count("persoon_id", distinct=True)).order_by(),
        geldigheid.Dekking(str(_("Totaal"))),
    )
    return per_domein, totaal


def _gegeven(jaar: int, tot: date) -> Tabel:
    begin = date(jaar, 1, 1)
    edities = dict(
        Editie.objects.filter(
            status=EditieStatus.GEPLAND, dagen__datum__gte=begin, dagen__datum__lte=tot
        )
        .values_list("soort")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    voltooid = Inschrijving.objects.filter(voltooid_op__gte=begin, voltooid_op__lte=tot)
    getraind = dict(
        voltooid.values_list("editie__soort").annotate(n=Count("persoon", distinct=True)).order_by()
    )
    iedereen = voltooid.aggregate(n=Count("persoon", distinct=True))["n"]
    soorten = [
        s
        for s in Trainingssoort.objects.order_by("naam")
        if s.actief or edities.get(s.pk) or getraind.get(s.pk)
    ]
    rijen = [
        Rij(s.naam, [getal(edities.get(s.pk, 0)), getal(getraind.get(s.pk, 0))]) for s in soorten
    ]
    rijen.append(Rij(_("Totaal"), [getal(sum(edities.values())), getal(iedereen)], totaal=True))
    return Tabel(
        _("Trainingen in %(jaar)s") % {"jaar": jaar},
        [_("Training"), _("Edities gegeven"), _("Mensen die de training afrondden")],
        rijen,
        _(
            "Een editie telt mee als er in %(jaar)s een dag van was en zij niet is geannuleerd. "
            "Afgerond: alle dagen van de editie bijgewoond. In het totaal telt iemand één keer."
        )
        % {"jaar": jaar},
    )


def _dekking(tot: date) -> Tabel | None:
    soort = geldigheid.basistraining()
    if soort is None:
        return None
    per_domein, totaal = dekking_per_domein(soort, tot)
    per_domein = sorted(per_domein, key=lambda d: list(Domein).index(d.sleutel))
    groepen = {d.sleutel: d for d in per_domein}
    verborgen = groepen_afschermen(
        waarden={**{k: d.bij for k, d in groepen.items()}, TOTAAL: totaal.bij},
        grootte={**{k: d.totaal for k, d in groepen.items()}, TOTAAL: totaal.totaal},
        bovengrens={**{k: d.totaal for k, d in groepen.items()}, TOTAAL: totaal.totaal},
        lijnen=[(list(groepen), TOTAAL)],
    )

    def rij(sleutel, d, **kwargs) -> Rij:
        if sleutel in verborgen:
            return Rij(d.naam, [getal(d.totaal), AFGESCHERMD, AFGESCHERMD], **kwargs)
        return Rij(d.naam, [getal(d.totaal), getal(d.bij), percentage(d.bij, d.totaal)], **kwargs)

    return Tabel(
        _("Dekking van de %(training)s op %(datum)s, per domein")
        % {"training": soort.naam.lower(), "datum": date_format(tot, "j F Y")},
        [_("Domein"), _("Aandachtsfunctionarissen"), _("Getraind (geldig)"), _("Dekking")],
        [rij(k, d) for k, d in groepen.items()] + [rij(TOTAAL, totaal, totaal=True)],
        _(
            "Getraind: de training gevolgd en nog geldig op de peildatum (of verlengd met een "
            "terugkomdag). Iemand die voor twee organisaties werkt, telt in het totaal één keer. "
            "Bij een domein met minder dan %(drempel)s aandachtsfunctionarissen zou het aantal "
            "getrainden over personen gaan: dat staat er als ‘%(x)s’, en waar het uit het "
            "totaal terug te rekenen zou zijn ook bij een ander domein."
        )
        % {"drempel": DREMPEL, "x": AFGESCHERMD},
    )


def jaarcijfers(jaar: int, *, tot: date) -> list[Sectie]:
    tabellen = [_gegeven(jaar, tot)]
    dekking = _dekking(tot)
    if dekking is not None:
        tabellen.append(dekking)
    return [
        Sectie(
            _("Trainingen"),
            tabellen,
            inleiding=_(
                "Welke trainingen er zijn gegeven, hoeveel mensen ze afrondden en hoeveel "
                "aandachtsfunctionarissen aan het eind van het jaar getraind waren."
            ),
        )
    ]

"""The signals chart on the /beheer/ dashboard: signals filed per month and category over the
last two years (the shape of a chart: ``netwerk.grafieken``).

Two years of a region's signals are tens of thousands of rows to count, so the figures are
cached per day and language under the highest signal id: a signal's filing date and category
never change (anonymising keeps them) and signals are not deleted, so every new signal is a
new key, and a cached chart is never out of date.

In a region of three or more gemeenten the panel links to the region's figures (``/regio/``,
"Vergelijk met de regio"); the number of gemeenten comes with the highest id, in the same
query, and the rendered panel is kept for a minute (``kern.dashboard.bewaard``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db.models import Count, F, Func, IntegerField, Max, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, bewaard, hoogste
from kern.regiorapport import MINSTE_VOOR_VERGELIJKEN
from netwerk.grafieken import Grafiek, met_query, tabel_uit_reeksen
from regio.models import Gemeente

from .models import Categorie, Signaal

MAANDEN = 24
# A day at most: the key changes with the day anyway.
BEWAARTIJD = 24 * 3600


def maandlijst(vandaag: date, maanden: int = MAANDEN) -> list[date]:
    """The ``maanden`` months up to and including ``vandaag``'s, as their first days."""
    deze_maand = vandaag.replace(day=1)
    return [deze_maand - relativedelta(months=maanden - 1 - i) for i in range(maanden)]


def ingediend_in(maanden: list[date]):
    """Signals filed in these months (local time), each with its month as ``maand``."""
    tz = timezone.get_current_timezone()
    volgende = maanden[-1] + relativedelta(months=1)
    return Signaal.objects.filter(
        ingediend_op__gte=datetime.combine(maanden[0], time.min, tzinfo=tz),
        ingediend_op__lt=datetime.combine(volgende, time.min, tzinfo=tz),
    ).annotate(maand=TruncMonth("ingediend_op", tzinfo=tz))


def maand_van(maand) -> date:
    """The month ``TruncMonth`` gives (aware on PostgreSQL) as its first day, in local time."""
    if timezone.is_aware(maand):
        maand = timezone.localtime(maand, timezone.get_current_timezone())
    return maand.date()


def signalen_per_maand(vandaag: date, *, maanden: int = MAANDEN) -> dict:
    """Signals filed per calendar month (local time) and category, for the ``maanden`` months up
    to and including ``vandaag``'s. Every month and every category is present, zero when nothing
    was filed; anonymised signals keep their category and date and count too. One query.

    ``sleutels`` are the months as dates (the first day), ``reeksen`` carry the category's value
    as ``categorie``.
    """
    lijst = maandlijst(vandaag, maanden)
    rijen = ingediend_in(lijst).values_list("maand", "categorie").annotate(n=Count("pk")).order_by()
    tellingen: dict[tuple[date, str], int] = {}
    for maand, categorie, n in rijen:
        sleutel = (maand_van(maand), categorie)
        tellingen[sleutel] = tellingen.get(sleutel, 0) + n
    return {
        "labels": [dateformat.format(m, "M Y") for m in lijst],
        "sleutels": lijst,
        "reeksen": [
            {
                "label": str(c.label),
                "categorie": c.value,
                "data": [tellingen.get((m, c.value), 0) for m in lijst],
            }
            for c in Categorie
        ],
    }


def stand() -> tuple[int | None, int]:
    """The highest signal id (the chart's key) and the number of the region's gemeenten (a
    regisseur compares with the region from three on), in one query: the panel costs no more in
    a region than alone."""
    hoogste = Signaal.objects.order_by().annotate(w=Func(F("pk"), function="MAX")).values("w")
    tellen = Func(template="COUNT(*)", output_field=IntegerField())
    aantal = Gemeente.objects.gemeenten().order_by().annotate(w=tellen).values("w")
    # Over the table of gemeenten, never empty: the active one is in it.
    rij = Gemeente.objects.aggregate(
        laatste=Max(Subquery(hoogste)), gemeenten=Max(Subquery(aantal))
    )
    return rij["laatste"], rij["gemeenten"] or 0


_ONBEKEND = object()


def signalen_per_maand_bewaard(vandaag: date, *, laatste=_ONBEKEND) -> dict:
    """``signalen_per_maand`` from the cache (see the module), kept under ``laatste``, the
    highest signal id (``stand`` gives it; looked up when not given): one query when cached,
    none when ``laatste`` is given."""
    if laatste is _ONBEKEND:
        laatste = Signaal.objects.aggregate(m=Max("pk"))["m"]
    sleutel = f"signalen:per_maand:1:{vandaag.isoformat()}:{get_language()}:{laatste}"
    data = cache.get(sleutel)
    if data is None:
        data = signalen_per_maand(vandaag)
        cache.set(sleutel, data, BEWAARTIJD)
    return data


def _grafiek(data: dict) -> Grafiek:
    lijst = reverse("admin:signalen_signaal_changelist")

    def maand(i: int) -> dict:
        m = data["sleutels"][i]
        return {"ingediend_op__year": m.year, "ingediend_op__month": m.month}

    def categorie(j: int) -> dict:
        return {"categorie__exact": data["reeksen"][j]["categorie"]}

    tabel = tabel_uit_reeksen(
        data,
        label_url=lambda i: met_query(lijst, **maand(i)),
        reeks_url=lambda j: met_query(lijst, **categorie(j)),
        cel_url=lambda i, j: met_query(lijst, **maand(i), **categorie(j)),
        totalen=True,
    )
    eerste, laatste = data["sleutels"][0], data["sleutels"][-1]
    return Grafiek(
        id="grafiek-signalen-per-maand",
        titel=gettext("Ingediende signalen per maand en soort zorg, %(van)s tot en met %(tot)s")
        % {"van": dateformat.format(eerste, "F Y"), "tot": dateformat.format(laatste, "F Y")},
        data=data,
        label_kop=gettext("Maand"),
        gestapeld=True,
        **tabel,
    )


@bewaard(hoogste(Signaal))  # the rendered chart, for a minute, under the same highest id
def panelen(request):
    if not rollen.is_regisseur(request.user):  # signals are the regisseur's work
        return []
    laatste, gemeenten = stand()
    data = signalen_per_maand_bewaard(timezone.localdate(), laatste=laatste)
    return [
        Paneel(
            titel=_("Signalen per maand"),
            # The charts' panel, with a link to the region's figures (/regio/) in a region
            # where the regisseur can compare (kern.regiorapport.MINSTE_VOOR_VERGELIJKEN).
            template="regio/grafieken_paneel.html",
            context={
                "grafieken": [_grafiek(data)],
                "regio_url": reverse("regio") if gemeenten >= MINSTE_VOOR_VERGELIJKEN else "",
            },
            volgorde=500,
            breed=True,
        )
    ]

"""The signals chart on the /beheer/ dashboard: signals filed per month and category over the
last two years (the shape of a chart: ``netwerk.grafieken``).

Two years of a region's signals are tens of thousands of rows to count, so the figures are
cached per day and language under the highest signal id: a signal's filing date and category
never change (anonymising keeps them) and signals are not deleted, so every new signal is a
new key, and a cached chart is never out of date.
"""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, bewaard, hoogste
from netwerk.grafieken import Grafiek, met_query, tabel_uit_reeksen

from .models import Categorie, Signaal

MAANDEN = 24
# A day at most: the key changes with the day anyway.
BEWAARTIJD = 24 * 3600


def signalen_per_maand(vandaag: date, *, maanden: int = MAANDEN) -> dict:
    """Signals filed per calendar month (local time) and category, for the ``maanden`` months up
    to and including ``vandaag``'s. Every month and every category is present, zero when nothing
    was filed; anonymised signals keep their category and date and count too. One query.

    ``sleutels`` are the months as dates (the first day), ``reeksen`` carry the category's value
    as ``categorie``.
    """
    tz = timezone.get_current_timezone()
    deze_maand = vandaag.replace(day=1)
    eerste = deze_maand - relativedelta(months=maanden - 1)
    volgende = deze_maand + relativedelta(months=1)
    maandlijst = [eerste + relativedelta(months=i) for i in range(maanden)]
    rijen = (
        Signaal.objects.filter(
            ingediend_op__gte=datetime.combine(eerste, time.min, tzinfo=tz),
            ingediend_op__lt=datetime.combine(volgende, time.min, tzinfo=tz),
        )
        .annotate(maand=TruncMonth("ingediend_op", tzinfo=tz))
        .values_list("maand", "categorie")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tellingen: dict[tuple[date, str], int] = {}
    for maand, categorie, n in rijen:
        if timezone.is_aware(maand):
            maand = timezone.localtime(maand, tz)
        sleutel = (maand.date(), categorie)
        tellingen[sleutel] = tellingen.get(sleutel, 0) + n
    return {
        "labels": [dateformat.format(m, "M Y") for m in maandlijst],
        "sleutels": maandlijst,
        "reeksen": [
            {
                "label": str(c.label),
                "categorie": c.value,
                "data": [tellingen.get((m, c.value), 0) for m in maandlijst],
            }
            for c in Categorie
        ],
    }


def signalen_per_maand_bewaard(vandaag: date) -> dict:
    """``signalen_per_maand`` from the cache (see the module): one query when cached."""
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
    return [
        Paneel(
            titel=_("Signalen per maand"),
            template="admin/grafieken_paneel.html",
            context={"grafieken": [_grafiek(signalen_per_maand_bewaard(timezone.localdate()))]},
            volgorde=500,
            breed=True,
        )
    ]

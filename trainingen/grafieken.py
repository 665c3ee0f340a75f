"""The training coverage chart on the /beheer/ dashboard: per domain, how many active
aandachtsfunctionarissen hold a valid basic training, are overdue for the refresher, or never
followed it (from ``geldigheid.dekking``; the shape of a chart: ``netwerk.grafieken``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel
from netwerk.grafieken import Cel, Grafiek, Rij, met_query, tabel_uit_reeksen

from . import geldigheid

# grafieken.js: 0 is a plain fill, 1 diagonal lines, 3 a cross-hatch (and three colours).
STIJL_BIJ, STIJL_VERLOPEN, STIJL_GEEN = 0, 1, 3


def trainingsdekking_per_domein(vandaag: date | None = None, *, standen=None) -> dict:
    """Per domain with active aandachtsfunctionarissen (lowest coverage first, as the coverage
    report): trained (valid, also when the refresher is due soon), refresher overdue, never
    trained, for the basic training. A person counts once per domain and once in ``totaal``.
    Empty without a basic training. Counted in SQL (``geldigheid.Standen.dekking``): four
    queries with finding the basic training and what renews it, two with ``standen`` given."""
    if standen is None:
        soort = geldigheid.basistraining()
        standen = geldigheid.Standen.voor(soort, vandaag) if soort is not None else None
    if standen is None:
        per_domein, totaal = [], geldigheid.Dekking("")
    else:
        _per_org, per_domein, totaal = standen.dekking(per_organisatie=False)
    return {
        "labels": [d.naam for d in per_domein],
        "sleutels": [d.sleutel for d in per_domein],
        "reeksen": [
            {
                "label": gettext("Getraind (geldig)"),
                "stand": "bij",
                "stijl": STIJL_BIJ,
                "data": [d.bij for d in per_domein],
            },
            {
                "label": str(geldigheid.Stand.LABELS[geldigheid.Stand.VERLOPEN]),
                "stand": geldigheid.Stand.VERLOPEN,
                "stijl": STIJL_VERLOPEN,
                "data": [d.verlopen for d in per_domein],
            },
            {
                "label": str(geldigheid.Stand.LABELS[geldigheid.Stand.GEEN]),
                "stand": geldigheid.Stand.GEEN,
                "stijl": STIJL_GEEN,
                "data": [d.geen for d in per_domein],
            },
        ],
        "totaal": {"totaal": totaal.totaal, "bij": totaal.bij, "verlopen": totaal.verlopen,
                   "geen": totaal.geen},
    }  # fmt: skip


def _grafiek(data: dict) -> Grafiek:
    rapport = reverse("admin:trainingen_editie_nog_te_trainen")
    dekking = reverse("admin:trainingen_editie_dekking")

    def cel_url(i: int, j: int) -> str:
        return met_query(rapport, domein=data["sleutels"][i], stand=data["reeksen"][j]["stand"])

    tabel = tabel_uit_reeksen(
        data,
        label_url=lambda i: met_query(dekking, domein=data["sleutels"][i]),
        cel_url=cel_url,
        totalen=True,
    )
    # The total row counts each person once, also who works in two domains.
    t = data["totaal"]
    tabel["voet"] = Rij(
        gettext("Totaal (ieder één keer)"),
        [Cel(t["bij"]), Cel(t["verlopen"]), Cel(t["geen"]), Cel(t["totaal"])],
        dekking,
    )
    return Grafiek(
        id="grafiek-trainingsdekking",
        titel=gettext(
            "Basistraining per domein: wie geldig getraind is, bij wie de opfrissing te laat is "
            "en wie hem nooit volgde (laagste dekking bovenaan)"
        ),
        data=data,
        label_kop=gettext("Domein"),
        horizontaal=True,
        gestapeld=True,
        leeg_tekst=gettext("Nog geen actieve aandachtsfunctionarissen of geen basistraining."),
        **tabel,
    )


def panelen(request):
    if not rollen.is_regisseur(request.user):
        return []
    return [
        Paneel(
            titel=_("Trainingsdekking"),
            template="admin/grafieken_paneel.html",
            context={
                "grafieken": [
                    _grafiek(
                        trainingsdekking_per_domein(
                            standen=geldigheid.standen_voor_verzoek(request)
                        )
                    )
                ]
            },
            volgorde=520,
            breed=True,
        )
    ]

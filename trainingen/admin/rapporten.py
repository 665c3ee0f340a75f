"""The two reports in /beheer/: who still needs training (per organisation, with what is planned
for them) and the coverage per organisation and per domain, both with a CSV export. The figures
come from ``trainingen.geldigheid``, counted in SQL: the list shows a page at a time
(``kern.paginering.bladzijde``) and its CSV is streamed, so neither grows with the registry in
memory.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from kern.paginering import bladzijde
from kern.rapport import csv_antwoord, csv_stroom
from kern.widgets import SnelleKeuzelijst

from .. import geldigheid
from ..models import Trainingssoort
from .filters import RapportFilter

# Rows per page of "wie moet nog getraind worden".
PER_PAGINA = 100


def _rapportfilter(modeladmin, request, velden):
    if not modeladmin._mag(request):
        raise PermissionDenied
    standaard = geldigheid.basistraining() or Trainingssoort.objects.first()
    filter_ = RapportFilter(request.GET or None, standaard_soort=standaard, velden=velden)
    if "organisatie" in filter_.fields:
        veld = filter_.fields["organisatie"]
        veld.queryset = veld.queryset.only("pk", "naam")  # no phone numbers to parse
        veld.widget = SnelleKeuzelijst(choices=veld.choices)
    return filter_


def nog_te_trainen(modeladmin, request):
    """Who still needs training, per organisation, with what is planned for them."""
    filter_ = _rapportfilter(modeladmin, request, ["soort", "organisatie", "domein", "stand"])
    w = filter_.waarden()
    soort = w["soort"]
    standen = geldigheid.Standen.voor(soort) if soort is not None else None
    afs = None
    if standen is not None:
        afs = standen.rijen(organisatie=w["organisatie"], domein=w["domein"], stand=w["stand"])
    if request.GET.get("formaat") == "csv":
        naam = slugify(soort.naam if soort else "training")[:60]
        return csv_stroom(
            geldigheid.csv_regels(_alle_rijen(standen, afs)),
            f"nog-te-trainen-{naam}-{timezone.localdate():%Y-%m-%d}.csv",
        )
    rijen, pagina, query, aantal_personen = [], None, "", 0
    if afs is not None:
        # Rows and persons in one count; the page's rows with what is planned for them.
        telling = afs.aggregate(rijen=Count("pk"), personen=Count("persoon_id", distinct=True))
        aantal_personen = telling["personen"]
        pagina, query = bladzijde(request, _Geteld(afs, telling["rijen"]), PER_PAGINA)
        op_pagina = list(pagina.object_list)
        ids = {af.persoon_id for af in op_pagina}
        gepland = geldigheid.komende_inschrijvingen(soort, ids, standen.vandaag) if ids else {}
        rijen = standen.rijen_maken(op_pagina, gepland=gepland)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Wie moet nog getraind worden"),
        "opts": modeladmin.opts,
        "filter": filter_,
        "soort": soort,
        "rijen": rijen,
        "pagina": pagina,
        "query": query,
        "aantal_personen": aantal_personen,
        "csv_query": _met_formaat(request),
    }
    return TemplateResponse(request, "admin/trainingen/nog_te_trainen.html", context)


class _Geteld:
    """A queryset whose length is already known, so the paginator does not count it again."""

    def __init__(self, qs, aantal: int):
        self.qs, self.aantal, self.ordered = qs, aantal, qs.ordered

    def count(self) -> int:
        return self.aantal

    def __len__(self) -> int:
        return self.aantal

    def __getitem__(self, stuk):
        return self.qs[stuk]


def _alle_rijen(standen, afs):
    """Every row for the CSV, read in chunks: what is planned in one query beforehand (a few
    people at most), the rows from a server-side cursor as the response is written."""
    if afs is None:
        return
    gepland = geldigheid.komende_inschrijvingen(
        standen.soort, afs.values("persoon_id"), standen.vandaag
    )
    for af in afs.iterator(chunk_size=2000):
        yield from standen.rijen_maken([af], gepland=gepland)


def dekking(modeladmin, request):
    """Coverage per organisation and per domain: how many are trained, overdue, never."""
    filter_ = _rapportfilter(modeladmin, request, ["soort", "domein"])
    w = filter_.waarden()
    if w["soort"] is not None:
        per_org, per_domein, totaal = geldigheid.Standen.voor(w["soort"]).dekking(
            domein=w["domein"]
        )
    else:
        per_org, per_domein, totaal = geldigheid.dekking([])
    if request.GET.get("formaat") == "csv":
        naam = slugify(w["soort"].naam if w["soort"] else "training")[:60]
        return csv_antwoord(
            geldigheid.dekking_als_csv(w["soort"], per_org, per_domein, totaal),
            f"trainingsdekking-{naam}-{timezone.localdate():%Y-%m-%d}.csv",
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Trainingsdekking"),
        "opts": modeladmin.opts,
        "filter": filter_,
        "soort": w["soort"],
        "per_organisatie": per_org,
        "per_domein": per_domein,
        "totaal": totaal,
        "csv_query": _met_formaat(request),
    }
    return TemplateResponse(request, "admin/trainingen/dekking.html", context)


def _met_formaat(request) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    query["formaat"] = "csv"
    return query.urlencode()

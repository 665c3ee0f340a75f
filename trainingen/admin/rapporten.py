"""The two reports in /beheer/: who still needs training (per organisation, with what is planned
for them) and the coverage per organisation and per domain, both with a CSV export. The figures
come from ``trainingen.geldigheid``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from kern.rapport import csv_antwoord

from .. import geldigheid
from ..models import Trainingssoort
from .filters import RapportFilter


def _rapportfilter(modeladmin, request, velden):
    if not modeladmin._mag(request):
        raise PermissionDenied
    standaard = geldigheid.basistraining() or Trainingssoort.objects.first()
    return RapportFilter(request.GET or None, standaard_soort=standaard, velden=velden)


def nog_te_trainen(modeladmin, request):
    """Who still needs training, per organisation, with what is planned for them."""
    filter_ = _rapportfilter(modeladmin, request, ["soort", "organisatie", "domein", "stand"])
    w = filter_.waarden()
    rijen = []
    if w["soort"] is not None:
        rijen = geldigheid.overzicht(w["soort"], organisatie=w["organisatie"], domein=w["domein"])
    if w["stand"] == "nodig":
        rijen = geldigheid.nog_nodig(rijen)
    elif w["stand"] == "bij":
        rijen = [r for r in rijen if r.geldigheid.is_bij]
    elif w["stand"] != "alle":
        rijen = [r for r in rijen if r.geldigheid.stand == w["stand"]]
    if request.GET.get("formaat") == "csv":
        naam = slugify(w["soort"].naam if w["soort"] else "training")[:60]
        return csv_antwoord(
            geldigheid.als_csv(rijen),
            f"nog-te-trainen-{naam}-{timezone.localdate():%Y-%m-%d}.csv",
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Wie moet nog getraind worden"),
        "opts": modeladmin.opts,
        "filter": filter_,
        "soort": w["soort"],
        "rijen": rijen,
        "aantal_personen": len({r.persoon.pk for r in rijen}),
        "csv_query": _met_formaat(request),
    }
    return TemplateResponse(request, "admin/trainingen/nog_te_trainen.html", context)


def dekking(modeladmin, request):
    """Coverage per organisation and per domain: how many are trained, overdue, never."""
    filter_ = _rapportfilter(modeladmin, request, ["soort", "domein"])
    w = filter_.waarden()
    rijen = geldigheid.overzicht(w["soort"], domein=w["domein"]) if w["soort"] is not None else []
    per_org, per_domein, totaal = geldigheid.dekking(rijen)
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
    query["formaat"] = "csv"
    return query.urlencode()

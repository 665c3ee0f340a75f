"""The registry's own pages in /beheer/ and the pieces the admin classes share: the
intermediate page of an action, an action over several objects one by one, the coverage and
"gone quiet" pages, a signed document as a download. The admin classes wire them in
(``get_urls``, ``@admin.action``); the rules are in ``netwerk.selectors`` and
``netwerk.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from netwerk import selectors
from netwerk.models import Aandachtsfunctionaris, Domein


def actie_pagina(
    modeladmin, request, queryset, *, titel, uitleg, form=None, knop, template=None, extra=None
):
    """The intermediate page of an action: what will happen to whom, and a button."""
    context = {
        **(extra or {}),
        **modeladmin.admin_site.each_context(request),
        "title": titel,
        "uitleg": uitleg,
        "objecten": queryset,
        "form": form,
        "knop": knop,
        "action": request.POST.get("action"),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.opts,
    }
    return TemplateResponse(request, template or "admin/netwerk/actie.html", context)


def met_actieve_rollen(personen):
    """Each person's active aandachtsfunctionaris roles with their organisation, fetched once
    (``persoon.actieve_af``)."""
    return personen.prefetch_related(
        Prefetch(
            "aandachtsfunctionarisrollen",
            queryset=Aandachtsfunctionaris.objects.filter(actief=True).select_related(
                "organisatie"
            ),
            to_attr="actieve_af",
        )
    )


def dekking(modeladmin, request):
    """Organisaties → Dekking per locatie."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    domein = request.GET.get("domein", "")
    if domein not in Domein.values:
        domein = ""
    alleen_gaten = request.GET.get("gaten") == "1"
    # ?zonder=1: only the locations without an aandachtsfunctionaris, one row each: the list
    # behind the dashboard's "Locaties zonder aandachtsfunctionaris" (same count).
    alleen_zonder = request.GET.get("zonder") == "1"
    per_organisatie = selectors.dekking_per_organisatie(
        domein=domein, alleen_gaten=alleen_gaten or alleen_zonder
    )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Dekking per locatie"),
        "opts": modeladmin.opts,
        "dekking": per_organisatie,
        "zonder_af": [(d.organisatie, loc) for d in per_organisatie for loc in d.zonder]
        if alleen_zonder
        else None,
        "per_domein": selectors.actieve_af_per_domein(),
        "domeinen": Domein.choices,
        "gekozen_domein": domein,
        "alleen_gaten": alleen_gaten,
        "alleen_zonder": alleen_zonder,
    }
    return TemplateResponse(request, "admin/netwerk/dekking.html", context)


def stil(modeladmin, request):
    """Personen → Stil geworden: who has had no contact for months."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    try:
        maanden = min(max(int(request.GET["maanden"]), 1), 120)
    except (KeyError, ValueError):
        maanden = settings.NETWERK_STIL_NA_MAANDEN
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Stil geworden: geen contact"),
        "opts": modeladmin.opts,
        "maanden": maanden,
        "grens": selectors.stil_sinds_grens(maanden),
        "pagina": Paginator(
            met_actieve_rollen(selectors.stille_personen(maanden=maanden)), 50
        ).get_page(request.GET.get("pagina")),
    }
    return TemplateResponse(request, "admin/netwerk/stil.html", context)


def pdf(document, bestandsnaam: str) -> FileResponse:
    """A signed document as a download, never kept by a browser or proxy."""
    antwoord = FileResponse(
        document.open("rb"),
        as_attachment=True,
        filename=bestandsnaam,
        content_type="application/pdf",
    )
    antwoord["Cache-Control"] = "no-store"
    return antwoord

"""The regiocoördinator's page of the programme council (regio.programmaraad)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import rollen

from . import programmaraad as raad


@login_required
@require_http_methods(["GET", "POST"])
def programmaraad(request):
    if not rollen.is_regiocoordinator(request.user):
        raise PermissionDenied
    gegevens = raad.overzicht()
    # Only the coördinator who runs it (an account of the region's layer) keeps its registry.
    leidt = gegevens["laag"] is not None and request.user.gemeente_id == gegevens["laag"].pk
    if request.method == "POST":
        if not leidt:
            raise PermissionDenied
        uitkomst = raad.regisseurs_bijwerken()
        messages.success(
            request,
            _(
                "Bijgewerkt: %(nieuw)s regisseur(s) toegevoegd, %(anders)s gewijzigd, "
                "%(weg)s niet langer lid."
            )
            % {
                "nieuw": uitkomst.toegevoegd,
                "anders": uitkomst.bijgewerkt,
                "weg": uitkomst.beeindigd,
            },
        )
        return redirect("regio_programmaraad")
    return render(request, "regio/programmaraad.html", {**gegevens, "leidt": leidt})

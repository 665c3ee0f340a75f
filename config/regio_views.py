"""The region's pages beside its figures (config.regio): the programme council
(bijeenkomsten.programmaraad) and the switch of a partner of several gemeenten (netwerk.toegang)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import rollen
from bijeenkomsten import programmaraad as raad
from netwerk import toegang


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


@login_required
@require_POST
def gemeente_kiezen(request):
    """A partner of several gemeenten switches the gemeente it works in (regio.toegang); the
    start page then shows that gemeente's shares."""
    if not toegang.kiezen(request, request.POST.get("gemeente")):
        raise PermissionDenied
    return redirect("home")


def dashboard_panelen(request):
    """``dashboard``: for the regiocoördinator on /beheer/ (where the programme council's
    network is kept), the way to the region's own pages. Links only, no query."""
    from kern.dashboard import Paneel

    if not rollen.is_regiocoordinator(request.user):
        return []
    return [Paneel(titel=_("De regio"), template="regio/dashboard_paneel.html", volgorde=0)]

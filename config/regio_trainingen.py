"""The regiocoördinator's trainings (/regio/trainingen/): offer a training to the gemeenten of
the region with places per gemeente, change it, cancel it, and see per gemeente how many are
enrolled, never who. The rules are ``trainingen.regionaal``'s; each save is one call of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts import rollen
from kern import eenmalig
from kern.fouten import Weigering
from kern.paginering import bladzijde
from trainingen import regionaal
from trainingen.models import RegionaleEditie
from trainingen.regionaal_forms import AanbodForm, RegionaleEditieForm, dagen_formset

WANNEER = [
    ("", gettext_lazy("Alle")),
    ("komend", gettext_lazy("Komend")),
    ("voorbij", gettext_lazy("Voorbij")),
    ("geannuleerd", gettext_lazy("Geannuleerd")),
]


def _coordinator(request) -> None:
    if not rollen.is_regiocoordinator(request.user):
        raise PermissionDenied


@login_required
@require_GET
def lijst(request):
    _coordinator(request)
    zoek = request.GET.get("zoek", "").strip()[:100]
    wanneer = request.GET.get("wanneer", "")
    if wanneer not in dict(WANNEER):
        wanneer = ""
    pagina, query = bladzijde(request, regionaal.lijst(zoek=zoek, wanneer=wanneer), 25)
    return render(
        request,
        "regio/trainingen.html",
        {
            "pagina": pagina,
            "edities": regionaal.met_totalen(pagina.object_list),
            "query": query,
            "zoek": zoek,
            "wanneer": wanneer,
            "keuzes": WANNEER,
        },
    )


def _formulieren(request, editie: RegionaleEditie | None):
    data = request.POST if request.method == "POST" else None
    huidig = dict(editie.aanbod.values_list("gemeente_id", "plaatsen")) if editie else {}
    return (
        RegionaleEditieForm(data, instance=editie),
        dagen_formset(data, editie, extra=1 if editie else 3),
        AanbodForm(data, gemeenten=regionaal.gemeenten_te_kiezen(), huidig=huidig),
    )


def _doel(editie) -> str:
    """The one-time token's purpose (kern.eenmalig): a form sent twice (a double click, a
    resent request) offers once, or adds its new day once."""
    return "regio_training" if editie is None else f"regio_training:{editie.pk}"


class _AlGedaan(Exception):
    def __init__(self, pk: int):
        self.pk = pk


def _bewaren(request, editie, form, dagen, aanbod):
    """One call of the service; a refusal goes back to the page with what was typed. Raises
    ``_AlGedaan`` when this very form was sent before."""
    try:
        with transaction.atomic():
            inzending = eenmalig.claimen(request, _doel(editie))
            if editie is None:
                uitkomst = regionaal.regionale_editie_aanbieden(
                    editie=form.instance,
                    dagen=dagen.dagen.nieuw,
                    aanbod=aanbod.aanbod,
                    door=request.user,
                )
            else:
                uitkomst = regionaal.regionale_editie_wijzigen(
                    editie=editie,
                    velden={v: form.cleaned_data[v] for v in regionaal.REGIOVELDEN},
                    dagen=dagen.dagen,
                    aanbod=aanbod.aanbod,
                    door=request.user,
                )
            inzending.vastleggen(uitkomst.editie.pk)
    except eenmalig.AlVerstuurd as eerder:
        raise _AlGedaan(int(eerder.resultaat or editie.pk)) from None
    except eenmalig.OnbekendToken:
        form.add_error(
            None,
            _(
                "Dit formulier was verlopen; er is nog niets opgeslagen. Controleer wat u "
                "invulde en verstuur het opnieuw."
            ),
        )
        return None
    except Weigering as fout:
        form.add_error(None, fout.reden)
        return None
    for niveau, tekst in uitkomst.meldingen:
        getattr(messages, niveau)(request, tekst)
    return uitkomst.editie


@login_required
@require_http_methods(["GET", "POST"])
def nieuw(request):
    _coordinator(request)
    form, dagen, aanbod = _formulieren(request, None)
    if request.method == "POST" and form.is_valid() and dagen.is_valid() and aanbod.is_valid():
        try:
            editie = _bewaren(request, None, form, dagen, aanbod)
        except _AlGedaan as al:
            return redirect("regio_training", pk=al.pk)
        if editie is not None:
            return redirect("regio_training", pk=editie.pk)
    return _formulierpagina(request, form, dagen, aanbod, None)


def _formulierpagina(request, form, dagen, aanbod, editie):
    return render(
        request,
        "regio/training_formulier.html",
        {
            "form": form,
            "dagen": dagen,
            "aanbod": aanbod,
            "editie": editie,
            "eenmalig": eenmalig.token_uitgeven(request, _doel(editie)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def wijzigen(request, pk):
    _coordinator(request)
    editie = get_object_or_404(RegionaleEditie, pk=pk)
    if editie.is_geannuleerd:
        messages.error(request, _("Deze regionale training is geannuleerd en blijft zoals ze was."))
        return redirect("regio_training", pk=editie.pk)
    form, dagen, aanbod = _formulieren(request, editie)
    if request.method == "POST" and form.is_valid() and dagen.is_valid() and aanbod.is_valid():
        try:
            bewaard = _bewaren(request, editie, form, dagen, aanbod)
        except _AlGedaan:
            return redirect("regio_training", pk=editie.pk)
        if bewaard is not None:
            messages.success(request, _("De regionale training is bijgewerkt."))
            return redirect("regio_training", pk=editie.pk)
    return _formulierpagina(request, form, dagen, aanbod, editie)


@login_required
@require_GET
def detail(request, pk):
    _coordinator(request)
    editie = get_object_or_404(RegionaleEditie, pk=pk)
    stand = regionaal.stand_per_gemeente(editie)
    return render(
        request,
        "regio/training.html",
        {
            "editie": editie,
            "soortnaam": regionaal.soortnaam(editie.soort),
            "dagen": list(editie.dagen.order_by("volgnummer")),
            "stand": stand,
            "totaal": {
                k: sum(getattr(s, k) for s in stand)
                for k in ("plaatsen", "ingeschreven", "wachtlijst", "voltooid", "vrij")
            },
            "bezwaar": regionaal.waarom_niet_annuleren(editie),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def annuleren(request, pk):
    _coordinator(request)
    editie = get_object_or_404(RegionaleEditie, pk=pk)
    bezwaar = regionaal.waarom_niet_annuleren(editie)
    if bezwaar:
        messages.error(request, bezwaar)
        return redirect("regio_training", pk=editie.pk)
    if request.method == "POST":
        reden = " ".join(request.POST.get("reden", "").split())[:300]
        try:
            aantal = regionaal.regionale_editie_annuleren(editie, reden, door=request.user)
        except Weigering as fout:
            messages.error(request, fout.reden)
        else:
            messages.success(
                request,
                _(
                    "De regionale training is geannuleerd in %(n)d gemeente(n); hun regisseurs "
                    "en wie zich had ingeschreven krijgen bericht."
                )
                % {"n": aantal},
            )
        return redirect("regio_training", pk=editie.pk)
    return render(
        request,
        "regio/training_annuleren.html",
        {"editie": editie, "stand": regionaal.stand_per_gemeente(editie)},
    )

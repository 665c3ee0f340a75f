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


def _bewaren(request, editie, form, dagen, aanbod):
    """One call of the service; a refusal goes back to the page with what was typed."""
    try:
        with transaction.atomic():
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
        editie = _bewaren(request, None, form, dagen, aanbod)
        if editie is not None:
            return redirect("regio_training", pk=editie.pk)
    return render(
        request,
        "regio/training_formulier.html",
        {"form": form, "dagen": dagen, "aanbod": aanbod, "editie": None},
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
    if (
        request.method == "POST"
        and form.is_valid()
        and dagen.is_valid()
        and aanbod.is_valid()
        and _bewaren(request, editie, form, dagen, aanbod) is not None
    ):
        messages.success(request, _("De regionale training is bijgewerkt."))
        return redirect("regio_training", pk=editie.pk)
    return render(
        request,
        "regio/training_formulier.html",
        {"form": form, "dagen": dagen, "aanbod": aanbod, "editie": editie},
    )


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

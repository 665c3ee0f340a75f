"""The case meeting's pages on the site (/casusoverleg/). Thin: who may see what comes from
``casusoverleg.selectors`` (asked on every request), every change from
``casusoverleg.services`` (one service per change; a ``Weigering`` is shown as it is).

Deny by default: the pages are for the netwerkregisseur (plans and records) and for partners
(read only, what selectors allow); anyone else gets 403, a meeting or item they may not open
404. Every showing of an item's content (its reference, decision, actions, minutes) is recorded
as a view of that signal (``signalen.services.inzage_vastleggen``), as the signal's own pages do.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rollen
from accounts.decorators import rol_vereist
from bijeenkomsten.services import antwoorden_geteld
from kern import eenmalig
from kern.fouten import Weigering, gemeld
from signalen.models import Inzage
from signalen.services import inzage_vastleggen, inzagen_vastleggen

from . import selectors, services
from .forms import (
    ActieForm,
    AgenderenForm,
    AnnuleerForm,
    BesluitForm,
    NotulenForm,
    PlanForm,
    TijdenForm,
    UitnodigForm,
)
from .models import Actie, Agendapunt, Casusoverleg

REGISSEUR = rollen.NETWERKREGISSEUR
PARTNER = rollen.PARTNER
EENMALIG_DOEL = "casusoverleg.plannen"


def _overleg(request, pk) -> Casusoverleg:
    try:
        return selectors.overleggen_voor(request.user).get(pk=pk)
    except Casusoverleg.DoesNotExist:
        raise Http404 from None


def _punt(request, pk) -> Agendapunt:
    try:
        return selectors.agendapunt_voor(request.user, pk)
    except Agendapunt.DoesNotExist:
        raise Http404 from None


def _is_regisseur(request) -> bool:
    return rollen.is_regisseur(request.user)


# --- The list and planning ----------------------------------------------------------------------


@rol_vereist(REGISSEUR, PARTNER)
def lijst(request):
    nu = timezone.now()
    overleggen = selectors.overleggen_voor(request.user).order_by("-bijeenkomst__begin")
    return render(
        request,
        "casusoverleg/lijst.html",
        {
            "komend": [o for o in overleggen if o.bijeenkomst.einde > nu][::-1],
            "voorbij": [o for o in overleggen if o.bijeenkomst.einde <= nu][:20],
            "is_regisseur": _is_regisseur(request),
        },
    )


@rol_vereist(REGISSEUR)
def nieuw(request):
    form = PlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            gegevens = form.cleaned_data
            try:
                with transaction.atomic():
                    inzending = eenmalig.claimen(request, EENMALIG_DOEL)
                    overleg = services.casusoverleg_plannen(
                        titel=gegevens["titel"],
                        begin=gegevens["begin"],
                        einde=gegevens["einde"],
                        locatie=gegevens["locatie"],
                        deelnemers=gegevens["deelnemers"],
                        door=request.user,
                    )
                    inzending.vastleggen(overleg.pk)
            except eenmalig.AlVerstuurd as eerder:
                return redirect("casusoverleg:overleg", int(eerder.resultaat))
            except eenmalig.OnbekendToken:
                messages.warning(
                    request,
                    _(
                        "Dit formulier was verlopen. Er is nog niets gepland: kies opnieuw "
                        "‘Plannen en uitnodigen’."
                    ),
                )
            except Weigering as fout:
                messages.error(request, fout.reden)
            else:
                messages.success(
                    request,
                    _("Het casusoverleg is gepland; de uitnodigingen zijn verstuurd."),
                )
                return redirect("casusoverleg:overleg", overleg.pk)
    return render(
        request,
        "casusoverleg/formulier.html",
        {
            "form": form,
            "titel": _("Casusoverleg plannen"),
            "knop": _("Plannen en uitnodigen"),
            "eenmalig": eenmalig.token_uitgeven(request, EENMALIG_DOEL),
        },
        status=status,
    )


# --- One meeting --------------------------------------------------------------------------------


@rol_vereist(REGISSEUR, PARTNER)
def overleg(request, overleg):
    gevonden = _overleg(request, overleg)
    agenda = selectors.agenda_voor(request.user, gevonden)
    inzagen_vastleggen(
        request, [p.agendapunt.signaal for p in agenda if p.agendapunt], Inzage.Waar.SITE
    )
    bijeenkomst, nu = gevonden.bijeenkomst, timezone.now()
    context = {
        "overleg": gevonden,
        "bijeenkomst": bijeenkomst,
        "agenda": agenda,
        "komend": not bijeenkomst.is_geannuleerd and bijeenkomst.einde > nu,
        "nog_niet_begonnen": not bijeenkomst.is_geannuleerd and bijeenkomst.begin > nu,
    }
    if _is_regisseur(request):
        context.update(
            deelnemers=gevonden.deelnemers.select_related("account", "uitnodiging").order_by(
                "account__last_name", "account__first_name"
            ),
            antwoorden=antwoorden_geteld(bijeenkomst),
            uitnodig_form=UitnodigForm(casusoverleg=gevonden),
            agendeerbaar=selectors.agendeerbare_signalen(gevonden),
            is_regisseur=True,
        )
    return render(request, "casusoverleg/overleg.html", context)


@rol_vereist(REGISSEUR)
def wijzigen(request, overleg):
    gevonden = _overleg(request, overleg)
    form = TijdenForm.van(gevonden, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            velden = {k: form.cleaned_data[k] for k in ("titel", "begin", "einde", "locatie")}
            if gemeld(
                request,
                lambda: services.casusoverleg_wijzigen(
                    casusoverleg=gevonden, velden=velden, door=request.user
                ),
                lambda wijziging: wijziging.melding or _("Opgeslagen."),
            ):
                return redirect("casusoverleg:overleg", gevonden.pk)
    return render(
        request,
        "casusoverleg/formulier.html",
        {"form": form, "overleg": gevonden, "titel": _("Overleg wijzigen"), "knop": _("Opslaan")},
        status=status,
    )


@rol_vereist(REGISSEUR)
def annuleren(request, overleg):
    gevonden = _overleg(request, overleg)
    form = AnnuleerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and gemeld(
            request,
            lambda: services.casusoverleg_annuleren(
                casusoverleg=gevonden, reden=form.cleaned_data["reden"]
            ),
            _("Het overleg is geannuleerd; de genodigden krijgen bericht."),
        ):
            return redirect("casusoverleg:overleg", gevonden.pk)
    return render(
        request,
        "casusoverleg/formulier.html",
        {
            "form": form,
            "overleg": gevonden,
            "titel": _("Overleg annuleren"),
            "knop": _("Annuleren"),
            "gevaar": True,
        },
        status=status,
    )


@require_POST
@rol_vereist(REGISSEUR)
def uitnodigen(request, overleg):
    gevonden = _overleg(request, overleg)
    form = UitnodigForm(request.POST, casusoverleg=gevonden)
    if not form.is_valid():
        messages.error(request, _("Kies wie u wilt uitnodigen."))
    else:
        gemeld(
            request,
            lambda: services.deelnemers_uitnodigen(
                casusoverleg=gevonden, accounts=form.cleaned_data["deelnemers"]
            ),
            lambda aantal: _("Uitnodigingen verstuurd: %(n)d.") % {"n": aantal},
        )
    return redirect("casusoverleg:overleg", gevonden.pk)


@require_POST
@rol_vereist(REGISSEUR)
def agenderen(request):
    form = AgenderenForm(request.POST)
    terug = request.POST.get("terug")
    if not form.is_valid():
        messages.error(request, _("Kies een komend overleg en een signaal."))
        return redirect("casusoverleg:lijst")
    overleg, signaal = form.cleaned_data["casusoverleg"], form.cleaned_data["signaal"]
    gemeld(
        request,
        lambda: services.signaal_agenderen(
            casusoverleg=overleg, signaal=signaal, door=request.user
        ),
        _("%(ref)s staat op de agenda van %(overleg)s.")
        % {"ref": signaal.referentie, "overleg": overleg.bijeenkomst},
    )
    if terug == "signaal":
        return redirect(reverse("admin:signalen_signaal_change", args=[signaal.pk]))
    return redirect("casusoverleg:overleg", overleg.pk)


# --- One item on the agenda ---------------------------------------------------------------------


def _punt_pagina(request, punt: Agendapunt, status=200, **formulieren):
    """The item's page; showing it is a view of the signal."""
    inzage_vastleggen(request, punt.signaal, Inzage.Waar.SITE)
    acties = list(punt.acties.select_related("eigenaar"))
    context = {
        "punt": punt,
        "overleg": punt.casusoverleg,
        "bijeenkomst": punt.casusoverleg.bijeenkomst,
        "acties": acties,
        "af_te_ronden": selectors.af_te_ronden_door(request.user, acties),
    }
    if _is_regisseur(request):
        eigenaren = services.eigenaren_voor(punt.signaal)
        context.update(
            is_regisseur=True,
            besluit_form=formulieren.get("besluit_form")
            or BesluitForm(
                initial={"herzien_op": punt.herzien_op, "doorverwezen_naar": punt.doorverwezen_naar}
            ),
            notulen_form=formulieren.get("notulen_form")
            or NotulenForm(initial={"notulen": punt.notulen}),
            actie_form=formulieren.get("actie_form") or ActieForm(eigenaren=eigenaren),
            besluit_open=services.besluit_open(punt),
        )
    return render(request, "casusoverleg/punt.html", context, status=status)


@rol_vereist(REGISSEUR, PARTNER)
def punt(request, punt):
    return _punt_pagina(request, _punt(request, punt))


def _uitvoeren(request, gevonden: Agendapunt, form, naam: str, doen, gelukt: str):
    """Run ``doen(cleaned_data)`` for a valid form; a refusal or invalid form shows the item's
    page again with the reason."""
    if not form.is_valid():
        return _punt_pagina(request, gevonden, status=400, **{naam: form})
    if gemeld(request, lambda: doen(form.cleaned_data), gelukt):
        return redirect("casusoverleg:punt", gevonden.pk)
    return _punt_pagina(request, gevonden, status=409, **{naam: form})


@require_POST
@rol_vereist(REGISSEUR)
def besluit(request, punt):
    gevonden = _punt(request, punt)
    return _uitvoeren(
        request,
        gevonden,
        BesluitForm(request.POST),
        "besluit_form",
        lambda g: services.besluit_vastleggen(
            agendapunt=gevonden,
            besluit=g["besluit"],
            doorverwezen_naar=g["doorverwezen_naar"],
            herzien_op=g["herzien_op"],
            door=request.user,
        ),
        _("Het besluit is vastgelegd."),
    )


@require_POST
@rol_vereist(REGISSEUR)
def notulen(request, punt):
    gevonden = _punt(request, punt)
    return _uitvoeren(
        request,
        gevonden,
        NotulenForm(request.POST),
        "notulen_form",
        lambda g: services.notulen_opslaan(
            agendapunt=gevonden, notulen=g["notulen"], door=request.user
        ),
        _("De notulen zijn opgeslagen."),
    )


@require_POST
@rol_vereist(REGISSEUR)
def actie_toevoegen(request, punt):
    gevonden = _punt(request, punt)
    form = ActieForm(request.POST, eigenaren=services.eigenaren_voor(gevonden.signaal))
    return _uitvoeren(
        request,
        gevonden,
        form,
        "actie_form",
        lambda g: services.actie_toevoegen(
            agendapunt=gevonden,
            omschrijving=g["omschrijving"],
            eigenaar=g["eigenaar"],
            uiterlijk=g["uiterlijk"],
            door=request.user,
        ),
        _("De actie is toegevoegd."),
    )


@require_POST
@rol_vereist(REGISSEUR)
def punt_verwijderen(request, punt):
    gevonden = _punt(request, punt)
    if gemeld(
        request,
        lambda: services.agendapunt_verwijderen(agendapunt=gevonden, door=request.user),
        _("Het punt is van de agenda gehaald."),
    ):
        return redirect("casusoverleg:overleg", gevonden.casusoverleg_id)
    return redirect("casusoverleg:punt", gevonden.pk)


@require_POST
@rol_vereist(REGISSEUR, PARTNER)
def actie_afronden(request, actie):
    """The regisseur, or a partner of the organisation that has the action, on an item they
    may open (another item is not there for them: 404)."""
    try:
        gevonden = Actie.objects.get(pk=actie)
    except Actie.DoesNotExist:
        raise Http404 from None
    punt = _punt(request, gevonden.agendapunt_id)
    gemeld(
        request,
        lambda: services.actie_afronden(actie=gevonden, door=request.user),
        _("De actie is afgerond."),
    )
    return redirect("casusoverleg:punt", punt.pk)

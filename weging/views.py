"""The weging's pages on the site (/weging/). Thin: who may see what comes from
``weging.selectors`` (asked on every request), every change from ``weging.services`` and
``weging.kaders`` (one service per change; a ``Weigering`` is shown as it is).

Deny by default: every page is the netwerkregisseur's, except one version's page and its
confirm and send-back buttons, which a partner of an organisation that took part (and has the
signal shared) also reaches as second assessor. Anyone else gets 403, a weging they may not
open 404. Every showing of a weging is recorded as a view of its signal
(``signalen.services.inzage_vastleggen``), as the signal's own pages are.
"""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rollen
from accounts.decorators import rol_vereist
from kern.fouten import Weigering, gemeld
from kern.paginering import bladzijde
from kern.rapport import UITLEG_AFSCHERMING
from signalen.casusverloop import Fase
from signalen.models import Inzage, Signaal
from signalen.selectors import signalen_voor, te_herzien
from signalen.services import inzage_vastleggen, inzagen_vastleggen

from . import kaders, rapport, selectors, services
from .forms import JaarKeuze, OvernemenForm, TerugsturenForm, WegingForm
from .models import Status, Weging

REGISSEUR = rollen.NETWERKREGISSEUR
PARTNER = rollen.PARTNER
# The overview's short lists (waiting for confirmation, due for review): the oldest first.
KORT = 50


def _signaal(request, referentie) -> Signaal:
    try:
        return signalen_voor(request.user, rol=REGISSEUR).get(referentie=referentie)
    except Signaal.DoesNotExist:
        raise Http404 from None


def _weging(request, pk) -> Weging:
    try:
        return selectors.weging_voor(request.user, pk)
    except Weging.DoesNotExist:
        raise Http404 from None


# --- The regisseur's overview -------------------------------------------------------------------


@rol_vereist(REGISSEUR)
def overzicht(request):
    pagina, query = bladzijde(request, selectors.in_weging(), per_pagina=25)
    lopend = {
        w.signaal_id: w
        for w in Weging.objects.filter(
            signaal__in=[s.pk for s in pagina], status__in=(Status.CONCEPT, Status.TER_BEVESTIGING)
        )
    }
    bevestigen = list(selectors.ter_bevestiging()[: KORT + 1])
    herzien = list(te_herzien()[: KORT + 1])
    return render(
        request,
        "weging/overzicht.html",
        {
            "ter_bevestiging": bevestigen[:KORT],
            "te_herzien": herzien[:KORT],
            "meer": len(bevestigen) > KORT or len(herzien) > KORT,
            "kort": KORT,
            "pagina": pagina,
            "query": query,
            "regels": [(s, lopend.get(s.pk)) for s in pagina],
        },
    )


# --- One signal: start, fill in, submit ---------------------------------------------------------


def _signaalpagina(request, signaal, form=None, status=200):
    """The weging page of a signal; showing it is a view of the signal."""
    inzage_vastleggen(request, signaal, Inzage.Waar.SITE)
    open_ = selectors.open_weging(signaal)
    context = {
        "signaal": signaal,
        "open": open_,
        "versies": selectors.wegingen_van(signaal),
        "kan_starten": open_ is None
        and signaal.fase in services.STARTFASEN
        and not signaal.geanonimiseerd_op,
        "monitoren": signaal.fase == Fase.MONITOREN,
        "kader": services.actief_kader(),
    }
    if open_ is not None and open_.status == Status.CONCEPT:
        beoordelingen = list(
            open_.beoordelingen.select_related("indicator__groep").order_by(
                "indicator__groep__volgorde", "indicator__groep", "indicator__volgorde", "pk"
            )
        )
        context["form"] = form or WegingForm(
            weging=open_,
            beoordelingen=beoordelingen,
            deelnemers_mogelijk=services.deelnemers_mogelijk(signaal),
        )
    return render(request, "weging/signaal.html", context, status=status)


@rol_vereist(REGISSEUR)
def signaal(request, referentie):
    gevonden = _signaal(request, referentie)
    if request.method != "POST":
        return _signaalpagina(request, gevonden)
    open_ = selectors.open_weging(gevonden)
    if open_ is None or open_.status != Status.CONCEPT:
        messages.error(request, _("Er is geen concept van een weging om op te slaan."))
        return redirect("weging:signaal", gevonden.referentie)
    beoordelingen = list(
        open_.beoordelingen.select_related("indicator__groep").order_by(
            "indicator__groep__volgorde", "indicator__groep", "indicator__volgorde", "pk"
        )
    )
    form = WegingForm(
        request.POST,
        weging=open_,
        beoordelingen=beoordelingen,
        deelnemers_mogelijk=services.deelnemers_mogelijk(gevonden),
    )
    if not form.is_valid():
        messages.error(request, _("Controleer de gemarkeerde velden; er is niets opgeslagen."))
        return _signaalpagina(request, gevonden, form, status=400)
    g = form.cleaned_data
    try:
        services.weging_opslaan(
            weging=open_,
            door=request.user,
            antwoorden=form.antwoorden(),
            deelnemers=g["deelnemers"],
            uitkomst=g["uitkomst"],
            onderbouwing=g["onderbouwing"],
            doorverwezen_naar=g["doorverwezen_naar"],
            herzien_op=g["herzien_op"],
        )
    except Weigering as fout:
        messages.error(request, fout.reden)
        return _signaalpagina(request, gevonden, form, status=409)
    if request.POST.get("actie") != "indienen":
        messages.success(request, _("Het concept is opgeslagen."))
        return redirect("weging:signaal", gevonden.referentie)
    try:
        services.weging_indienen(weging=open_, door=request.user)
    except Weigering as fout:
        messages.error(
            request, _("Opgeslagen, maar nog niet ingediend. %(reden)s") % {"reden": fout.reden}
        )
        return redirect("weging:signaal", gevonden.referentie)
    messages.success(
        request,
        _(
            "De weging staat ter bevestiging. Een tweede beoordelaar (een andere regisseur, of "
            "een partner van een deelnemende organisatie) bevestigt haar; pas dan gaat het "
            "signaal verder."
        ),
    )
    return redirect("weging:versie", open_.pk)


@require_POST
@rol_vereist(REGISSEUR)
def starten(request, referentie):
    gevonden = _signaal(request, referentie)
    gemeld(request, lambda: services.weging_starten(signaal=gevonden, door=request.user))
    return redirect("weging:signaal", gevonden.referentie)


# --- One version: read, confirm, send back, withdraw --------------------------------------------


def _versiepagina(request, weging, terugsturen_form=None, status=200):
    inzage_vastleggen(request, weging.signaal, Inzage.Waar.SITE)
    is_regisseur = selectors.is_regisseur(request.user)
    bezwaar = services.bezwaar_tweede_beoordelaar(request.user, weging)
    context = {
        "weging": weging,
        "signaal": weging.signaal,
        "groepen": selectors.beoordelingen_per_groep(weging),
        "deelnemers": [d.organisatie for d in weging.deelnames.select_related("organisatie")],
        "is_regisseur": is_regisseur,
        "mag_beoordelen": not bezwaar,
        "bezwaar": bezwaar if weging.status == Status.TER_BEVESTIGING else "",
        "terugsturen_form": terugsturen_form or TerugsturenForm(),
        "vandaag": timezone.localdate(),
    }
    return render(request, "weging/versie.html", context, status=status)


@rol_vereist(REGISSEUR, PARTNER)
def versie(request, weging):
    return _versiepagina(request, _weging(request, weging))


@require_POST
@rol_vereist(REGISSEUR, PARTNER)
def bevestigen(request, weging):
    gevonden = _weging(request, weging)

    def bevestigd(_weging) -> str:
        gevonden.signaal.refresh_from_db(fields=["fase"])
        return _("De weging is bevestigd. Het signaal staat nu in de fase ‘%(fase)s’.") % {
            "fase": gevonden.signaal.get_fase_display()
        }

    gemeld(
        request,
        lambda: services.weging_bevestigen(weging=gevonden, door=request.user),
        bevestigd,
    )
    return redirect("weging:versie", gevonden.pk)


@require_POST
@rol_vereist(REGISSEUR, PARTNER)
def terugsturen(request, weging):
    gevonden = _weging(request, weging)
    form = TerugsturenForm(request.POST)
    if not form.is_valid():
        return _versiepagina(request, gevonden, form, status=400)
    gemeld(
        request,
        lambda: services.weging_terugsturen(
            weging=gevonden, door=request.user, reden=form.cleaned_data["reden"]
        ),
        _("De weging is teruggestuurd naar de regisseur, met uw reden."),
    )
    return redirect("weging:versie", gevonden.pk)


@require_POST
@rol_vereist(REGISSEUR)
def intrekken(request, weging):
    gevonden = _weging(request, weging)
    if gemeld(
        request,
        lambda: services.weging_intrekken(weging=gevonden, door=request.user),
        _("De weging is ingetrokken; zij blijft bewaard als versie."),
    ):
        return redirect("weging:signaal", gevonden.signaal.referentie)
    return redirect("weging:versie", gevonden.pk)


# --- The consistency report ---------------------------------------------------------------------


def _jaar(request) -> tuple[JaarKeuze, int, object]:
    vandaag = timezone.localdate()
    keuze = JaarKeuze(request.GET if "jaar" in request.GET else None, vandaag=vandaag)
    jaar = keuze.gekozen()
    if keuze.is_bound and not keuze.is_valid():
        keuze = JaarKeuze(None, vandaag=vandaag)
    tot = min(date(jaar, 12, 31), vandaag)
    return keuze, jaar, tot


@rol_vereist(REGISSEUR)
def rapport_pagina(request):
    keuze, jaar, tot = _jaar(request)
    return render(
        request,
        "weging/rapport.html",
        {
            "keuze": keuze,
            "rapport": rapport.rapport(jaar, tot=tot),
            "uitleg_afscherming": UITLEG_AFSCHERMING,
        },
    )


@rol_vereist(REGISSEUR)
def verschillen(request):
    """Behind the report's count: per group of similar wegingen with different outcomes, the
    signals. Not an aggregate: the regisseur's own page, each signal shown is a view of it."""
    keuze, jaar, tot = _jaar(request)
    pagina, query = bladzijde(request, rapport.verschillen(jaar, tot=tot), per_pagina=10)
    groepen = rapport.verschillen_lezen(list(pagina))
    inzagen_vastleggen(request, [w.signaal for g in groepen for w in g.wegingen], Inzage.Waar.SITE)
    return render(
        request,
        "weging/verschillen.html",
        {"keuze": keuze, "jaar": jaar, "pagina": pagina, "query": query, "groepen": groepen},
    )


# --- Frameworks shared in the region ------------------------------------------------------------


@rol_vereist(REGISSEUR)
def kaders_in_regio(request):
    if request.method == "POST":
        form = OvernemenForm(request.POST)
        if form.is_valid():
            overgenomen = gemeld(
                request,
                lambda: kaders.kader_overnemen(
                    bron_id=form.cleaned_data["kader"], door=request.user
                ),
                _(
                    "Het kader is overgenomen, nog niet in gebruik. Pas het zo nodig aan en kies "
                    "‘In gebruik nemen’."
                ),
            )
            if overgenomen:
                kader = overgenomen.uitkomst
                return redirect(reverse("admin:weging_wegingskader_change", args=[kader.pk]))
        else:
            messages.error(request, _("Kies een kader om over te nemen."))
        return redirect("weging:kaders")
    return render(request, "weging/kaders.html", {"kaders": kaders.gedeelde_kaders()})

"""The pages of one edition in /beheer/, wired in by ``edities.EditieAdmin.get_urls``: the
participants and attendance grid on the change page (``editie_modules``), recording attendance,
cancelling one person's place, cancelling the edition, and the proposed mixed group to place or
invite. Each page calls the services; a refusal (``Weigering``) is shown with its reason.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Antwoord, Uitnodiging
from kern.fouten import Weigering
from netwerk.models import Aandachtsfunctionaris, Persoon

from .. import services
from ..models import Editie, InschrijvingStatus

ONGELDIGE_REDEN = _("De reden bevat een ongeldig teken. Pas de reden aan; er is niets geannuleerd.")


def _editie(modeladmin, request, pk) -> Editie:
    if not modeladmin._mag(request):
        raise PermissionDenied
    return get_object_or_404(Editie.objects.select_related("soort"), pk=pk)


def _terug(editie, anker=""):
    return redirect(reverse("admin:trainingen_editie_change", args=[editie.pk]) + anker)


def _context(modeladmin, request, editie, titel, **extra):
    return {
        **modeladmin.admin_site.each_context(request),
        "title": titel,
        "opts": modeladmin.opts,
        "original": editie,
        **extra,
    }


def editie_modules(editie: Editie) -> dict:
    """Participants by status and the attendance grid, in a fixed number of queries."""
    rollen = Prefetch(
        "persoon__aandachtsfunctionarisrollen",
        queryset=Aandachtsfunctionaris.objects.filter(actief=True).select_related("organisatie"),
        to_attr="actieve_rollen",
    )
    inschrijvingen = list(
        editie.inschrijvingen.select_related("persoon")
        .prefetch_related(rollen)
        .order_by("persoon__achternaam", "persoon__voornaam", "pk")
    )
    per_status = {s: [] for s in InschrijvingStatus.values}
    for inschrijving in inschrijvingen:
        inschrijving.organisaties = [r.organisatie for r in inschrijving.persoon.actieve_rollen]
        per_status[inschrijving.status].append(inschrijving)
    # The waiting list in the order it is served (as services.wachtlijstpositie counts).
    wachtlijst = sorted(
        per_status[InschrijvingStatus.WACHTLIJST], key=lambda i: (i.wachtlijst_sinds, i.pk)
    )
    for positie, inschrijving in enumerate(wachtlijst, start=1):
        inschrijving.positie = positie

    nu = timezone.now()
    dagen = list(editie.dagen.select_related("bijeenkomst").order_by("volgnummer"))
    for dag in dagen:
        dag.begonnen = dag.bijeenkomst_id is not None and dag.bijeenkomst.begin <= nu
    deelnemers = per_status[InschrijvingStatus.INGESCHREVEN]
    uitnodigingen = {
        (persoon_id, bijeenkomst_id): (antwoord, aanwezig)
        for persoon_id, bijeenkomst_id, antwoord, aanwezig in Uitnodiging.objects.filter(
            bijeenkomst_id__in=[d.bijeenkomst_id for d in dagen if d.bijeenkomst_id],
            persoon_id__in=[i.persoon_id for i in deelnemers],
        ).values_list("persoon_id", "bijeenkomst_id", "antwoord", "aanwezig")
    }
    antwoorden = dict(Antwoord.choices)
    raster = []
    for inschrijving in deelnemers:
        cellen = []
        for dag in dagen:
            antwoord, aanwezig = uitnodigingen.get(
                (inschrijving.persoon_id, dag.bijeenkomst_id), ("", False)
            )
            cellen.append(
                {
                    "dag": dag,
                    "aanwezig": bool(aanwezig),
                    "antwoord": antwoorden.get(antwoord, ""),
                    "nee": antwoord == Antwoord.NEE,
                }
            )
        raster.append({"inschrijving": inschrijving, "cellen": cellen})
    return {
        "regionaal_melding": services.regionaal_beslist_melding() if editie.is_regionaal else "",
        "ingeschreven": deelnemers,
        "wachtlijst": wachtlijst,
        "uitgenodigd": per_status[InschrijvingStatus.UITGENODIGD],
        "afgemeld": per_status[InschrijvingStatus.AFGEMELD],
        "dagen": dagen,
        "begonnen_dagen": [d for d in dagen if d.begonnen],
        "raster": raster,
        "vrij": max(editie.capaciteit - len(deelnemers), 0),
        "gesloten": services.waarom_gesloten(editie),
    }


def aanwezigheid(modeladmin, request, pk):
    """One POST for the grid: per day that has begun, who was there."""
    editie = _editie(modeladmin, request, pk)
    if request.method != "POST":
        return _terug(editie, "#aanwezigheid")
    # Only the days that were in the grid, and have begun: a day that began since the
    # page was opened is not emptied by accident.
    in_raster = {int(x) for x in request.POST.getlist("dagen") if x.isdecimal()}
    nu = timezone.now()
    dagen = [
        d
        for d in editie.dagen.select_related("bijeenkomst", "editie")
        if d.pk in in_raster and d.bijeenkomst_id and d.bijeenkomst.begin <= nu
    ]
    if not dagen:
        messages.info(request, gettext("Er is nog geen dag begonnen; er is niets opgeslagen."))
        return _terug(editie, "#aanwezigheid")
    try:
        for dag in dagen:
            aanwezig = {int(x) for x in request.POST.getlist(f"aanwezig-{dag.pk}") if x.isdecimal()}
            services.aanwezigheid_vastleggen(dag, aanwezig, door=request.user)
    except Weigering as fout:
        messages.error(request, fout.reden)
    else:
        voltooid = editie.inschrijvingen.filter(voltooid_op__isnull=False).count()
        messages.success(
            request,
            ngettext(
                "De aanwezigheid is opgeslagen. %(n)d deelnemer heeft de training voltooid.",
                "De aanwezigheid is opgeslagen. %(n)d deelnemers hebben de training voltooid.",
                voltooid,
            )
            % {"n": voltooid},
        )
    return _terug(editie, "#aanwezigheid")


def afmelden(modeladmin, request, pk, inschrijving):
    """Cancel one person's place or waiting place, after a confirmation."""
    editie = _editie(modeladmin, request, pk)
    inschrijving = get_object_or_404(
        editie.inschrijvingen.select_related("persoon"), pk=inschrijving
    )
    if request.method == "POST" and request.POST.get("bevestigd") == "1":
        had_plaats = inschrijving.status == InschrijvingStatus.INGESCHREVEN
        try:
            services.inschrijving_afmelden(inschrijving)
        except Weigering as fout:
            messages.error(request, fout.reden)
        else:
            melding = gettext("%(naam)s is afgemeld en krijgt bericht.") % {
                "naam": inschrijving.persoon
            }
            if had_plaats:
                melding += " " + gettext(
                    "De plaats gaat naar de eerste op de wachtlijst, als die er is."
                )
            messages.success(request, melding)
        return _terug(editie, "#deelnemers")
    context = _context(
        modeladmin,
        request,
        editie,
        gettext("%(naam)s afmelden") % {"naam": inschrijving.persoon},
        inschrijving=inschrijving,
    )
    return TemplateResponse(request, "admin/trainingen/afmelden.html", context)


def annuleren(modeladmin, request, pk):
    editie = _editie(modeladmin, request, pk)
    bezwaar = None if editie.is_geannuleerd else services.waarom_niet_annuleren(editie)
    if bezwaar:
        messages.error(request, bezwaar)
        return _terug(editie)
    reden = request.POST.get("reden", "").strip()[:300]
    if request.method == "POST" and "\x00" in reden:  # PostgreSQL refuses NUL in text
        messages.error(request, ONGELDIGE_REDEN)
    elif request.method == "POST" and not editie.is_geannuleerd:
        try:
            aantal = services.editie_annuleren(editie, reden=reden)
        except Weigering as fout:
            messages.error(request, str(fout))
            return _terug(editie)
        messages.success(
            request,
            ngettext(
                "De editie is geannuleerd; %(n)d deelnemer of genodigde krijgt bericht.",
                "De editie is geannuleerd; %(n)d deelnemers en genodigden krijgen bericht.",
                aantal,
            )
            % {"n": aantal},
        )
        return _terug(editie)
    if editie.is_geannuleerd:
        messages.info(request, gettext("Deze editie is al geannuleerd."))
        return _terug(editie)
    telling = Counter(
        editie.inschrijvingen.exclude(status=InschrijvingStatus.AFGEMELD).values_list(
            "status", flat=True
        )
    )
    context = _context(
        modeladmin,
        request,
        editie,
        gettext("Editie annuleren"),
        ingeschreven=telling[InschrijvingStatus.INGESCHREVEN],
        wachtlijst=telling[InschrijvingStatus.WACHTLIJST],
        uitgenodigd=telling[InschrijvingStatus.UITGENODIGD],
    )
    return TemplateResponse(request, "admin/trainingen/annuleren.html", context)


def groep(modeladmin, request, pk):
    """A proposed mixed group for the free places; the regisseur ticks whom to place (or
    invite to sign up). A refusal keeps their choice on the page."""
    editie = _editie(modeladmin, request, pk)
    aantal = request.GET.get("aantal", "")
    aantal = int(aantal) if aantal.isdecimal() else None
    gekozen_ids = None
    if request.method == "POST":
        gekozen_ids = {int(x) for x in request.POST.getlist("persoon") if x.isdecimal()}
        actie = request.POST.get("actie")
        # Only candidates can be chosen (active aandachtsfunctionarissen who need it).
        toegestaan = {k.persoon.pk for k in services.kandidaten(editie)}
        personen = list(
            Persoon.objects.filter(pk__in=gekozen_ids & toegestaan).order_by(
                "achternaam", "voornaam"
            )
        )
        if not personen and gekozen_ids:
            # A second submit (Back button, another tab): they were placed or invited already.
            messages.error(
                request,
                gettext(
                    "De gekozen personen staan al bij deze editie of komen er niet meer voor "
                    "in aanmerking; er is niets veranderd. Zie de deelnemers hieronder."
                ),
            )
            return _terug(editie, "#deelnemers")
        if not personen:
            messages.error(request, gettext("Kies minstens één persoon."))
        elif actie == "uitnodigen":
            uitgenodigd = services.personen_uitnodigen(editie, personen)
            if uitgenodigd:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d persoon is uitgenodigd om zich in te schrijven.",
                        "%(n)d personen zijn uitgenodigd om zich in te schrijven.",
                        uitgenodigd,
                    )
                    % {"n": uitgenodigd},
                )
                overgeslagen = len(personen) - uitgenodigd
                if overgeslagen:
                    messages.warning(
                        request,
                        ngettext(
                            "%(n)d persoon is niet uitgenodigd: die staat al bij deze editie "
                            "of heeft geen e-mailadres.",
                            "%(n)d personen zijn niet uitgenodigd: zij staan al bij deze "
                            "editie of hebben geen e-mailadres.",
                            overgeslagen,
                        )
                        % {"n": overgeslagen},
                    )
                return _terug(editie, "#deelnemers")
            messages.error(
                request,
                services.waarom_gesloten(editie)
                or gettext("Niemand uitgenodigd: zij staan al bij deze editie."),
            )
        elif actie == "indelen":
            try:
                geplaatst = services.personen_indelen(editie, personen)
            except Weigering as fout:
                messages.error(request, fout.reden)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d persoon is ingedeeld en krijgt bericht.",
                        "%(n)d personen zijn ingedeeld en krijgen bericht.",
                        len(geplaatst),
                    )
                    % {"n": len(geplaatst)},
                )
                return _terug(editie, "#deelnemers")
        else:
            messages.error(request, gettext("Kies indelen of uitnodigen."))
    voorstel = services.groep_voorstellen(editie, aantal)
    if gekozen_ids is None:
        gekozen_ids = {k.persoon.pk for k in voorstel.gekozen}
    kandidaten = [
        {"kandidaat": k, "voorgesteld": True, "gekozen": k.persoon.pk in gekozen_ids}
        for k in voorstel.gekozen
    ] + [
        {"kandidaat": k, "voorgesteld": False, "gekozen": k.persoon.pk in gekozen_ids}
        for k in voorstel.reserve
    ]
    context = _context(
        modeladmin,
        request,
        editie,
        gettext("Groep voorstellen: %(editie)s") % {"editie": editie},
        voorstel=voorstel,
        voorgesteld=kandidaten[: len(voorstel.gekozen)],
        reserve=kandidaten[len(voorstel.gekozen) :],
        aantal=aantal,
        gesloten=services.waarom_gesloten(editie),
    )
    return TemplateResponse(request, "admin/trainingen/groep.html", context)

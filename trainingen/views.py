"""The professional's side of trainings: the offer, an edition's page with the buttons to sign up
or cancel, "Mijn trainingen", and the personal link from the e-mails (no login needed).

Thin: what a person sees comes from ``trainingen.mijn``, every change from
``trainingen.services``, which decides again under a lock; a refusal (``Weigering``) is
shown with its reason and changes nothing. Cancelling asks to be sure (a tick), on the site and
through the link. The link's page changes nothing on GET: mail scanners open links.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from accounts import rollen
from accounts.decorators import rol_vereist
from kern import eenmalig
from kern.fouten import Weigering
from kern.paginering import bladzijde
from netwerk.views import link_ongeldig

from . import mijn as selectie
from . import services
from .forms import AanbodFilterForm, Actie, ActieForm
from .models import Bron, Editie, InschrijvingStatus

PER_PAGINA = 20


def _persoon(user):
    """The person in the network this account belongs to, or None."""
    try:
        return user.persoon
    except ObjectDoesNotExist:
        return None


def _uitvoeren(actie: str, editie: Editie, persoon, inschrijving) -> str:
    """Do what the button asked, through the services; the message to show. Raises
    ``Weigering`` with the reason when it cannot be done."""
    if actie == Actie.INSCHRIJVEN:
        nieuw = services.persoon_inschrijven(editie, persoon, bron=Bron.ZELF)
        if nieuw.status == InschrijvingStatus.WACHTLIJST:
            return _(
                "Deze training is vol. U staat op de wachtlijst, op plaats %(plaats)d. Komt er "
                "een plaats vrij, dan krijgt u die automatisch en hoort u het per e-mail."
            ) % {"plaats": services.wachtlijstpositie(nieuw)}
        return _(
            "U bent ingeschreven. U krijgt een bevestiging per e-mail, met de dagen voor uw agenda."
        )
    if inschrijving is None:
        raise Weigering(_("U bent niet (meer) ingeschreven voor deze training."))
    was = inschrijving.status
    services.inschrijving_afmelden(inschrijving)
    if was == InschrijvingStatus.UITGENODIGD:
        return _(
            "U heeft de uitnodiging afgeslagen. Wilt u later toch, dan kunt u zich hier nog "
            "inschrijven zolang de training niet begonnen is."
        )
    if was == InschrijvingStatus.WACHTLIJST:
        return _("U staat niet meer op de wachtlijst. U krijgt een bevestiging per e-mail.")
    return _(
        "U bent afgemeld. Uw plaats gaat naar de eerste op de wachtlijst. U krijgt een "
        "bevestiging per e-mail die de dagen uit uw agenda haalt."
    )


# --- The offer ----------------------------------------------------------------------------------


@rol_vereist(rollen.PROFESSIONAL, rollen.NETWERKREGISSEUR, beheerder=True)
def aanbod(request):
    vandaag = timezone.localdate()
    persoon = _persoon(request.user)
    form = AanbodFilterForm(
        request.GET or None, soorten=selectie.soorten_in_aanbod(persoon, vandaag)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectie.aanbod(
        persoon, vandaag=vandaag, zoek=filters.get("zoek", ""), soort=filters.get("soort")
    )
    pagina, query = bladzijde(request, qs, PER_PAGINA)
    pagina.object_list = list(pagina.object_list)
    selectie.eigen_inschrijvingen(persoon, pagina.object_list)
    return render(
        request,
        "trainingen/aanbod.html",
        {"form": form, "pagina": pagina, "query": query, "persoon": persoon},
    )


# --- One edition --------------------------------------------------------------------------------


@rol_vereist(rollen.PROFESSIONAL, rollen.NETWERKREGISSEUR, beheerder=True)
def editie(request, pk):
    vandaag = timezone.localdate()
    persoon = _persoon(request.user)
    try:
        gevonden = selectie.editie_voor(persoon, pk, vandaag)
    except Editie.DoesNotExist:
        raise Http404 from None
    inschrijving = selectie.eigen_inschrijving(persoon, gevonden)
    form = ActieForm()
    status = 200
    if request.method == "POST":
        form = ActieForm(request.POST)
        if persoon is None:
            status = 403
        elif form.is_valid():
            try:
                with transaction.atomic():
                    inzending = _claimen(request, gevonden)
                    melding = _uitvoeren(
                        form.cleaned_data["actie"], gevonden, persoon, inschrijving
                    )
                    if inzending is not None:
                        inzending.vastleggen(gevonden.pk)
            except eenmalig.AlVerstuurd:
                # The same form sent twice (a double click, a resent POST): the first did
                # it, and its message waits on the page.
                return redirect("trainingen:editie", pk=gevonden.pk)
            except Weigering as e:
                messages.error(request, e.reden)
                status = 409
            else:
                messages.success(request, melding)
                return redirect("trainingen:editie", pk=gevonden.pk)
        else:
            status = 400
    return render(
        request,
        "trainingen/editie.html",
        {
            "editie": gevonden,
            "inschrijving": inschrijving,
            "keuzes": selectie.keuzes(gevonden, inschrijving, persoon),
            "persoon": persoon,
            "form": form,
            "eenmalig_token": eenmalig.token_uitgeven(request, _eenmalig_doel(gevonden)),
        },
        status=status,
    )


def _eenmalig_doel(editie_: Editie) -> str:
    return f"trainingen.editie.{editie_.pk}"


def _claimen(request, editie_: Editie):
    """The form's one-time token (kern.eenmalig), or None for a form without one: the services
    refuse a second sign-up anyway, the token only tells a double click from a second tab."""
    try:
        return eenmalig.claimen(request, _eenmalig_doel(editie_))
    except eenmalig.OnbekendToken:
        return None


# --- Mijn trainingen ----------------------------------------------------------------------------


@rol_vereist(rollen.PROFESSIONAL)
def mijn(request):
    persoon = _persoon(request.user)
    overzicht = selectie.mijn_trainingen(persoon, timezone.localdate()) if persoon else None
    return render(request, "trainingen/mijn.html", {"persoon": persoon, "overzicht": overzicht})


# --- The personal link --------------------------------------------------------------------------


GEDAAN = {
    "ingeschreven": InschrijvingStatus.INGESCHREVEN,
    "wachtlijst": InschrijvingStatus.WACHTLIJST,
    "afgemeld": InschrijvingStatus.AFGEMELD,
}


@csrf_exempt
@never_cache
def inschrijving(request, token):
    """The personal link from the e-mails: anyone holding it acts for that one enrolment. No
    CSRF cookie (the token in the path proves who may act, and a browser that blocks cookies
    must still work) and no messages framework (that would start a session for a visitor
    without an account): the
    outcome comes back as ``?gedaan=``, shown only while it is still the enrolment's status and
    never on a re-rendered POST (a refusal or a missing tick is not a success). The forms post
    to the link itself, without the query string."""
    gevonden = selectie.inschrijving_bij_token(token)
    if gevonden is None:
        return link_ongeldig(request)
    editie_ = gevonden.editie
    fout = ""
    form = ActieForm()
    status = 200
    if request.method == "POST":
        form = ActieForm(request.POST)
        if form.is_valid():
            try:
                _uitvoeren(form.cleaned_data["actie"], editie_, gevonden.persoon, gevonden)
            except Weigering as e:
                fout = e.reden
                status = 409
            else:
                gevonden = selectie.inschrijving_bij_token(token)
                gedaan = next((k for k, v in GEDAAN.items() if v == gevonden.status), "")
                return redirect(f"{request.path}?gedaan={gedaan}")
        else:
            status = 400
    gedaan = request.GET.get("gedaan", "") if request.method != "POST" else ""
    antwoord = render(
        request,
        "trainingen/inschrijving.html",
        {
            "inschrijving": gevonden,
            "editie": editie_,
            "keuzes": selectie.keuzes(editie_, gevonden, gevonden.persoon),
            "form": form,
            "fout": fout,
            "gedaan": gedaan if GEDAAN.get(gedaan) == gevonden.status else "",
            "persoonlijke_link": True,
        },
        status=status,
    )
    antwoord["X-Robots-Tag"] = "noindex, nofollow"
    return antwoord

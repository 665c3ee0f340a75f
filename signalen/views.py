"""The reporter's side of signals: file one, follow your own, answer a question, and the
casusverloop page, and a partner's shared signals. Every page finds its signals through
``selectors.signalen_voor`` for its role: a professional only ever reaches their own signals, a
partner only what is shared and still covered; anything else is a 404.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import rollen
from accounts.decorators import rol_vereist
from kern import eenmalig
from kern.fouten import Weigering
from kern.paginering import bladzijde
from netwerk import convenanten

from . import casusverloop, delen, services
from .casusverloop import Fase
from .forms import MAX_TEKST, AanvullingForm, MijnSignalenFilterForm, SignaalForm, wijk_keuzes
from .models import Inzage, Overgang, Signaal
from .selectors import signaalmodules, signalen_voor

CONCEPT = "signalen_concept"
CONCEPT_ZOUT = "signalen.concept"
# A form may stay open for a working day; after that a stale token no longer keeps a concept.
CONCEPT_GELDIG_SECONDEN = 8 * 3600
EENMALIG_DOEL = "signalen.indienen"


def _eigen_signaal(request, referentie: str) -> Signaal:
    """The reporter's own signal, or 404: never a hint that someone else's exists."""
    try:
        return signalen_voor(request.user, rol=rollen.PROFESSIONAL).get(referentie=referentie)
    except Signaal.DoesNotExist:
        raise Http404 from None


# --- Filing, with a concept that survives an expired session ------------------------------------


def concept_eigenaar(concept: dict | None) -> int | None:
    """The account that opened the form the concept came from, if its token is valid."""
    if not concept:
        return None
    try:
        return signing.loads(
            concept.get("melder", ""), salt=CONCEPT_ZOUT, max_age=CONCEPT_GELDIG_SECONDEN
        )
    except signing.BadSignature:
        return None


def _concept_bewaren(request) -> bool:
    """The session ran out while the form was being filled in: keep what was typed, bound to
    the reporter who opened the form (signed in the form), until they log in again. Only a
    form with a valid token is kept, and only its own fields, each cut to the form's limit."""
    concept = {"melder": request.POST.get("melder", "")}
    if concept_eigenaar(concept) is None:
        return False
    concept["gegevens"] = {
        veld: [request.POST.get(veld, "")[:MAX_TEKST]]
        for veld in SignaalForm.Meta.fields
        if veld in request.POST
    }
    request.session[CONCEPT] = concept
    return True


def _concept_ophalen(request) -> dict | None:
    concept = request.session.pop(CONCEPT, None)
    if concept_eigenaar(concept) != request.user.pk:
        return None  # someone else logged in on this browser: they don't get the text
    return concept["gegevens"]


def _als_querydict(gegevens: dict):
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for sleutel, waarden in gegevens.items():
        qd.setlist(sleutel, waarden)
    return qd


@never_cache
def nieuw(request):
    if not request.user.is_authenticated:
        if request.method == "POST" and _concept_bewaren(request):
            messages.warning(
                request,
                _(
                    "Uw sessie was verlopen. Uw signaal is bewaard maar nog niet verstuurd: "
                    "log opnieuw in om het te controleren en te versturen."
                ),
            )
        return redirect_to_login(request.get_full_path())
    if not rollen.heeft_rol(request.user, rollen.PROFESSIONAL):
        raise PermissionDenied

    organisaties = services.organisaties_van_melder(request.user)
    teruggehaald = None
    velden_sleutel = None  # the fields' HTML is kept only for an empty form (nieuw.html)
    if request.method == "POST":
        form = SignaalForm(request.POST, organisaties=organisaties)
        if form.is_valid():
            # Filed once, whatever the browser sends: a double click or a resent POST lands
            # on the first signal's confirmation (kern.eenmalig).
            try:
                with transaction.atomic():
                    inzending = eenmalig.claimen(request, EENMALIG_DOEL)
                    signaal = services.signaal_indienen(
                        melder=request.user, gegevens=form.cleaned_data
                    )
                    inzending.vastleggen(signaal.referentie)
            except eenmalig.AlVerstuurd as eerder:
                return redirect("signalen:bevestiging", referentie=eerder.resultaat)
            except eenmalig.OnbekendToken:
                messages.warning(
                    request,
                    _(
                        "Dit formulier was verlopen. Er is nog niets verstuurd: controleer uw "
                        "signaal en klik opnieuw op ‘Signaal versturen’."
                    ),
                )
            else:
                return redirect("signalen:bevestiging", referentie=signaal.referentie)
    else:
        teruggehaald = _concept_ophalen(request)
        if teruggehaald:
            form = SignaalForm(_als_querydict(teruggehaald), organisaties=organisaties)
            messages.info(
                request,
                _(
                    "Dit is het signaal dat u invulde voordat uw sessie verliep. Het is nog "
                    "niet verstuurd: controleer het en klik op ‘Signaal versturen’."
                ),
            )
        else:
            # An empty form: its fields' HTML is kept under what they are made of, so the form
            # itself is made only when they are not (its fields are deep copies, ~0.5 ms).
            wijken = wijk_keuzes()
            velden_sleutel = SignaalForm.vaste_sleutel(organisaties=organisaties, wijken=wijken)
            form = SimpleLazyObject(lambda: SignaalForm(organisaties=organisaties, wijken=wijken))
    return render(
        request,
        "signalen/nieuw.html",
        {
            "form": form,
            "ongeldig": velden_sleutel is None and bool(form.errors),
            "melder_token": signing.dumps(request.user.pk, salt=CONCEPT_ZOUT),
            "eenmalig": eenmalig.token_uitgeven(request, EENMALIG_DOEL),
            "organisaties": organisaties,
            "velden_sleutel": velden_sleutel,
        },
    )


@rol_vereist(rollen.PROFESSIONAL)
def bevestiging(request, referentie):
    signaal = _eigen_signaal(request, referentie)
    beschrijvingen = services.fasebeschrijvingen()
    return render(
        request,
        "signalen/bevestiging.html",
        {
            "signaal": signaal,
            "beschrijving": beschrijvingen.get(signaal.fase),
            "uiterlijk": services.verwacht_rond(signaal, beschrijvingen),
            "stappen": _stappen(beschrijvingen),
        },
    )


# --- Following one's own signals ----------------------------------------------------------------


def _voor_melder(signaal: Signaal, beschrijvingen: dict) -> Signaal:
    """Put on the signal what the reporter's pages show about its phase."""
    signaal.beschrijving = beschrijvingen.get(signaal.fase)
    signaal.uiterlijk = services.verwacht_rond(signaal, beschrijvingen)
    signaal.langer_dan_verwacht = services.is_te_laat(signaal, beschrijvingen)
    signaal.volgende = [Fase(f).label for f in casusverloop.volgende_fasen(signaal.fase)]
    return signaal


def _gefilterd(qs, filters: dict):
    """The search and filters of the signal lists on the site (reference, phase, open/closed)."""
    if filters.get("zoek"):
        qs = qs.filter(referentie__icontains=filters["zoek"].strip())
    if filters.get("fase"):
        qs = qs.filter(fase=filters["fase"])
    if filters.get("open") == "open":
        qs = qs.exclude(fase=Fase.AFGESLOTEN)
    elif filters.get("open") == "dicht":
        qs = qs.filter(fase=Fase.AFGESLOTEN)
    return qs


def _lijst(request, qs) -> dict:
    """What a signal list on the site shows: the search and filters, and one page of 20."""
    form = MijnSignalenFilterForm(request.GET or None)
    qs = _gefilterd(qs, form.cleaned_data if form.is_valid() else {})
    pagina, query = bladzijde(request, qs)
    return {"form": form, "pagina": pagina, "query": query}


@rol_vereist(rollen.PROFESSIONAL)
def mijn_signalen(request):
    qs = (
        signalen_voor(request.user, rol=rollen.PROFESSIONAL)
        .select_related("melder_organisatie")
        .prefetch_related(
            Prefetch(
                "overgangen",
                queryset=Overgang.objects.filter(voor_melder=True).exclude(notitie=""),
                to_attr="notities_voor_melder",
            )
        )
    )
    context = _lijst(request, qs)
    beschrijvingen = services.fasebeschrijvingen()
    for signaal in context["pagina"]:
        _voor_melder(signaal, beschrijvingen)
    if any(s.langer_dan_verwacht for s in context["pagina"]):
        context["contact"] = convenanten.gemeente()  # whom to ask: only when it is needed
    return render(request, "signalen/mijn_signalen.html", context)


@rol_vereist(rollen.PROFESSIONAL)
def detail(request, referentie):
    signaal = _eigen_signaal(request, referentie)
    return _detail(request, signaal, AanvullingForm())


def _detail(request, signaal, form, status=200):
    """The reporter's page of one signal (every showing of it is logged)."""
    services.inzage_vastleggen(request, signaal, Inzage.Waar.SITE)
    _voor_melder(signaal, services.fasebeschrijvingen())
    return render(
        request,
        "signalen/detail.html",
        {
            "signaal": signaal,
            "historie": services.historie_voor_melder(signaal),
            "vraag": services.openstaande_vraag(signaal),
            "form": form,
            "contact": convenanten.gemeente() if signaal.langer_dan_verwacht else None,
        },
        status=status,
    )


@require_POST
@rol_vereist(rollen.PROFESSIONAL)
def aanvullen(request, referentie):
    signaal = _eigen_signaal(request, referentie)
    form = AanvullingForm(request.POST)
    if form.is_valid():
        try:
            services.aanvulling_geven(
                signaal_id=signaal.pk, melder=request.user, antwoord=form.cleaned_data["antwoord"]
            )
        except Weigering as fout:
            messages.error(request, fout.reden)
        else:
            messages.success(
                request, _("Dank u. Uw antwoord is verstuurd naar de netwerkregisseur.")
            )
            return redirect("signalen:detail", referentie=signaal.referentie)
    return _detail(request, signaal, form, status=400 if form.errors else 409)


# --- The case flow explained --------------------------------------------------------------------


def _stappen(beschrijvingen: dict) -> list[dict]:
    return [
        {
            "fase": fase,
            "label": Fase(fase).label,
            "beschrijving": beschrijvingen.get(fase),
            "volgende": [Fase(f).label for f in casusverloop.volgende_fasen(fase)],
        }
        for fase in casusverloop.VOLGORDE
    ]


@rol_vereist(rollen.PROFESSIONAL, rollen.NETWERKREGISSEUR, rollen.PARTNER, beheerder=True)
def casusverloop_pagina(request):
    return render(
        request,
        "signalen/casusverloop.html",
        {"stappen": _stappen(services.fasebeschrijvingen())},
    )


# --- Partners: what was shared with their organisation ------------------------------------------


@rol_vereist(rollen.PARTNER)
def gedeeld(request):
    qs = signalen_voor(request.user, rol=rollen.PARTNER).order_by("-ingediend_op")
    return render(request, "signalen/gedeeld.html", _lijst(request, qs))


@rol_vereist(rollen.PARTNER)
def gedeeld_detail(request, referentie):
    try:
        signaal = signalen_voor(request.user, rol=rollen.PARTNER).get(referentie=referentie)
    except Signaal.DoesNotExist:
        raise Http404 from None
    services.inzage_vastleggen(request, signaal, Inzage.Waar.SITE)
    melder_zichtbaar = delen.melder_zichtbaar_voor(request.user, signaal)
    return render(
        request,
        "signalen/gedeeld_detail.html",
        {
            "signaal": signaal,
            "melder_zichtbaar": melder_zichtbaar,
            "melder": signaal.melder if melder_zichtbaar else None,
            "signaalmodules": signaalmodules(request, signaal, voor="partner"),
        },
    )

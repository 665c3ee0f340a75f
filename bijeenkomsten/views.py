"""The personal RSVP link: no account needed. Opening it (GET) never changes anything, since
mail scanners open links; the answer is a POST. The page shows this meeting's time, place and
agenda, and nothing about other invitees.

No CSRF cookie: the unguessable token in the path already proves who may answer (a forged
request from another site would need it), and a key person whose browser blocks cookies must
still be able to answer. The page sets no cookie at all.

The view reads the invitation itself, once, as it finds the gemeente it belongs to
(``in_gemeente_van_link`` with ``lezen``)."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from kern.fouten import Weigering
from netwerk.views import link_ongeldig
from regio.scope import in_gemeente_van_link

from . import services
from .models import Antwoord, Uitnodiging


class AntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        label=_("Komt u?"),
        choices=Antwoord.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja, nee of misschien.")},
    )
    opmerking = forms.CharField(
        label=_("Opmerking (niet verplicht)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


@csrf_exempt
@never_cache
@in_gemeente_van_link(Uitnodiging, lezen=services.uitnodiging_bij_token, als="uitnodiging")
def rsvp(request, token, uitnodiging):
    """``uitnodiging``: the invitation of the token with its meeting, read once (region-wide,
    which is how its gemeente is found, ``regio.scope.in_gemeente_van_link``), or None."""
    if uitnodiging is None:
        return link_ongeldig(request)
    fout = ""
    form = None
    if request.method == "POST":
        form = AntwoordForm(request.POST)
        if form.is_valid():
            # One statement finds the invitation, checks that answers are still open and
            # writes the answer when it changed.
            try:
                gevonden = services.antwoord_op_link(token=token, **form.cleaned_data)
            except Weigering as e:  # closed (the page below says why); nothing was written
                fout = e.reden
            else:
                if not gevonden:
                    return link_ongeldig(request)
                return redirect(f"{request.path}?bedankt=1")
    bijeenkomst = uitnodiging.bijeenkomst
    gesloten = services.waarom_geen_antwoord(bijeenkomst)
    velden_sleutel = None  # an empty form's HTML is kept under what it shows (rsvp.html)
    if gesloten or form is None:
        fout = ""  # a closed page says why itself, with the answer as it stands
        antwoord, opmerking = uitnodiging.antwoord, uitnodiging.opmerking
        velden_sleutel = ("bijeenkomsten.AntwoordForm", antwoord, opmerking)
        # Made only when its HTML is not kept yet.
        form = SimpleLazyObject(
            lambda: AntwoordForm(initial={"antwoord": antwoord, "opmerking": opmerking})
        )
    antwoord = render(
        request,
        "bijeenkomsten/rsvp.html",
        {
            "uitnodiging": uitnodiging,
            "bijeenkomst": bijeenkomst,
            "form": form,
            "gesloten": gesloten,
            "bedankt": request.GET.get("bedankt") == "1" and uitnodiging.antwoord,
            "fout": fout,
            "velden_sleutel": velden_sleutel,
        },
        status=400 if fout or (velden_sleutel is None and form.errors) else 200,
    )
    antwoord["X-Robots-Tag"] = "noindex, nofollow"
    return antwoord

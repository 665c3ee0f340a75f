"""The personal RSVP link: no account needed. Opening it (GET) never changes anything, since
mail scanners open links; the answer is a POST. The page shows this meeting's time, place and
agenda, and nothing about other invitees.

No CSRF cookie: the unguessable token in the path already proves who may answer (a forged
request from another site would need it), and a key person whose browser blocks cookies must
still be able to answer. The page sets no cookie at all."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from kern.fouten import Weigering
from netwerk.views import link_ongeldig

from . import services
from .models import Antwoord


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
def rsvp(request, token):
    uitnodiging = services.uitnodiging_bij_token(token)
    if uitnodiging is None:
        return link_ongeldig(request)
    bijeenkomst = uitnodiging.bijeenkomst
    gesloten = services.waarom_geen_antwoord(bijeenkomst)
    fout = ""
    if request.method == "POST" and not gesloten:
        form = AntwoordForm(request.POST)
        if form.is_valid():
            try:
                services.antwoord_geven(uitnodiging=uitnodiging, **form.cleaned_data)
            except Weigering as e:  # closed between opening and answering
                fout = e.reden
            else:
                return redirect(f"{request.path}?bedankt=1")
    else:
        form = AntwoordForm(
            initial={"antwoord": uitnodiging.antwoord, "opmerking": uitnodiging.opmerking}
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
        },
        status=400 if form.errors or fout else 200,
    )
    antwoord["X-Robots-Tag"] = "noindex, nofollow"
    return antwoord

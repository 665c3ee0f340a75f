"""The weging's part of a signal's own page (kern.bijdragen, ``signaalmodules``).

- For the regisseur (the signal's page in /beheer/): the state of the weging, every version
  (who, when, outcome, confirmed by), and a link to start, continue or confirm.
- For a partner the signal is shared with (``/signalen/gedeeld/<ref>/``): the versions their
  organisation took part in, with a link to confirm one that waits for a second assessor.

The page has checked the signal and recorded the view; this asks again who the user is and
what they may see, and shows nothing otherwise (the reporter's pages never call it).
"""

from django.template.loader import render_to_string

from accounts import rollen
from signalen.casusverloop import Fase

from . import selectors, services
from .models import OPEN, Status


def module(request, signaal, *, voor: str) -> str:
    user = request.user
    if voor == "regisseur" and selectors.is_regisseur(user):
        return _voor_regisseur(request, signaal)
    if voor == "partner" and selectors.is_partner(user):
        return _voor_partner(request, signaal)
    return ""


def _voor_regisseur(request, signaal) -> str:
    versies = list(selectors.wegingen_van(signaal))
    te_wegen = signaal.fase in (Fase.WEGING, Fase.MONITOREN) and not signaal.geanonimiseerd_op
    if not versies and not te_wegen:
        return ""
    open_ = next((w for w in versies if w.status in OPEN), None)
    return render_to_string(
        "weging/module_regisseur.html",
        {
            "signaal": signaal,
            "versies": versies,
            "open": open_,
            "te_wegen": te_wegen,
            "eigen": open_ is not None and open_.ingediend_door_id == request.user.pk,
        },
        request=request,
    )


def _voor_partner(request, signaal) -> str:
    if not rollen.heeft_rol(request.user, rollen.PARTNER):
        return ""
    versies = list(selectors.wegingen_voor_partner(request.user, signaal))
    if not versies:
        return ""
    return render_to_string(
        "weging/module_partner.html",
        {
            "signaal": signaal,
            "versies": versies,
            "te_bevestigen": [
                w
                for w in versies
                if w.status == Status.TER_BEVESTIGING
                and not services.bezwaar_tweede_beoordelaar(request.user, w)
            ],
        },
        request=request,
    )

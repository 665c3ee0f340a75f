"""The case meeting's part of a signal's own page (kern.bijdragen, ``signaalmodules``).

- For the regisseur (the signal's page in /beheer/): the meetings the signal was on, with their
  decisions and open actions, and a form to put it on a coming meeting (when it is in phase
  casusoverleg).
- For a partner the signal is shared with (``/signalen/gedeeld/<ref>/``): the decisions and
  minutes. The page has checked the signal and recorded the view; this asks again who the user
  is and what they may see, and shows nothing otherwise.
"""

from django.template.loader import render_to_string

from accounts import rollen
from signalen.casusverloop import Fase
from signalen.selectors import signalen_voor

from . import selectors, services


def signaalmodule(request, signaal, *, voor: str) -> str:
    user = request.user
    if voor == "regisseur" and rollen.is_regisseur(user):
        return _voor_regisseur(request, signaal)
    if voor == "partner" and signalen_voor(user, rol=rollen.PARTNER).filter(pk=signaal.pk).exists():
        return _voor_partner(request, signaal)
    return ""


def _voor_regisseur(request, signaal) -> str:
    punten = list(selectors.punten_van_signaal(signaal))
    kan_agenderen = signaal.fase == Fase.CASUSOVERLEG and not signaal.geanonimiseerd_op
    if not punten and not kan_agenderen:
        return ""
    al = {p.casusoverleg_id for p in punten}
    komend = [o for o in services.komende_overleggen() if o.pk not in al] if kan_agenderen else []
    return render_to_string(
        "casusoverleg/module_regisseur.html",
        {
            "signaal": signaal,
            "punten": punten,
            "kan_agenderen": kan_agenderen,
            "komend": komend,
        },
        request=request,
    )


def _voor_partner(request, signaal) -> str:
    punten = [p for p in selectors.punten_van_signaal(signaal) if p.besluit or p.notulen]
    if not punten:
        return ""
    return render_to_string(
        "casusoverleg/module_partner.html", {"signaal": signaal, "punten": punten}, request=request
    )

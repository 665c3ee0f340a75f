"""Navigation by role for the base layout."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rollen


def navigatie(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append({"label": _("Start"), "url": reverse("home"), "naam": "home"})
        if rollen.is_beheerder(user) or rollen.rollen_van(user) & {
            rollen.PROFESSIONAL,
            rollen.NETWERKREGISSEUR,
        }:
            items.append(
                {
                    "label": _("Smoelenboek"),
                    "url": reverse("netwerk:smoelenboek"),
                    "naam": "smoelenboek",
                }
            )
        mijn_rollen = rollen.rollen_van(user)
        if rollen.PROFESSIONAL in mijn_rollen:
            items.append(
                {"label": _("Mijn signalen"), "url": reverse("signalen:mijn"), "naam": "mijn"}
            )
        if rollen.PARTNER in mijn_rollen:
            items.append(
                {
                    "label": _("Gedeelde signalen"),
                    "url": reverse("signalen:gedeeld"),
                    "naam": "gedeeld",
                }
            )
        if mijn_rollen & {rollen.PROFESSIONAL, rollen.PARTNER, rollen.NETWERKREGISSEUR}:
            items.append(
                {
                    "label": _("Casusverloop"),
                    "url": reverse("signalen:casusverloop"),
                    "naam": "casusverloop",
                }
            )
        if rollen.mag_beheer_in(user):
            items.append({"label": _("Beheer"), "url": reverse("admin:index"), "naam": "beheer"})
    return {
        "navigatie": items,
        "rollen": rollen.rollen_van(user) if user is not None else frozenset(),
        "is_regisseur": rollen.is_regisseur(user) if user is not None else False,
    }

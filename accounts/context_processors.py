"""Navigation by role for the base layout."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rollen


def _item(request, label, viewnaam: str) -> dict:
    """A menu item. The layout marks the item whose ``naam`` is the current URL name; two apps
    both have a "mijn" page, so ``naam`` only matches inside the item's own namespace."""
    namespace, _dubbelepunt, naam = viewnaam.rpartition(":")
    huidig = getattr(request, "resolver_match", None)
    if huidig is None or huidig.namespace != namespace:
        naam = viewnaam  # never a URL name: not marked
    return {"label": label, "url": reverse(viewnaam), "naam": naam}


def navigatie(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append(_item(request, _("Start"), "home"))
        mijn_rollen = rollen.rollen_van(user)
        site_rollen = {rollen.PROFESSIONAL, rollen.NETWERKREGISSEUR}
        if rollen.is_beheerder(user) or mijn_rollen & site_rollen:
            items.append(_item(request, _("Smoelenboek"), "netwerk:smoelenboek"))
        if rollen.PROFESSIONAL in mijn_rollen:
            items.append(_item(request, _("Mijn signalen"), "signalen:mijn"))
        if rollen.PARTNER in mijn_rollen:
            items.append(_item(request, _("Gedeelde signalen"), "signalen:gedeeld"))
        if mijn_rollen & {rollen.PROFESSIONAL, rollen.PARTNER, rollen.NETWERKREGISSEUR}:
            items.append(_item(request, _("Casusverloop"), "signalen:casusverloop"))
        if rollen.is_beheerder(user) or mijn_rollen & site_rollen:
            items.append(_item(request, _("Trainingen"), "trainingen:aanbod"))
        if rollen.PROFESSIONAL in mijn_rollen:
            items.append(_item(request, _("Mijn trainingen"), "trainingen:mijn"))
        if rollen.mag_beheer_in(user):
            items.append(_item(request, _("Beheer"), "admin:index"))
    return {
        "navigatie": items,
        "rollen": rollen.rollen_van(user) if user is not None else frozenset(),
        "is_regisseur": rollen.is_regisseur(user) if user is not None else False,
    }

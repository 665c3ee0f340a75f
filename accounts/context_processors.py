"""Navigation by role for the base layout.

The menu is built only when a page shows it (``navigatie`` is lazy), and its links are the same
for everyone with the same roles: they are reversed once per combination of roles (and script
prefix and URL configuration) per worker, and the written-out menu kept per combination, language
and current page. Nothing of the user but their roles goes into it; their name and the logout
form's CSRF token stay in the template.
"""

from functools import cached_property, lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import rollen

SITE_ROLLEN = frozenset({rollen.PROFESSIONAL, rollen.NETWERKREGISSEUR})


def _menu(beheerder: bool, mijn_rollen: frozenset, beheer: bool) -> list[tuple]:
    """The menu of a combination of roles: (label, view name), in order."""
    items = [(_("Start"), "home")]
    if beheerder or mijn_rollen & SITE_ROLLEN:
        items.append((_("Smoelenboek"), "netwerk:smoelenboek"))
    if rollen.PROFESSIONAL in mijn_rollen:
        items.append((_("Mijn signalen"), "signalen:mijn"))
    if rollen.PARTNER in mijn_rollen:
        items.append((_("Gedeelde signalen"), "signalen:gedeeld"))
    if mijn_rollen & {rollen.PROFESSIONAL, rollen.PARTNER, rollen.NETWERKREGISSEUR}:
        items.append((_("Casusverloop"), "signalen:casusverloop"))
    if rollen.NETWERKREGISSEUR in mijn_rollen:
        items.append((_("Weging"), "weging:overzicht"))
    if mijn_rollen & {rollen.PARTNER, rollen.NETWERKREGISSEUR}:
        items.append((_("Casusoverleg"), "casusoverleg:lijst"))
    if beheerder or mijn_rollen & SITE_ROLLEN:
        items.append((_("Trainingen"), "trainingen:aanbod"))
    if rollen.PROFESSIONAL in mijn_rollen:
        items.append((_("Mijn trainingen"), "trainingen:mijn"))
    if mijn_rollen & {rollen.REGIOCOORDINATOR, rollen.NETWERKREGISSEUR}:
        items.append((_("Regio"), "regio"))
    if beheer:
        items.append((_("Beheer"), "admin:index"))
    return items


@lru_cache(maxsize=256)
def _menu_met_urls(rolsleutel: tuple, _prefix: str, _urlconf) -> tuple[tuple, ...]:
    """(label, url, namespace, URL name) per item; the prefix and URL configuration are part of
    the key because ``reverse`` depends on them."""
    uit = []
    for label, viewnaam in _menu(*rolsleutel):
        namespace, _dubbelepunt, naam = viewnaam.rpartition(":")
        uit.append((label, reverse(viewnaam), namespace, naam))
    return tuple(uit)


@lru_cache(maxsize=1024)
def _menu_html(rolsleutel: tuple, prefix: str, urlconf, _taal: str, huidig: tuple) -> str:
    """The ``<li>`` items of the menu, the current page marked; the language is in the key
    because of the labels."""
    delen = []
    for label, url, namespace, naam in _menu_met_urls(rolsleutel, prefix, urlconf):
        actief = ' active" aria-current="page' if (namespace, naam) == huidig else ""
        delen.append(
            f'<li class="nav-item"><a class="nav-link{actief}" href="{escape(url)}">'
            f"{escape(label)}</a></li>\n"
        )
    return mark_safe("".join(delen))  # noqa: S308 (escaped above)


class Hoofdmenu:
    """The menu of the logged-in user, built when a page shows it."""

    def __init__(self, request, user):
        self.request = request
        self.user = user

    @cached_property
    def _rolsleutel(self) -> tuple | None:
        user = self.user
        if user is None or not user.is_authenticated:
            return None
        return (rollen.is_beheerder(user), rollen.rollen_van(user), rollen.mag_beheer_in(user))

    def _huidig(self) -> tuple:
        """The current page as (namespace, URL name); an item is marked only inside its own
        namespace (two apps both have a "mijn" page)."""
        huidig = getattr(self.request, "resolver_match", None)
        if huidig is None:
            return (None, None)
        return (huidig.namespace, huidig.url_name)

    @cached_property
    def items(self) -> list[dict]:
        """The items as a list: label, url and the URL name to mark it by (outside its own
        namespace a name no URL has)."""
        if self._rolsleutel is None:
            return []
        huidig_ns = self._huidig()[0]
        menu = _menu_met_urls(self._rolsleutel, get_script_prefix(), get_urlconf())
        return [
            {"label": label, "url": url, "naam": naam if ns == huidig_ns else f"{ns}:{naam}"}
            for label, url, ns, naam in menu
        ]

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return self._rolsleutel is not None

    def html(self) -> str:
        """The written-out ``<li>`` items of the menu."""
        if self._rolsleutel is None:
            return ""
        return _menu_html(
            self._rolsleutel, get_script_prefix(), get_urlconf(), get_language(), self._huidig()
        )


def navigatie(request):
    user = getattr(request, "user", None)
    return {
        "navigatie": Hoofdmenu(request, user),
        "rollen": rollen.rollen_van(user) if user is not None else frozenset(),
        "is_regisseur": rollen.is_regisseur(user) if user is not None else False,
    }

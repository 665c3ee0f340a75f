"""In which gemeente a request works (regio.middleware), and the partner of several gemeenten.

Every account belongs to one gemeente (``User.gemeente``). A partner organisation, the police or
a Veiligheidshuis, often works for several gemeenten: it holds a convenant with each, and each
gemeente registers it as an organisation of its own, with the partner accounts that belong to
it (``netwerk.convenanten.partner_koppelen``; a gemeente's regisseur adds an account of another
gemeente by its address). Such an account works in one gemeente at a time: the one it chose
(kept in the session; ``?gemeente=<id>`` on a link from an e-mail chooses it too), always named
at the top of the page, so it sees each gemeente's shares only under that gemeente's convenants
and never one gemeente's share because of another's. Every other account works in its own
gemeente only.
"""

from __future__ import annotations

from accounts import rollen

SESSIESLEUTEL = "regio_gemeente"
PARAMETER = "gemeente"


def gemeenten_van(user) -> tuple[int, ...]:
    """The gemeenten this account may work in: its own, and for a partner every gemeente with
    an organisation whose partner accounts it belongs to. Cached on the user (one request)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    bewaard = getattr(user, "_regio_gemeenten", None)
    if bewaard is not None:
        return bewaard
    eigen = (user.gemeente_id,) if user.gemeente_id else ()
    if not rollen.heeft_rol(user, rollen.PARTNER):
        user._regio_gemeenten = eigen
        return eigen
    from regio.models import Gemeente
    from regio.scope import alle_gemeenten

    from .models import Organisatie

    with alle_gemeenten():
        elders = set(
            Organisatie.objects.filter(groep__user=user, actief=True)
            .exclude(gemeente_id__in=eigen)
            .filter(gemeente__in=Gemeente.objects.gemeenten())
            .values_list("gemeente_id", flat=True)
        )
    user._regio_gemeenten = eigen + tuple(sorted(elders))
    return user._regio_gemeenten


def actieve_gemeente(request) -> int | None:
    """The gemeente this request works in; a choice (``?gemeente=`` or the session) counts only
    when the account may work there."""
    user = request.user
    if not rollen.heeft_rol(user, rollen.PARTNER):
        return user.gemeente_id
    gevraagd = _getal(request.GET.get(PARAMETER)) if request.method == "GET" else None
    gekozen = request.session.get(SESSIESLEUTEL)
    if gevraagd is None and gekozen in (None, user.gemeente_id) and user.gemeente_id:
        # The account's own gemeente, as for every request that chose nothing else: no query
        # (the list of gemeenten is read only for the switch at the top of a page).
        return user.gemeente_id
    mogelijk = gemeenten_van(user)
    if len(mogelijk) <= 1:
        return mogelijk[0] if mogelijk else None
    if gevraagd in mogelijk:
        if request.session.get(SESSIESLEUTEL) != gevraagd:
            request.session[SESSIESLEUTEL] = gevraagd
        return gevraagd
    return gekozen if gekozen in mogelijk else mogelijk[0]


def kiezen(request, gemeente_id) -> bool:
    """Work in this gemeente from now on (the switch at the top of the page)."""
    gemeente_id = _getal(gemeente_id)
    if gemeente_id not in gemeenten_van(request.user):
        return False
    request.session[SESSIESLEUTEL] = gemeente_id
    return True


def _getal(waarde) -> int | None:
    try:
        return int(waarde)
    except (TypeError, ValueError):
        return None


def partneraccount_in_regio(email: str):
    """The active partner account with this address in any gemeente of the region, for a
    gemeente's regisseur who adds it to one of the gemeente's own organisations (the police of
    the region, say). None when there is none: the form says so without telling more."""
    from django.contrib.auth import get_user_model

    from regio.scope import alle_gemeenten

    email = (email or "").strip()
    if not email:
        return None
    with alle_gemeenten():
        return (
            get_user_model()
            .alle_accounts.filter(
                email__iexact=email,
                is_active=True,
                groups__name=rollen.PARTNER,
                gemeente__is_regio=False,
            )
            .first()
        )


def partneraccounts_te_kiezen():
    """The partner accounts a gemeente's regisseur can tick for one of its organisations: the
    gemeente's own active partner accounts, and those of other gemeenten already added to one
    of its organisations (leaving them out of the choice would drop them on saving)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from regio.scope import huidige_gemeente_id

    from .models import Organisatie

    User = get_user_model()
    eigen_groepen = Organisatie.objects.exclude(groep=None).values("groep")
    return (
        User.alle_accounts.filter(groups__name=rollen.PARTNER, is_active=True)
        .filter(
            Q(gemeente_id=huidige_gemeente_id())
            | Q(pk__in=User.alle_accounts.filter(groups__in=eigen_groepen))
        )
        .select_related("gemeente")
        .order_by("last_name", "first_name", "email")
        .distinct()
    )

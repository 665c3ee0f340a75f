"""Which signals a user may see: the one question every list and page of signals asks.

``signalen_voor(user)`` is the selector docs/dangerous-constructs.md names. The site's pages,
the partner pages and the signal list in /beheer/ all find their signals through it, so no
list can show more than the pages that open a signal allow.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from accounts import rollen

from . import delen, services
from .casusverloop import VOLGORDE, Fase
from .models import Koppeling, KoppelingStatus, Signaal


def signalen_voor(user, *, rol: str | None = None, op: date | None = None) -> QuerySet[Signaal]:
    """The signals ``user`` may see, by role:

    - the netwerkregisseur: every signal (anonymised ones too: /beheer/ shows them as such);
    - a professional: the signals they filed themselves, not anonymised
      (``services.signalen_van_melder``);
    - a partner: the signals shared with their organisations whose share a convenant still
      covers on ``op`` (``delen.gedeelde_signalen``: guardian with ``accept_global_perms=False``
      and a check of the convenant);
    - anyone else (the beheerder too, and an inactive or anonymous user): none.

    A user with several roles sees what each of them sees. A page that serves one role passes
    it as ``rol`` and gets that role's part only, and only if the user has that role: "Mijn
    signalen" shows the reporter's own signals even when they are a partner as well.
    """
    if rol is not None and rol not in rollen.ROLLEN:
        raise ValueError(f"Onbekende rol: {rol}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Signaal.objects.none()
    eigen = rollen.rollen_van(user)
    als = eigen if rol is None else eigen & {rol}
    if rollen.NETWERKREGISSEUR in als:
        return Signaal.objects.all()
    per_rol = []
    if rollen.PROFESSIONAL in als:
        per_rol.append(services.signalen_van_melder(user))
    if rollen.PARTNER in als:
        per_rol.append(delen.gedeelde_signalen(user, op))
    if not per_rol:
        return Signaal.objects.none()
    if len(per_rol) == 1:
        return per_rol[0]
    return Signaal.objects.filter(
        Q(pk__in=per_rol[0].values("pk")) | Q(pk__in=per_rol[1].values("pk"))
    )


# --- What waits for the regisseur (the dashboard and the daily overview) -----------------------


def open_fasen() -> list[str]:
    """The phases of a signal still being worked on, named: the (fase, fase_sinds) index then
    reads only the open signals, however many were closed over the years."""
    return [f for f in VOLGORDE if f != Fase.AFGESLOTEN]


def aantal_te_laat(nu=None) -> int:
    """Open signals that are longer in their phase than its expected duration."""
    beschrijvingen = services.fasebeschrijvingen()
    # Counting the phase, not the key: the (fase, fase_sinds) index alone answers it.
    return (
        Signaal.objects.filter(fase__in=open_fasen())
        .filter(services.te_laat_filter(beschrijvingen, nu))
        .aggregate(n=Count("fase"))["n"]
    )


def aantal_met_mogelijke_koppeling() -> int:
    """Signals with a proposed link to review: signals, not pairs (what the list behind
    ``?koppeling=mogelijk`` shows, one row each), counted from the links (few)."""
    mogelijk = Koppeling.objects.filter(status=KoppelingStatus.MOGELIJK)
    return mogelijk.values_list("signaal_a_id").union(mogelijk.values_list("signaal_b_id")).count()


def te_herzien(op: date | None = None) -> QuerySet[Signaal]:
    """Signals being monitored whose review date has come (``herzien_op``), oldest first: the
    regisseur looks again, and weighs again (monitoren -> weging) or closes."""
    from django.utils import timezone

    op = op or timezone.localdate()
    return Signaal.objects.filter(
        fase=Fase.MONITOREN, herzien_op__lte=op, geanonimiseerd_op__isnull=True
    ).order_by("herzien_op", "pk")


def signaalmodules(request, signaal: Signaal, *, voor: str) -> list[str]:
    """The parts other apps add to a signal's page (kern.bijdragen, ``signaalmodules``): the
    weging, the casusoverleg. Each returns its HTML, or "" when it has nothing to show."""
    from django.utils.safestring import mark_safe

    from kern import bijdragen

    delen_ = (
        module(request, signaal, voor=voor) for module in bijdragen.functies("signaalmodules")
    )
    return [mark_safe(deel) for deel in delen_ if deel]  # noqa: S308 (rendered templates)

"""The signals panel on the /beheer/ dashboard: what waits for the regisseur.

Kept for a minute (``kern.dashboard``) under the highest signal, step and link ids: filing a
signal, every move of its phase (a step) and every new link change them, and a judged link or
a changed phase text is in the change log. "Longer than expected" and "this week" follow the
clock: within that minute.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, aantal, bewaard, hoogste

from . import selectors, services
from .casusverloop import VOLGORDE, Fase
from .models import Fasebeschrijving, Koppeling, Overgang, Signaal

OUDSTE = 5


def _oudste(lopend, beschrijvingen, nu) -> list:
    """The ``OUDSTE`` signals longest past their phase's term, longest first. On PostgreSQL the
    oldest of each phase come from the (fase, fase_sinds) index, a few rows each, instead of
    sorting every overdue signal."""
    kolommen = ("pk", "referentie", "fase", "fase_sinds")
    if connection.vendor != "postgresql":
        te_laat = services.te_laat_filter(beschrijvingen, nu)
        return list(lopend.filter(te_laat).only(*kolommen).order_by("fase_sinds")[:OUDSTE])
    per_fase = [
        lopend.filter(
            fase=fase, fase_sinds__lt=nu - timedelta(days=beschrijving.verwachte_duur_dagen)
        )
        .only(*kolommen)
        .order_by("fase_sinds")[:OUDSTE]
        for fase, beschrijving in beschrijvingen.items()
        if fase != Fase.AFGESLOTEN and beschrijving.verwachte_duur_dagen is not None
    ]
    if not per_fase:
        return []
    eerste, *andere = per_fase
    return list(eerste.union(*andere, all=True).order_by("fase_sinds")[:OUDSTE])


@bewaard(hoogste(Signaal), hoogste(Overgang), hoogste(Koppeling), aantal(Fasebeschrijving))
def panelen(request):
    if not rollen.is_regisseur(request.user):  # signals are the regisseur's work
        return []
    beschrijvingen = services.fasebeschrijvingen()
    open_fasen = selectors.open_fasen()
    lopend = Signaal.objects.filter(fase__in=open_fasen)
    nu = timezone.now()
    te_laat = services.te_laat_filter(beschrijvingen, nu)
    # Counting the phase, not the key: the (fase, fase_sinds) index alone answers it.
    cijfers = lopend.aggregate(
        te_laat=Count("fase", filter=te_laat),
        **{f"fase_{f}": Count("fase", filter=Q(fase=f)) for f in open_fasen},
    )
    per_fase = {f: cijfers[f"fase_{f}"] for f in open_fasen}
    deze_week = Signaal.objects.filter(ingediend_op__gte=nu - timedelta(days=7)).count()
    mogelijk = selectors.aantal_met_mogelijke_koppeling()
    # The overdue ones first: the longest in their phase, with how long that is.
    oudste = [
        (s.pk, s.referentie, Fase(s.fase).label, (nu - s.fase_sinds).days)
        for s in _oudste(lopend, beschrijvingen, nu)
    ]
    lijst = reverse("admin:signalen_signaal_changelist")
    return [
        Paneel(
            titel=_("Signalen"),
            template="signalen/dashboard_paneel.html",
            context={
                "fasen": [
                    (Fase(f).label, per_fase.get(f, 0), f"{lijst}?fase__exact={f}")
                    for f in VOLGORDE
                    if f != Fase.AFGESLOTEN
                ],
                "te_laat": cijfers["te_laat"],
                "oudste": oudste,
                "deze_week": deze_week,
                "nieuw": per_fase[Fase.INGEDIEND],
                "mogelijk": mogelijk,
                "lijst": lijst,
            },
            volgorde=50,
        )
    ]

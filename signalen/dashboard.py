"""The signals panel on the /beheer/ dashboard: what waits for the regisseur."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel

from . import services
from .casusverloop import VOLGORDE, Fase
from .models import Koppeling, KoppelingStatus, Signaal


def panelen(request):
    if not rollen.is_regisseur(request.user):  # signals are the regisseur's work
        return []
    beschrijvingen = services.fasebeschrijvingen()
    open_fasen = [f for f in VOLGORDE if f != Fase.AFGESLOTEN]
    # Named phases, not "not closed": the (fase, fase_sinds) index then reads only the open
    # signals, however many were closed over the years.
    lopend = Signaal.objects.filter(fase__in=open_fasen)
    nu = timezone.now()
    te_laat = services.te_laat_filter(beschrijvingen, nu)
    cijfers = lopend.aggregate(
        te_laat=Count("pk", filter=te_laat),
        **{f"fase_{f}": Count("pk", filter=Q(fase=f)) for f in open_fasen},
    )
    per_fase = {f: cijfers[f"fase_{f}"] for f in open_fasen}
    deze_week = Signaal.objects.filter(ingediend_op__gte=nu - timedelta(days=7)).count()
    # Signals, not pairs: what the list behind it (?koppeling=mogelijk) shows, one row each.
    # Counted from the links (few), not by asking every signal whether it has one.
    mogelijk = Koppeling.objects.filter(status=KoppelingStatus.MOGELIJK)
    mogelijk = (
        mogelijk.values_list("signaal_a_id").union(mogelijk.values_list("signaal_b_id")).count()
    )
    # The overdue ones first: the longest in their phase, with how long that is.
    oudste = [
        (s.pk, s.referentie, Fase(s.fase).label, (nu - s.fase_sinds).days)
        for s in lopend.filter(te_laat)
        .only("pk", "referentie", "fase", "fase_sinds")
        .order_by("fase_sinds")[:5]
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

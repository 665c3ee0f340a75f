"""The signals panel on the /beheer/ dashboard: what waits for the regisseur."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
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
    lopend = Signaal.objects.exclude(fase=Fase.AFGESLOTEN)
    per_fase = dict(lopend.values_list("fase").annotate(n=Count("pk")).order_by())
    nu = timezone.now()
    te_laat = services.te_laat_filter(beschrijvingen, nu)
    # Signals, not pairs: what the list behind it (?koppeling=mogelijk) shows, one row each.
    mogelijk = Exists(
        Koppeling.objects.filter(
            Q(signaal_a=OuterRef("pk")) | Q(signaal_b=OuterRef("pk")),
            status=KoppelingStatus.MOGELIJK,
        )
    )
    cijfers = Signaal.objects.aggregate(
        te_laat=Count("pk", filter=te_laat & ~Q(fase=Fase.AFGESLOTEN)),
        nieuw=Count("pk", filter=Q(fase=Fase.INGEDIEND)),
        deze_week=Count("pk", filter=Q(ingediend_op__gte=nu - timedelta(days=7))),
        mogelijk=Count("pk", filter=Q(mogelijk)),
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
                "deze_week": cijfers["deze_week"],
                "nieuw": cijfers["nieuw"],
                "mogelijk": cijfers["mogelijk"],
                "lijst": lijst,
            },
            volgorde=50,
        )
    ]

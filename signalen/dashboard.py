"""The signals panel on the /beheer/ dashboard: what waits for the regisseur."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from config.dashboard import Paneel

from . import services
from .casusverloop import VOLGORDE, Fase
from .models import Koppeling, KoppelingStatus, Signaal


def panelen(request):
    if not rollen.is_regisseur(request.user):  # signals are the regisseur's work
        return []
    beschrijvingen = services.fasebeschrijvingen()
    lopend = Signaal.objects.exclude(fase=Fase.AFGESLOTEN)
    per_fase = dict(lopend.values_list("fase").annotate(n=Count("pk")).order_by())
    cijfers = lopend.aggregate(
        te_laat=Count("pk", filter=services.te_laat_filter(beschrijvingen)),
        nieuw=Count("pk", filter=Q(fase=Fase.INGEDIEND)),
    )
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
                "nieuw": cijfers["nieuw"],
                "mogelijk": Koppeling.objects.filter(status=KoppelingStatus.MOGELIJK).count(),
                "lijst": lijst,
            },
            volgorde=50,
        )
    ]

"""The meetings panel on the /beheer/ dashboard: the next meetings and how many said yes."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel

from .models import Antwoord, Bijeenkomst, BijeenkomstStatus


def panelen(request):
    if not rollen.is_regisseur(request.user):
        return []
    komende = list(
        Bijeenkomst.objects.filter(
            status=BijeenkomstStatus.GEPLAND, begin__gte=timezone.now(), netwerk__isnull=False
        )
        .select_related("netwerk")
        .annotate(
            ja=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.JA)),
            misschien=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.MISSCHIEN)),
            genodigd=Count("uitnodigingen"),
        )
        .order_by("begin")[:5]
    )
    return [
        Paneel(
            titel=_("Bijeenkomsten"),
            template="bijeenkomsten/dashboard_paneel.html",
            context={"komende": komende},
            volgorde=150,
        )
    ]

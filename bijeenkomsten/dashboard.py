"""The meetings panel on the /beheer/ dashboard: the next meetings and how many said yes.

Kept for a minute (``kern.dashboard``) under: the newest meeting and invitation, the number and
versions of the coming meetings (moving or cancelling one bumps its ``volgnummer``), the
meetings shown (one that begins makes way for the next) with the number of their invitations
and their latest answer (an answer sets ``beantwoord_op``); a network's new name; a change in
/beheer/ is in the admin's history, which every key has.
"""

from django.db.models import Count, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, aantal, bewaard, gewijzigd, hoogste, som, vanaf_gisteren
from netwerk.models import Netwerk

from .models import Antwoord, Bijeenkomst, BijeenkomstStatus, Uitnodiging

AANTAL = 5


def _komende(nu):
    return Bijeenkomst.objects.filter(
        status=BijeenkomstStatus.GEPLAND, begin__gte=nu, netwerk__isnull=False
    ).order_by("begin", "pk")


_komend = Bijeenkomst.objects.filter(begin__gte=vanaf_gisteren())
_volgende = _komende(Now()).values("pk")[:AANTAL]
_getoond = Uitnodiging.objects.filter(bijeenkomst__in=_volgende)


@bewaard(
    hoogste(Bijeenkomst),
    hoogste(Uitnodiging),
    aantal(_komend.filter(status=BijeenkomstStatus.GEPLAND)),
    som(_komend, "volgnummer"),
    som(Bijeenkomst.objects.filter(pk__in=_volgende), "pk"),  # another one begins: another set
    aantal(_getoond),
    hoogste(_getoond, "beantwoord_op"),
    *gewijzigd(Netwerk),
)
def panelen(request):
    if not rollen.is_regisseur(request.user):
        return []
    # The next few (the begin index), then only their answers counted: not every coming
    # meeting's invitations grouped to keep five.
    volgende = _komende(timezone.now()).values("pk")[:AANTAL]
    komende = list(
        Bijeenkomst.objects.filter(pk__in=volgende)
        .select_related("netwerk")
        .annotate(
            ja=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.JA)),
            misschien=Count("uitnodigingen", filter=Q(uitnodigingen__antwoord=Antwoord.MISSCHIEN)),
            genodigd=Count("uitnodigingen"),
        )
        .order_by("begin", "pk")
    )
    return [
        Paneel(
            titel=_("Bijeenkomsten"),
            template="bijeenkomsten/dashboard_paneel.html",
            context={"komende": komende},
            volgorde=150,
        )
    ]

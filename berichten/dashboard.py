"""The e-mail panel on the /beheer/ dashboard: shown only when mail is not going out, or went
out too late to be of use (missed).

Kept for a minute (``kern.dashboard``) under the number of messages failed, waiting and missed
and the newest message: a send, a failure, a retry and a new message change them. A waiting
message that passes its fifteen minutes shows within that minute.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, aantal, bewaard, hoogste

from .models import Bericht

# A due message still waiting after this long means the workers or the mail server are stuck.
VERTRAAGD_NA = timedelta(minutes=15)
# Missed messages (a reminder after the meeting began) are shown this long after their moment:
# the regisseur may want to tell those people in another way; older ones are history.
GEMIST_TONEN = timedelta(days=7)

_PROBLEEM = (Bericht.Status.MISLUKT, Bericht.Status.WACHTEND, Bericht.Status.GEMIST)


@bewaard(
    *(aantal(Bericht.objects.filter(status=s)) for s in _PROBLEEM),
    hoogste(Bericht),
)
def panelen(request):
    if not (rollen.is_beheerder(request.user) or rollen.is_regisseur(request.user)):
        return []
    nu = timezone.now()
    grens = nu - VERTRAAGD_NA
    mislukt = Q(status=Bericht.Status.MISLUKT)
    # Due for 15 minutes (no worker sends), or created that long ago and already failed at least
    # once (the mail server refuses; backoff has moved versturen_na on).
    vertraagd = Q(status=Bericht.Status.WACHTEND) & (
        Q(versturen_na__lte=grens) | Q(pogingen__gt=0, aangemaakt_op__lte=grens)
    )
    gemist = Q(status=Bericht.Status.GEMIST, verlopen_na__gte=nu - GEMIST_TONEN)
    cijfers = Bericht.objects.filter(mislukt | vertraagd | gemist).aggregate(
        mislukt=Count("pk", filter=mislukt),
        vertraagd=Count("pk", filter=vertraagd),
        gemist=Count("pk", filter=gemist),
    )
    if not (cijfers["mislukt"] or cijfers["vertraagd"] or cijfers["gemist"]):
        return []
    return [
        Paneel(
            titel=_("E-mail"),
            template="berichten/dashboard_paneel.html",
            context={
                **cijfers,
                "minuten": int(VERTRAAGD_NA.total_seconds() // 60),
                "dagen": GEMIST_TONEN.days,
            },
            volgorde=10,  # a problem to act on: first
        )
    ]

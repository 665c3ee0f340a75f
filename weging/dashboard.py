"""The weging's panel on the /beheer/ dashboard: "Te herzien", the monitored signals whose
review date came, and the wegingen waiting for a second assessor.

Kept for a minute (``kern.dashboard``) under the highest signal and step ids (a move to or from
monitoren is a step) and the latest change of a weging; the date turning is in the key itself.
The same queries whatever the number of signals: two counts and two short lists.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kern.dashboard import Paneel, bewaard, gewijzigd, hoogste
from signalen.models import Overgang, Signaal
from signalen.selectors import te_herzien

from . import selectors
from .models import Weging

LIJST = 5


@bewaard(hoogste(Signaal), hoogste(Overgang), *gewijzigd(Weging))
def panelen(request):
    if not selectors.is_regisseur(request.user):  # signals are the regisseur's work
        return []
    herzien = te_herzien()
    bevestigen = selectors.ter_bevestiging()
    return [
        Paneel(
            titel=_("Te herzien"),
            template="weging/dashboard_paneel.html",
            context={
                "aantal_herzien": herzien.count(),
                "herzien": [
                    (s.pk, s.referentie, s.herzien_op)
                    for s in herzien.only("pk", "referentie", "herzien_op")[:LIJST]
                ],
                "aantal_bevestigen": bevestigen.count(),
                "bevestigen": [(w.pk, w.signaal.referentie, w.versie) for w in bevestigen[:LIJST]],
                "overzicht": reverse("weging:overzicht"),
                "rapport": reverse("weging:rapport"),
            },
            volgorde=55,
        )
    ]

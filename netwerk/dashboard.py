"""The network panel on the /beheer/ dashboard: size, coverage gaps and who has gone quiet.

Kept for a minute (``kern.dashboard``) under the newest row and the latest change of every table
it counts (each saved row sets its ``gewijzigd_op``); a removal in /beheer/ is in the admin's
history, which every key has. "Stil geworden" and "van kracht" turn with the date in the key.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel, bewaard, gewijzigd, hoogste

from . import convenanten, selectors
from .models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Contactmoment,
    Convenant,
    ConvenantStatus,
    Lidmaatschap,
    Locatie,
    Organisatie,
    Persoon,
    Sleutelpersoon,
)


@bewaard(
    *gewijzigd(Organisatie),
    *gewijzigd(Locatie),
    *gewijzigd(Aandachtsfunctionaris),
    hoogste(AandachtsfunctionarisLocatie),
    *gewijzigd(Persoon),
    *gewijzigd(Sleutelpersoon),
    *gewijzigd(Lidmaatschap),
    *gewijzigd(Contactmoment),
    *gewijzigd(Convenant),
)
def panelen(request):
    if not rollen.is_regisseur(request.user):  # the registry is the regisseur's work
        return []
    af = Aandachtsfunctionaris.objects.filter(actief=True, persoon__geanonimiseerd_op__isnull=True)
    locaties = Locatie.objects.filter(actief=True, organisatie__actief=True).aggregate(
        totaal=Count("pk"),
        zonder=Count(
            "pk",
            filter=~Q(
                Exists(
                    Aandachtsfunctionaris.locaties.through.objects.filter(
                        locatie=OuterRef("pk"), aandachtsfunctionaris__in=af
                    )
                )
            ),
        ),
    )
    sleutel = Sleutelpersoon.objects.filter(actief=True).aggregate(
        totaal=Count("pk"),
        kern=Count("pk", filter=Q(betrokkenheid__in=["kern", "actief"])),
    )
    return [
        Paneel(
            titel=_("Netwerk"),
            template="netwerk/dashboard_paneel.html",
            context={
                "organisaties": Organisatie.objects.filter(actief=True).count(),
                "af": af.values("persoon").distinct().count(),
                "sleutelpersonen": sleutel["totaal"],
                "sleutel_actief": sleutel["kern"],
                "locaties": locaties["totaal"],
                "zonder_af": locaties["zonder"],
                # The list of exactly these locations (the same count) on the coverage page.
                "zonder_af_url": f"{reverse('admin:netwerk_organisatie_dekking')}?zonder=1",
                "stil": selectors.stille_personen().count(),
                "stil_sinds": selectors.stil_sinds_grens(),
            },
            volgorde=100,
        ),
        _convenanten_paneel(),
    ]


def _convenanten_paneel() -> Paneel:
    """In force, ending within 60 days (named), and concepts: one query."""
    register = list(
        convenanten.convenantenregister()
        .filter(status__in=[ConvenantStatus.VAN_KRACHT, ConvenantStatus.CONCEPT])
        .prefetch_related(None)
    )
    vandaag = timezone.localdate()
    return Paneel(
        titel=_("Convenanten"),
        template="netwerk/dashboard_convenanten.html",
        context={
            "van_kracht": sum(c.in_werking_op(vandaag) for c in register),
            "binnenkort": [c for c in register if c.eindigt_binnenkort],
            "concepten": sum(c.status == ConvenantStatus.CONCEPT for c in register),
            "dagen": convenanten.BINNENKORT_DAGEN,
        },
        volgorde=110,
    )

"""The trainings panel on the /beheer/ dashboard: the coming editions with places taken and the
waiting list, and how many aandachtsfunctionarissen still need the basic training.

The panel and the coverage chart (``grafieken``) are kept for a minute (``kern.dashboard``)
under the same values: a new or cancelled edition, every change of an enrolment in a coming
edition (each bumps its ``versie``), every completion gained or lost, and every new or changed
aandachtsfunctionaris, person or organisation; an edition or kind changed in /beheer/ is in the
admin's history, which every key has. The standing turns with the date in the key.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import (
    Paneel,
    aantal,
    bewaard,
    bewaren,
    gewijzigd,
    hoogste,
    som,
    vanaf_gisteren,
)
from netwerk.models import Aandachtsfunctionaris, Organisatie, Persoon

from . import geldigheid, grafieken
from .models import Editie, EditieStatus, Inschrijving, InschrijvingStatus, Trainingssoort

_komende_inschrijvingen = Inschrijving.objects.filter(editie__eerste_dag__gte=vanaf_gisteren())
BRONNEN = (
    hoogste(Editie),
    aantal(Editie.objects.filter(status=EditieStatus.GEPLAND, eerste_dag__gte=vanaf_gisteren())),
    hoogste(Inschrijving),
    aantal(_komende_inschrijvingen),
    som(_komende_inschrijvingen, "versie"),
    aantal(Inschrijving.objects.filter(voltooid_op__isnull=False)),
    hoogste(Inschrijving, "voltooid_op"),
    aantal(Trainingssoort),
    hoogste(Trainingssoort),
    *gewijzigd(Aandachtsfunctionaris),
    *gewijzigd(Persoon),
    *gewijzigd(Organisatie),
)


@bewaard(*BRONNEN)
def panelen(request):
    if not rollen.is_regisseur(request.user):
        return []
    komende = list(
        Editie.objects.filter(status=EditieStatus.GEPLAND, eerste_dag__gte=timezone.localdate())
        .select_related("soort")
        .annotate(
            bezet=Count(
                "inschrijvingen",
                filter=Q(inschrijvingen__status=InschrijvingStatus.INGESCHREVEN),
            ),
            wachtend=Count(
                "inschrijvingen", filter=Q(inschrijvingen__status=InschrijvingStatus.WACHTLIJST)
            ),
        )
        .order_by("eerste_dag", "pk")[:5]
    )
    standen = geldigheid.standen_voor_verzoek(request)
    aantallen = standen.tellen_per_stand() if standen is not None else {}
    return [
        Paneel(
            titel=_("Trainingen"),
            template="trainingen/dashboard_paneel.html",
            context={
                "komende": komende,
                "geen": aantallen.get(geldigheid.Stand.GEEN, 0),
                "verlopen": aantallen.get(geldigheid.Stand.VERLOPEN, 0),
                "totaal": aantallen.get("totaal", 0),
                "rapport_url": reverse("admin:trainingen_editie_nog_te_trainen"),
                "stand_geen": geldigheid.Stand.GEEN,
                "stand_verlopen": geldigheid.Stand.VERLOPEN,
            },
            volgorde=160,
        )
    ]


# The coverage chart counts what the panel counts (``geldigheid.standen_voor_verzoek``).
bewaren(grafieken.panelen, *BRONNEN)

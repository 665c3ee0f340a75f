"""The trainings panel on the /beheer/ dashboard: the coming editions with places taken and the
waiting list, and how many aandachtsfunctionarissen still need the basic training."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rollen
from kern.dashboard import Paneel

from . import geldigheid
from .models import Editie, EditieStatus, InschrijvingStatus


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

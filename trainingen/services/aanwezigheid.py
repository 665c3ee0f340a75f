"""Attendance is recorded per day (the meetings' own); the training is completed when every day
was attended (``voltooiing_bijwerken``).
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from bijeenkomsten import services as bijeenkomsten
from bijeenkomsten.models import Uitnodiging
from kern.fouten import Weigering

from ..models import Editie, InschrijvingStatus, Trainingsdag


@transaction.atomic
def aanwezigheid_vastleggen(dag: Trainingsdag, aanwezig_personen: set[int], door) -> int:
    """Who attended this day (person ids of those enrolled); the meetings' own attendance (a
    contact moment per person), then the completions are brought up to date."""
    if dag.bijeenkomst_id is None:
        raise Weigering(_("Deze dag heeft nog geen tijd."))
    ingeschreven = set(
        dag.editie.inschrijvingen.filter(status=InschrijvingStatus.INGESCHREVEN).values_list(
            "persoon_id", flat=True
        )
    )
    # Someone enrolled after the day began (or whose invitation was removed) still has a row.
    for persoon_id in ingeschreven:
        Uitnodiging.objects.get_or_create(bijeenkomst=dag.bijeenkomst, persoon_id=persoon_id)
    uitnodiging_ids = set(
        dag.bijeenkomst.uitnodigingen.filter(
            persoon_id__in=aanwezig_personen & ingeschreven
        ).values_list("pk", flat=True)
    )
    gewijzigd = bijeenkomsten.aanwezigheid_vastleggen(
        bijeenkomst=dag.bijeenkomst, aanwezig=uitnodiging_ids, door=door
    )
    voltooiing_bijwerken(dag.editie)
    return gewijzigd


def voltooiing_bijwerken(editie: Editie) -> int:
    """A training is completed when every day was attended: the completion date is its last
    day. Recomputed from the attendance, so a correction undoes it."""
    dagen = list(editie.dagen.exclude(bijeenkomst=None).values_list("bijeenkomst_id", "datum"))
    if not dagen:
        return 0
    laatste = max(d for _b, d in dagen)
    aanwezig = Counter(
        Uitnodiging.objects.filter(
            bijeenkomst_id__in=[b for b, _d in dagen], aanwezig=True
        ).values_list("persoon_id", flat=True)
    )
    voltooid = 0
    for inschrijving in editie.inschrijvingen.filter(status=InschrijvingStatus.INGESCHREVEN):
        nieuw = laatste if aanwezig[inschrijving.persoon_id] == len(dagen) else None
        if inschrijving.voltooid_op != nieuw:
            inschrijving.voltooid_op = nieuw
            inschrijving.save(update_fields=["voltooid_op"])
        voltooid += nieuw is not None
    return voltooid

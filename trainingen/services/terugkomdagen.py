"""Terugkomdagen: twice a year (``TRAININGEN_TERUGKOMDAG_MAANDEN``), created ahead by the beat
task and inviting everyone who completed the basic training.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netwerk.models import Persoon

from .. import geldigheid
from ..models import Bron, Editie, EditieStatus, Rol, Trainingssoort
from .edities import editie_plannen
from .inschrijving import personen_uitnodigen


def terugkomdag_datum(jaar: int, maand: int) -> date:
    """The planned day in a month: its n-th given weekday (settings)."""
    eerste = date(jaar, maand, 1)
    verschil = (settings.TRAININGEN_TERUGKOMDAG_WEEKDAG - eerste.weekday()) % 7
    return eerste + timedelta(days=verschil + 7 * (settings.TRAININGEN_TERUGKOMDAG_WEEK - 1))


def _tijd(tekst: str) -> time:
    return datetime.strptime(tekst, "%H:%M").time()


@transaction.atomic
def terugkomdagen_plannen(vandaag: date | None = None) -> list[Editie]:
    """Beat: the terugkomdagen of the coming ``TRAININGEN_PLANNEN_DAGEN`` days, in the months
    of ``TRAININGEN_TERUGKOMDAG_MAANDEN``, made once each (the month is unique). The regisseur
    can move them afterwards; the plan never makes them again."""
    vandaag = vandaag or timezone.localdate()
    soort = Trainingssoort.objects.filter(rol=Rol.TERUGKOMDAG, actief=True).first()
    if soort is None:
        return []
    grens = vandaag + timedelta(days=settings.TRAININGEN_PLANNEN_DAGEN)
    gemaakt = []
    for jaar in range(vandaag.year, grens.year + 1):
        for maand in settings.TRAININGEN_TERUGKOMDAG_MAANDEN:
            datum = terugkomdag_datum(jaar, maand)
            if not (vandaag < datum <= grens):
                continue
            plan_maand = date(jaar, maand, 1)
            if Editie.objects.filter(plan_maand=plan_maand).exists():
                continue
            gemaakt.append(
                editie_plannen(
                    soort=soort,
                    titel=_("%(soort)s %(maand)s")
                    % {
                        "soort": soort.naam,
                        "maand": _maandnaam(plan_maand),
                    },
                    locatie=settings.TRAININGEN_TERUGKOMDAG_LOCATIE,
                    capaciteit=settings.TRAININGEN_TERUGKOMDAG_CAPACITEIT,
                    dagen=[
                        (
                            datum,
                            _tijd(settings.TRAININGEN_TERUGKOMDAG_BEGIN),
                            _tijd(settings.TRAININGEN_TERUGKOMDAG_EINDE),
                        )
                    ],
                    inschrijving_open=False,
                    plan_maand=plan_maand,
                )
            )
    return gemaakt


def _maandnaam(datum: date) -> str:
    return date_format(datum, "F Y")


def getrainden(vandaag: date | None = None):
    """Everyone who completed the basic training and is still an active aandachtsfunctionaris."""
    basis = geldigheid.basistraining()
    if basis is None:
        return Persoon.objects.none()
    return (
        Persoon.objects.filter(
            inschrijvingen__editie__soort=basis,
            inschrijvingen__voltooid_op__isnull=False,
            aandachtsfunctionarisrollen__actief=True,
            geanonimiseerd_op__isnull=True,
        )
        .exclude(email="")
        .distinct()
    )


def terugkomdagen_uitnodigen(vandaag: date | None = None) -> int:
    """Beat: ``TRAININGEN_TERUGKOMDAG_UITNODIGEN_DAGEN`` before a terugkomdag, everyone who
    completed the basic training is invited to sign up; those trained later are invited on a
    later run. Safe to repeat (one row per person per edition)."""
    vandaag = vandaag or timezone.localdate()
    grens = vandaag + timedelta(days=settings.TRAININGEN_TERUGKOMDAG_UITNODIGEN_DAGEN)
    aantal = 0
    for editie in Editie.objects.filter(
        soort__rol=Rol.TERUGKOMDAG,
        status=EditieStatus.GEPLAND,
        eerste_dag__gt=vandaag,
        eerste_dag__lte=grens,
    ):
        aantal += personen_uitnodigen(editie, getrainden(vandaag), bron=Bron.TERUGKOMDAGPLAN)
    return aantal

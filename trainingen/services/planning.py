"""Planning: an edition has one or more days; each day is a meeting without a network
(``bijeenkomsten``), kept in step by ``dag_opslaan``, so a change of time or place goes to the
participants as an updated .ics and reminders come from the meetings' beat task. Removing days
and cancelling the whole edition.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bijeenkomsten import services as bijeenkomsten
from bijeenkomsten.models import Bijeenkomst, BijeenkomstSoort
from bijeenkomsten.services import lokaal
from kern.fouten import Weigering

from ..models import Editie, EditieStatus, InschrijvingStatus, Trainingsdag
from .inschrijving import _dag_uitnodigingen
from .mail import _eenregelig, _mail


def _dagtitel(dag: Trainingsdag, aantal: int) -> str:
    if aantal <= 1:
        return _eenregelig(dag.editie.naam)
    return _("%(naam)s — dag %(n)d van %(totaal)d") % {
        "naam": _eenregelig(dag.editie.naam),
        "n": dag.volgnummer,
        "totaal": aantal,
    }


@transaction.atomic
def dag_opslaan(dag: Trainingsdag) -> Trainingsdag:
    """Make or update the day's meeting from the day and its edition. A change of time, place
    or title goes to everyone who has the day in their calendar (a higher SEQUENCE).

    A new day locks the edition's row, as a sign-up does, before it reads who is enrolled: a
    sign-up at the same moment then either comes first (and is invited here) or waits until the
    day is committed (and finds it), never neither."""
    editie = dag.editie
    if dag.bijeenkomst_id is None:
        Editie.objects.select_for_update().only("pk").get(pk=editie.pk)
    aantal = editie.dagen.count()
    waarden = {
        "titel": _dagtitel(dag, aantal)[:200],
        "begin": lokaal(dag.datum, dag.begintijd),
        "einde": lokaal(dag.datum, dag.eindtijd),
        "locatie": editie.locatie,
        "agenda": editie.omschrijving,
    }
    if dag.bijeenkomst_id is None:
        dag.bijeenkomst = Bijeenkomst.objects.create(
            netwerk=None, soort=BijeenkomstSoort.TRAINING, **waarden
        )
        dag.save(update_fields=["bijeenkomst"])
        # Those already enrolled get the new day too: an invitation with its .ics, now.
        for inschrijving in editie.inschrijvingen.filter(status=InschrijvingStatus.INGESCHREVEN):
            _dag_uitnodigingen(inschrijving, [dag], verstuurd=False)
        bijeenkomsten.uitnodigingen_versturen(dag.bijeenkomst)
    elif not is_begonnen(dag):  # a day that has begun is history: it stays as it was
        bijeenkomst = dag.bijeenkomst
        oud = {veld: getattr(bijeenkomst, veld) for veld in bijeenkomsten.WEZENLIJK}
        for veld, waarde in waarden.items():
            setattr(bijeenkomst, veld, waarde)
        bijeenkomst.save(update_fields=list(waarden))
        bijeenkomsten.bijeenkomst_gewijzigd(bijeenkomst, oud)
    data_bijwerken(editie)
    return dag


def data_bijwerken(editie: Editie) -> None:
    """The edition's first and last day, cached for lists and ordering."""
    datums = sorted(editie.dagen.values_list("datum", flat=True))
    editie.eerste_dag = datums[0] if datums else None
    editie.laatste_dag = datums[-1] if datums else None
    editie.save(update_fields=["eerste_dag", "laatste_dag"])


@transaction.atomic
def editie_gewijzigd(editie: Editie) -> None:
    """After a change of the edition's name, place or programme: every day follows."""
    for dag in editie.dagen.select_related("bijeenkomst", "editie__soort"):
        dag_opslaan(dag)


@transaction.atomic
def dagen_hernummeren(editie: Editie) -> None:
    """After a day was added or removed: days numbered in date order, titles in step."""
    dagen = list(editie.dagen.order_by("datum", "begintijd", "pk"))
    # Two passes, so the unique (edition, number) is never violated halfway.
    for i, dag in enumerate(dagen, start=1):
        Trainingsdag.objects.filter(pk=dag.pk).update(volgnummer=1000 + i)
    for i, dag in enumerate(dagen, start=1):
        Trainingsdag.objects.filter(pk=dag.pk).update(volgnummer=i)
    editie_gewijzigd(editie)


def dagen_controleren(nieuw_of_verplaatst, alle, nu: datetime | None = None) -> list[str]:
    """What is wrong with an edition's days, as messages for the regisseur (empty: nothing).

    ``nieuw_of_verplaatst``: the (datum, begintijd, eindtijd) of days that are new or whose date
    or time changes; they must still come, because a day that has begun is history and can no
    longer be changed (a typo in the year would lock the edition). ``alle``: every day the
    edition keeps; two of them may not overlap."""
    nu = nu or timezone.now()
    fouten = []
    for datum, begintijd, _eind in nieuw_of_verplaatst:
        if lokaal(datum, begintijd) <= nu:
            fouten.append(
                _(
                    "%(datum)s %(tijd)s ligt in het verleden. Een nieuwe of verplaatste dag moet "
                    "nog komen: een dag die begonnen is kan daarna niet meer worden gewijzigd."
                )
                % {"datum": date_format(datum, "j F Y"), "tijd": begintijd.strftime("%H:%M")}
            )
    gezien = []
    for datum, begintijd, eindtijd in sorted(alle):
        for d, b, e in gezien:
            if d == datum and begintijd < e and b < eindtijd:
                fouten.append(
                    _("Twee dagen op %(datum)s overlappen elkaar.")
                    % {"datum": date_format(datum, "j F Y")}
                )
                break
        gezien.append((datum, begintijd, eindtijd))
    return fouten


def is_editie_begonnen(editie: Editie) -> bool:
    """Has one of the edition's days begun?"""
    return editie.dagen.filter(bijeenkomst__begin__lte=timezone.now()).exists()


def waarom_niet_annuleren(editie: Editie, *, namens_regio: bool = False) -> str | None:
    """Why the edition can no longer be cancelled, or None. A gemeente's copy of a regional
    training is cancelled by the region (``trainingen.regionaal``), not by the regisseur."""
    if editie.regionale_editie_id and not namens_regio:
        return _(
            "Dit is een regionale training: de regiocoördinator annuleert ze, of haalt uw "
            "gemeente uit het aanbod. Vraag hem of haar daarom."
        )
    if is_editie_begonnen(editie):
        return _(
            "Deze training is al begonnen of voorbij en kan niet meer worden geannuleerd. "
            "Gaan de dagen die nog komen niet door? Verwijder die dagen dan."
        )
    return None


def is_begonnen(dag: Trainingsdag) -> bool:
    """Has the day's meeting begun? Then it is history: not moved, not removed."""
    return dag.bijeenkomst_id is not None and dag.bijeenkomst.begin <= timezone.now()


@transaction.atomic
def dagen_verwijderen(editie: Editie, dagen) -> None:
    """Days that will not take place: each meeting is cancelled (those who had it are told),
    the days leave the edition, and the rest are renumbered once (one change per day left)."""
    dagen = list(dagen)
    for dag in dagen:
        if is_begonnen(dag):
            raise Weigering(
                _("Dag %(n)d is al begonnen of voorbij en blijft in de editie.")
                % {"n": dag.volgnummer}
            )
    for dag in dagen:
        if dag.bijeenkomst_id:
            bijeenkomsten.bijeenkomst_annuleren(dag.bijeenkomst)
        dag.delete()
    dagen_hernummeren(editie)


def dag_verwijderen(dag: Trainingsdag) -> None:
    dagen_verwijderen(dag.editie, [dag])


@transaction.atomic
def editie_annuleren(editie: Editie, reden: str = "", *, namens_regio: bool = False) -> int:
    """Cancel the edition: every day's meeting is cancelled (those enrolled get a cancellation
    for their calendar); those waiting or invited get one message. Safe to repeat. Refused once
    a day has begun: what took place (attendance, completions) stays history."""
    editie = Editie.objects.select_for_update().get(pk=editie.pk)
    if editie.is_geannuleerd:
        return 0
    bezwaar = waarom_niet_annuleren(editie, namens_regio=namens_regio)
    if bezwaar:
        raise Weigering(bezwaar)
    editie.status = EditieStatus.GEANNULEERD
    editie.inschrijving_open = False
    editie.save(update_fields=["status", "inschrijving_open"])
    for dag in editie.dagen.select_related("bijeenkomst"):
        if dag.bijeenkomst_id:
            bijeenkomsten.bijeenkomst_annuleren(dag.bijeenkomst, reden)
    aantal = 0
    for inschrijving in editie.inschrijvingen.exclude(
        status=InschrijvingStatus.AFGEMELD
    ).select_related("persoon"):
        if inschrijving.status != InschrijvingStatus.INGESCHREVEN:
            _mail(inschrijving, "geannuleerd", reden=reden)
        aantal += 1
    return aantal

"""The rules for trainings, shared by the site, /beheer/, the beat tasks, the demo and the tests.

- Planning: an edition has one or more days; each day is a meeting without a network
  (``bijeenkomsten``), kept in step by ``dag_opslaan``, so a change of time or place goes to the
  participants as an updated .ics and reminders come from the meetings' beat task.
- Enrolment: ``inschrijven`` gives a place while there is one, else a place on the waiting list;
  ``afmelden`` frees the place and the first on the waiting list moves up and is told by e-mail.
  Both lock the edition's row, so two people signing up or cancelling at the same moment never
  take more places than there are.
- Mixed groups: ``groep_voorstellen`` proposes people who still need the training, spread over
  domains and organisations, at most ``max_per_organisatie`` from one organisation; ``indelen``
  places the chosen ones.
- Attendance is recorded per day (the meetings' own); the training is completed when every day
  was attended (``voltooiing_bijwerken``).
- Terugkomdagen: twice a year (``TRAININGEN_TERUGKOMDAG_MAANDEN``), created ahead and inviting
  everyone who completed the basic training.

Every e-mail is a row in the outbox written in the same transaction, with a unique key.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from berichten.services import bericht_klaarzetten
from bijeenkomsten import agenda
from bijeenkomsten import services as bijeenkomsten
from bijeenkomsten.models import Antwoord, Bijeenkomst, Uitnodiging
from bijeenkomsten.services import NietToegestaan, lokaal
from netwerk.models import Domein, Persoon

from . import bevoegdheid
from .models import (
    Bron,
    Editie,
    EditieStatus,
    Inschrijving,
    InschrijvingStatus,
    Rol,
    Trainingsdag,
    Trainingssoort,
    nieuw_token,
)

__all__ = ["NietToegestaan"]

ACTIEF = (InschrijvingStatus.INGESCHREVEN, InschrijvingStatus.WACHTLIJST)


# --- Planning -----------------------------------------------------------------------------------


def _eenregelig(tekst: str) -> str:
    """A name as one line: it goes into e-mail subjects and calendar titles."""
    return " ".join(str(tekst).split())


def _dagtitel(dag: Trainingsdag, aantal: int) -> str:
    if aantal <= 1:
        return _eenregelig(dag.editie.naam)
    return _("%(naam)s — dag %(n)d van %(totaal)d") % {
        "naam": _eenregelig(dag.editie.naam),
        "n": dag.volgnummer,
        "totaal": aantal,
    }


@transaction.atomic
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
        dag.bijeenkomst = Bijeenkomst.objects.create(netwerk=None, **waarden)
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


def waarom_niet_annuleren(editie: Editie) -> str | None:
    """Why the edition can no longer be cancelled, or None."""
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
            raise NietToegestaan(
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
def editie_plannen(
    *,
    soort: Trainingssoort,
    locatie: str,
    capaciteit: int,
    dagen: list[tuple[date, time, time]],
    titel: str = "",
    trainer: str = "",
    omschrijving: str = "",
    max_per_organisatie: int = 2,
    inschrijving_open: bool = True,
    plan_maand: date | None = None,
) -> Editie:
    editie = Editie.objects.create(
        soort=soort,
        titel=titel,
        locatie=locatie,
        trainer=trainer,
        capaciteit=capaciteit,
        omschrijving=omschrijving,
        max_per_organisatie=max_per_organisatie,
        inschrijving_open=inschrijving_open,
        plan_maand=plan_maand,
    )
    for n, (datum, begin, einde) in enumerate(sorted(dagen), start=1):
        Trainingsdag.objects.create(
            editie=editie, volgnummer=n, datum=datum, begintijd=begin, eindtijd=einde
        )
    for dag in editie.dagen.all():
        dag_opslaan(dag)
    return editie


@transaction.atomic
def editie_annuleren(editie: Editie, reden: str = "") -> int:
    """Cancel the edition: every day's meeting is cancelled (those enrolled get a cancellation
    for their calendar); those waiting or invited get one message. Safe to repeat. Refused once
    a day has begun: what took place (attendance, completions) stays history."""
    editie = Editie.objects.select_for_update().get(pk=editie.pk)
    if editie.is_geannuleerd:
        return 0
    bezwaar = waarom_niet_annuleren(editie)
    if bezwaar:
        raise NietToegestaan(bezwaar)
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


# --- Enrolment ----------------------------------------------------------------------------------


def _vergrendeld(editie: Editie) -> Editie:
    return Editie.objects.select_for_update().select_related("soort").get(pk=editie.pk)


def bezet(editie: Editie) -> int:
    return editie.inschrijvingen.filter(status=InschrijvingStatus.INGESCHREVEN).count()


def waarom_gesloten(editie: Editie, vandaag: date | None = None) -> str | None:
    """Why nobody can sign up or cancel any more, or None."""
    vandaag = vandaag or timezone.localdate()
    if editie.is_geannuleerd:
        return _("Deze training gaat niet door.")
    if editie.eerste_dag is None:
        return _("De data van deze training zijn nog niet bekend.")
    if editie.eerste_dag <= vandaag:
        return _("Deze training is al begonnen of voorbij.")
    return None


def waarom_niet_inschrijven(editie: Editie, persoon: Persoon, *, uitgenodigd=False) -> str | None:
    gesloten = waarom_gesloten(editie)
    if gesloten:
        return gesloten
    if not editie.inschrijving_open and not uitgenodigd:
        return _("Voor deze training kunt u zich alleen inschrijven als u bent uitgenodigd.")
    if persoon.geanonimiseerd_op or not persoon.email:
        return _(
            "Er is geen e-mailadres bekend voor inschrijving; de netwerkregisseur kan het "
            "aanvullen."
        )
    return None


def met_wachtlijstplaats(qs):
    """Each enrolment with ``wachtlijstplaats``: its place on the waiting list (1 is next), or
    None when not waiting: first come, first served, the id breaks a tie. In the same query,
    so a list shows every position without a query per row."""
    voor = (
        Inschrijving.objects.filter(
            editie_id=OuterRef("editie_id"), status=InschrijvingStatus.WACHTLIJST
        )
        .filter(
            Q(wachtlijst_sinds__lt=OuterRef("wachtlijst_sinds"))
            | Q(wachtlijst_sinds=OuterRef("wachtlijst_sinds"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("editie_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        wachtlijstplaats=Case(
            When(
                status=InschrijvingStatus.WACHTLIJST,
                then=Coalesce(Subquery(voor, output_field=IntegerField()), Value(0)) + 1,
            ),
            default=None,
            output_field=IntegerField(),
        )
    )


def wachtlijstpositie(inschrijving: Inschrijving) -> int | None:
    return (
        met_wachtlijstplaats(Inschrijving.objects.filter(pk=inschrijving.pk))
        .values_list("wachtlijstplaats", flat=True)
        .first()
    )


def is_uitgenodigd(inschrijving: Inschrijving | None) -> bool:
    """Invited (or placed) by the regisseur or the plan: may sign up for an edition that is not
    open to everyone, also after declining once."""
    return inschrijving is not None and (
        inschrijving.status == InschrijvingStatus.UITGENODIGD or inschrijving.bron != Bron.ZELF
    )


@transaction.atomic
def inschrijven(editie: Editie, persoon: Persoon, *, bron: str = Bron.ZELF) -> Inschrijving:
    """Sign up: a place while there is one, else the waiting list (first come, first served).
    The edition's row is locked, so the count of places and the new place are one step."""
    editie = _vergrendeld(editie)
    inschrijving = Inschrijving.objects.filter(editie=editie, persoon=persoon).first()
    if inschrijving and inschrijving.status in ACTIEF:
        raise NietToegestaan(
            _("U staat al op de wachtlijst voor deze training.")
            if inschrijving.status == InschrijvingStatus.WACHTLIJST
            else _("U bent al ingeschreven voor deze training.")
        )
    uitgenodigd = is_uitgenodigd(inschrijving)
    reden = waarom_niet_inschrijven(editie, persoon, uitgenodigd=uitgenodigd)
    if reden:
        raise NietToegestaan(reden)
    if inschrijving is None:
        inschrijving = Inschrijving(editie=editie, persoon=persoon, bron=bron)
    inschrijving.afgemeld_op = None
    inschrijving.doorgeschoven_op = None
    if bezet(editie) < editie.capaciteit:
        _plaatsen(inschrijving)
        _mail(inschrijving, "ingeschreven")
    else:
        inschrijving.status = InschrijvingStatus.WACHTLIJST
        inschrijving.wachtlijst_sinds = timezone.now()
        inschrijving.versie += 1
        inschrijving.save()
        _mail(inschrijving, "wachtlijst", positie=wachtlijstpositie(inschrijving))
    return inschrijving


@transaction.atomic
def afmelden(inschrijving: Inschrijving) -> Inschrijving:
    """Cancel a place or a waiting place, or decline an invitation. A freed place goes to the
    first on the waiting list, who is told by e-mail."""
    editie = _vergrendeld(inschrijving.editie)
    inschrijving = Inschrijving.objects.select_related("persoon").get(pk=inschrijving.pk)
    if inschrijving.status not in (*ACTIEF, InschrijvingStatus.UITGENODIGD):
        raise NietToegestaan(_("U bent niet (meer) ingeschreven voor deze training."))
    gesloten = waarom_gesloten(editie)
    if gesloten:
        raise NietToegestaan(gesloten)
    had_plaats = inschrijving.status == InschrijvingStatus.INGESCHREVEN
    inschrijving.status = InschrijvingStatus.AFGEMELD
    inschrijving.afgemeld_op = timezone.now()
    inschrijving.wachtlijst_sinds = None
    inschrijving.versie += 1
    inschrijving.save()
    dagen = _dagen_intrekken(inschrijving) if had_plaats else []
    _mail(inschrijving, "afgemeld", annuleringen=dagen)
    if had_plaats:
        wachtlijst_doorschuiven(editie)
    return inschrijving


def wachtlijst_doorschuiven(editie: Editie) -> list[Inschrijving]:
    """Fill free places from the waiting list, in order. Call with the edition locked."""
    doorgeschoven = []
    vrij = editie.capaciteit - bezet(editie)
    if vrij <= 0 or waarom_gesloten(editie):
        return doorgeschoven
    wachtenden = (
        editie.inschrijvingen.filter(status=InschrijvingStatus.WACHTLIJST)
        .select_related("persoon")
        .order_by("wachtlijst_sinds", "pk")[:vrij]
    )
    for inschrijving in wachtenden:
        inschrijving.doorgeschoven_op = timezone.now()
        _plaatsen(inschrijving)
        _mail(inschrijving, "doorgeschoven")
        doorgeschoven.append(inschrijving)
    return doorgeschoven


@transaction.atomic
def capaciteit_gewijzigd(editie: Editie) -> list[Inschrijving]:
    """After more places were made: the waiting list moves up. Fewer places never remove
    anyone who has one; the regisseur asks people to cancel."""
    return wachtlijst_doorschuiven(_vergrendeld(editie))


def _plaatsen(inschrijving: Inschrijving) -> None:
    inschrijving.status = InschrijvingStatus.INGESCHREVEN
    inschrijving.ingeschreven_op = timezone.now()
    inschrijving.wachtlijst_sinds = None
    inschrijving.versie += 1
    inschrijving.save()
    _dag_uitnodigingen(inschrijving, inschrijving.editie.dagen.select_related("bijeenkomst"))


def _dag_uitnodigingen(inschrijving: Inschrijving, dagen, *, verstuurd: bool = True) -> None:
    """An invitation to each coming day's meeting: the calendar item (sent with the enrolment
    message, or by the meetings when ``verstuurd`` is false), the personal link for that day,
    the meetings' reminders and attendance."""
    nu = timezone.now()
    for dag in dagen:
        if dag.bijeenkomst_id is None or dag.bijeenkomst.begin <= nu:
            continue
        Uitnodiging.objects.update_or_create(
            bijeenkomst=dag.bijeenkomst,
            persoon_id=inschrijving.persoon_id,
            defaults={
                "verstuurd_op": nu if verstuurd else None,
                "antwoord": Antwoord.JA,
                "beantwoord_op": nu,
                "herinnerd_op": None,
            },
        )


def _dagen_intrekken(inschrijving: Inschrijving) -> list[Bijeenkomst]:
    """The coming days' invitations of a cancelled place go; the message carries a cancellation
    for each day's calendar item."""
    uitnodigingen = Uitnodiging.objects.filter(
        persoon_id=inschrijving.persoon_id,
        bijeenkomst__trainingsdag__editie_id=inschrijving.editie_id,
        bijeenkomst__begin__gt=timezone.now(),
    ).select_related("bijeenkomst")
    dagen = [u.bijeenkomst for u in uitnodigingen]
    uitnodigingen.delete()
    return dagen


def persoon_vertrokken(persoon: Persoon) -> int:
    """An anonymised person: every enrolment link stops working, and places and waiting places
    in coming editions are given up without a message (there is no address any more); freed
    places go to the waiting list. Completed trainings stay, for the coverage figures."""
    aantal = 0
    for inschrijving in Inschrijving.objects.filter(persoon=persoon).select_related("editie"):
        with transaction.atomic():
            editie = _vergrendeld(inschrijving.editie)
            inschrijving = Inschrijving.objects.select_for_update().get(pk=inschrijving.pk)
            inschrijving.token = nieuw_token()
            velden = ["token"]
            if inschrijving.status in ACTIEF and not waarom_gesloten(editie):
                had_plaats = inschrijving.status == InschrijvingStatus.INGESCHREVEN
                inschrijving.status = InschrijvingStatus.AFGEMELD
                inschrijving.afgemeld_op = timezone.now()
                inschrijving.wachtlijst_sinds = None
                velden += ["status", "afgemeld_op", "wachtlijst_sinds"]
                if had_plaats:
                    _dagen_intrekken(inschrijving)
                inschrijving.save(update_fields=velden)
                if had_plaats:
                    wachtlijst_doorschuiven(editie)
                aantal += 1
            else:
                inschrijving.save(update_fields=velden)
    return aantal


@transaction.atomic
def uitnodigen(editie: Editie, personen, *, bron: str = Bron.REGISSEUR) -> int:
    """Invite people to sign up (no place is held): each gets a message with their personal
    link. People already invited, enrolled or waiting are left alone; someone who cancelled is
    invited again. Returns how many were invited."""
    editie = _vergrendeld(editie)
    if waarom_gesloten(editie):
        return 0
    bestaand = {i.persoon_id: i for i in editie.inschrijvingen.all()}
    aantal = 0
    for persoon in personen:
        inschrijving = bestaand.get(persoon.pk)
        if inschrijving and inschrijving.status != InschrijvingStatus.AFGEMELD:
            continue
        if persoon.geanonimiseerd_op or not persoon.email:
            continue
        if inschrijving is None:
            inschrijving = Inschrijving(editie=editie, persoon=persoon, versie=0)
        inschrijving.status = InschrijvingStatus.UITGENODIGD
        inschrijving.bron = bron
        inschrijving.afgemeld_op = None
        inschrijving.versie += 1
        inschrijving.save()
        _mail(inschrijving, "uitnodiging")
        aantal += 1
    return aantal


@transaction.atomic
def indelen(editie: Editie, personen) -> list[Inschrijving]:
    """The regisseur places people (a proposed mixed group): each gets a place and a message.
    Refused as a whole when there are not enough free places."""
    editie = _vergrendeld(editie)
    gesloten = waarom_gesloten(editie)
    if gesloten:
        raise NietToegestaan(gesloten)
    bestaand = {i.persoon_id: i for i in editie.inschrijvingen.all()}
    nieuw = [
        p
        for p in personen
        if not (p.pk in bestaand and bestaand[p.pk].status == InschrijvingStatus.INGESCHREVEN)
    ]
    vrij = editie.capaciteit - bezet(editie)
    if len(nieuw) > vrij:
        raise NietToegestaan(
            _("Er zijn %(vrij)d vrije plaatsen; u koos %(n)d personen.")
            % {"vrij": max(vrij, 0), "n": len(nieuw)}
        )
    geplaatst = []
    for persoon in nieuw:
        reden = waarom_niet_inschrijven(editie, persoon, uitgenodigd=True)
        if reden:
            raise NietToegestaan(f"{persoon}: {reden}")
        inschrijving = bestaand.get(persoon.pk) or Inschrijving(
            editie=editie, persoon=persoon, bron=Bron.REGISSEUR
        )
        inschrijving.bron = Bron.REGISSEUR
        inschrijving.afgemeld_op = None
        _plaatsen(inschrijving)
        _mail(inschrijving, "ingedeeld")
        geplaatst.append(inschrijving)
    return geplaatst


# --- Mixed groups -------------------------------------------------------------------------------


@dataclass
class Kandidaat:
    persoon: Persoon
    organisatie: object
    bevoegdheid: bevoegdheid.Bevoegdheid

    @property
    def domein(self) -> str:
        return self.organisatie.domein


@dataclass
class Voorstel:
    gekozen: list[Kandidaat]
    reserve: list[Kandidaat]
    vrij: int
    max_per_organisatie: int
    per_domein: list[tuple[str, int]] = field(default_factory=list)
    per_organisatie: list[tuple[str, int]] = field(default_factory=list)


def kandidaten(editie: Editie, vandaag: date | None = None) -> list[Kandidaat]:
    """Active aandachtsfunctionarissen (in the kind's domains, if it names any) who still need
    this training and are not already in one of its coming editions, longest waiting first:
    never trained before overdue, overdue the longest first."""
    vandaag = vandaag or timezone.localdate()
    soort = editie.soort
    if soort.verlengt_id:
        # A refresher (the terugkomdag) is for those who had what it renews and whose validity
        # runs out: their standing is measured against the renewed kind.
        soort = soort.verlengt
    rijen = bevoegdheid.overzicht(soort, vandaag=vandaag)
    al_in_editie = set(
        editie.inschrijvingen.filter(status__in=ACTIEF).values_list("persoon_id", flat=True)
    )
    gezien = set()
    uitkomst = []
    for rij in rijen:
        persoon = rij.persoon
        if persoon.pk in gezien or not persoon.email:
            continue
        gezien.add(persoon.pk)
        if soort.domeinen and rij.organisatie.domein not in soort.domeinen:
            continue
        if persoon.pk in al_in_editie:
            continue
        if editie.soort.verlengt_id:
            if rij.bevoegdheid.stand not in (
                bevoegdheid.Stand.VERLOPEN,
                bevoegdheid.Stand.BINNENKORT,
            ):
                continue
        elif rij.bevoegdheid.is_bij or rij.gepland:
            continue
        uitkomst.append(Kandidaat(persoon, rij.organisatie, rij.bevoegdheid))
    uitkomst.sort(
        key=lambda k: (
            k.bevoegdheid.stand != bevoegdheid.Stand.GEEN,
            k.bevoegdheid.geldig_tot or date.min,
            k.persoon.achternaam,
            k.persoon.voornaam,
        )
    )
    return uitkomst


def groep_voorstellen(editie: Editie, aantal: int | None = None) -> Voorstel:
    """A group for the free places, mixed over domains and organisations: the domains take
    turns (the one with most people waiting first), and no organisation gets more than the
    edition's ``max_per_organisatie``. Those left are the reserve, in the same order."""
    vrij = max(editie.capaciteit - bezet(editie), 0)
    aantal = vrij if aantal is None else min(aantal, vrij)
    per_domein: dict[str, list[Kandidaat]] = {}
    for kandidaat in kandidaten(editie):
        per_domein.setdefault(kandidaat.domein, []).append(kandidaat)
    volgorde = sorted(per_domein, key=lambda d: (-len(per_domein[d]), d))
    per_org = Counter(
        editie.inschrijvingen.filter(status=InschrijvingStatus.INGESCHREVEN).values_list(
            "persoon__aandachtsfunctionarisrollen__organisatie_id", flat=True
        )
    )
    gekozen: list[Kandidaat] = []
    while len(gekozen) < aantal:
        gekozen_deze_ronde = False
        for domein in volgorde:
            if len(gekozen) >= aantal:
                break
            wachtrij = per_domein[domein]
            for i, kandidaat in enumerate(wachtrij):
                if per_org[kandidaat.organisatie.pk] < editie.max_per_organisatie:
                    gekozen.append(wachtrij.pop(i))
                    per_org[kandidaat.organisatie.pk] += 1
                    gekozen_deze_ronde = True
                    break
        if not gekozen_deze_ronde:
            break
    gekozen_ids = {k.persoon.pk for k in gekozen}
    reserve = [
        k for k in kandidaten_in_volgorde(per_domein, volgorde) if k.persoon.pk not in gekozen_ids
    ]
    return Voorstel(
        gekozen=gekozen,
        reserve=reserve,
        vrij=vrij,
        max_per_organisatie=editie.max_per_organisatie,
        per_domein=_mix(gekozen, lambda k: str(Domein(k.domein).label)),
        per_organisatie=_mix(gekozen, lambda k: k.organisatie.naam),
    )


def kandidaten_in_volgorde(per_domein, volgorde) -> list[Kandidaat]:
    return [k for d in volgorde for k in per_domein[d]]


def _mix(kandidaten_, sleutel) -> list[tuple[str, int]]:
    return sorted(Counter(sleutel(k) for k in kandidaten_).items(), key=lambda p: (-p[1], p[0]))


# --- Attendance ---------------------------------------------------------------------------------


@transaction.atomic
def aanwezigheid_vastleggen(dag: Trainingsdag, aanwezig_personen: set[int], door) -> int:
    """Who attended this day (person ids of those enrolled); the meetings' own attendance (a
    contact moment per person), then the completions are brought up to date."""
    if dag.bijeenkomst_id is None:
        raise NietToegestaan(_("Deze dag heeft nog geen tijd."))
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


# --- Terugkomdagen ------------------------------------------------------------------------------


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
    from django.utils.formats import date_format

    return date_format(datum, "F Y")


def getrainden(vandaag: date | None = None):
    """Everyone who completed the basic training and is still an active aandachtsfunctionaris."""
    basis = bevoegdheid.basistraining()
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
        aantal += uitnodigen(editie, getrainden(vandaag), bron=Bron.TERUGKOMDAGPLAN)
    return aantal


# --- E-mail -------------------------------------------------------------------------------------


def inschrijflink(inschrijving: Inschrijving) -> str:
    return settings.SITE_URL + reverse("trainingen:inschrijving", args=[inschrijving.token])


ONDERWERPEN = {
    "uitnodiging": _lazy("Uitnodiging: %(naam)s"),
    "ingeschreven": _lazy("Ingeschreven: %(naam)s"),
    "ingedeeld": _lazy("U bent ingedeeld: %(naam)s"),
    "wachtlijst": _lazy("Wachtlijst: %(naam)s"),
    "doorgeschoven": _lazy("Er is een plaats voor u: %(naam)s"),
    "afgemeld": _lazy("Afgemeld: %(naam)s"),
    "geannuleerd": _lazy("Gaat niet door: %(naam)s"),
}


def _mail(inschrijving: Inschrijving, soort: str, *, annuleringen=(), **extra) -> None:
    """One message about an enrolment. A place carries an .ics per day (the same UID as the
    day's meeting, so later changes update it); a cancelled place carries a cancellation per
    day. The key (kind, enrolment, version) is unique in the outbox."""
    editie = inschrijving.editie
    link = inschrijflink(inschrijving)
    dagen = list(editie.dagen.select_related("bijeenkomst").exclude(bijeenkomst=None))
    bijlagen = []
    if soort in ("ingeschreven", "ingedeeld", "doorgeschoven"):
        bijlagen = [
            {
                "bestandsnaam": f"dag-{dag.volgnummer}.ics",
                "mimetype": "text/calendar; method=REQUEST",
                "inhoud": agenda.ics(dag.bijeenkomst, link=link),
            }
            for dag in dagen
            if dag.bijeenkomst.begin > timezone.now()
        ]
    bijlagen += [
        {
            "bestandsnaam": f"afgemeld-{i}.ics",
            "mimetype": "text/calendar; method=CANCEL",
            "inhoud": agenda.ics(bijeenkomst, annulering=True),
        }
        for i, bijeenkomst in enumerate(annuleringen, start=1)
    ]
    context = {
        "inschrijving": inschrijving,
        "editie": editie,
        "dagen": dagen,
        "persoon": inschrijving.persoon,
        "link": link,
        "soort": soort,
        "met_bijlagen": bool(bijlagen),
        **extra,
    }
    bericht_klaarzetten(
        aan=inschrijving.persoon.email,
        onderwerp=str(ONDERWERPEN[soort]) % {"naam": _eenregelig(editie.naam)},
        tekst=render_to_string("trainingen/mail/bericht.txt", context),
        html=render_to_string("trainingen/mail/bericht.html", context),
        bijlagen=bijlagen,
        soort=f"trainingen.{soort}",
        verlopen_na=_verlopen_na(editie, soort, dagen),
        sleutel=f"training.{soort}:{inschrijving.pk}:v{inschrijving.versie}",
    )


def _verlopen_na(editie: Editie, soort: str, dagen: list[Trainingsdag]) -> datetime | None:
    """After which moment a message of ``soort`` is pointless: the outbox then marks it missed
    (``gemist``, shown to the regisseur) instead of sending it late, e.g. after an outage.

    - uitnodiging (to sign up), wachtlijst (your place on the waiting list): sign-up and the
      waiting list close at the start of the first day (``waarom_gesloten``), so from then on.
    - ingeschreven, ingedeeld, doorgeschoven ("er is een plaats voor u"): a place is news until
      the training begins (the first day's begin); told later, the person has missed it, and
      the regisseur had better call.
    - geannuleerd (to those waiting or invited): until the planned end of the last day.
    - afgemeld: never; it confirms what the person did and cancels their calendar items.
    Reminders and changes of each day come from that day's meeting (``bijeenkomsten``).
    """
    if soort in ("uitnodiging", "wachtlijst"):
        return lokaal(editie.eerste_dag, time.min) if editie.eerste_dag else None
    if soort in ("ingeschreven", "ingedeeld", "doorgeschoven"):
        return min((dag.bijeenkomst.begin for dag in dagen), default=None)
    if soort == "geannuleerd":
        return max((dag.bijeenkomst.einde for dag in dagen), default=None)
    return None

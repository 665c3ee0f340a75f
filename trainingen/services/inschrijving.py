"""Enrolment and the waiting list: ``persoon_inschrijven`` gives a place while there is one,
else a place on the waiting list; ``inschrijving_afmelden`` frees the place and the first on the
waiting list moves up and is told by e-mail. ``personen_uitnodigen`` invites people to sign up,
``personen_indelen`` places them. Every one of them locks the edition's row, so two people
signing up or cancelling at the same moment never take more places than there are, and moves
the status through ``status._status_zetten``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bijeenkomsten.models import Antwoord, Bijeenkomst, Uitnodiging
from kern.fouten import Weigering
from netwerk.models import Persoon

from ..models import Bron, Editie, Inschrijving, InschrijvingStatus, nieuw_token
from .mail import _mail
from .status import _status_zetten

ACTIEF = (InschrijvingStatus.INGESCHREVEN, InschrijvingStatus.WACHTLIJST)


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
def persoon_inschrijven(editie: Editie, persoon: Persoon, *, bron: str = Bron.ZELF) -> Inschrijving:
    """Sign up: a place while there is one, else the waiting list (first come, first served).
    The edition's row is locked, so the count of places and the new place are one step."""
    editie = _vergrendeld(editie)
    inschrijving = Inschrijving.objects.filter(editie=editie, persoon=persoon).first()
    if inschrijving and inschrijving.status in ACTIEF:
        raise Weigering(
            _("U staat al op de wachtlijst voor deze training.")
            if inschrijving.status == InschrijvingStatus.WACHTLIJST
            else _("U bent al ingeschreven voor deze training.")
        )
    uitgenodigd = is_uitgenodigd(inschrijving)
    reden = waarom_niet_inschrijven(editie, persoon, uitgenodigd=uitgenodigd)
    if reden:
        raise Weigering(reden)
    if inschrijving is None:
        inschrijving = Inschrijving(editie=editie, persoon=persoon, bron=bron)
    if bezet(editie) < editie.capaciteit:
        _plaatsen(inschrijving)
        _mail(inschrijving, "ingeschreven")
    else:
        _status_zetten(inschrijving, InschrijvingStatus.WACHTLIJST)
        _mail(inschrijving, "wachtlijst", positie=wachtlijstpositie(inschrijving))
    return inschrijving


@transaction.atomic
def inschrijving_afmelden(inschrijving: Inschrijving) -> Inschrijving:
    """Cancel a place or a waiting place, or decline an invitation. A freed place goes to the
    first on the waiting list, who is told by e-mail."""
    editie = _vergrendeld(inschrijving.editie)
    inschrijving = Inschrijving.objects.select_related("persoon").get(pk=inschrijving.pk)
    if inschrijving.status not in (*ACTIEF, InschrijvingStatus.UITGENODIGD):
        raise Weigering(_("U bent niet (meer) ingeschreven voor deze training."))
    gesloten = waarom_gesloten(editie)
    if gesloten:
        raise Weigering(gesloten)
    had_plaats = inschrijving.status == InschrijvingStatus.INGESCHREVEN
    _status_zetten(inschrijving, InschrijvingStatus.AFGEMELD)
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
        _plaatsen(inschrijving, doorgeschoven=True)
        _mail(inschrijving, "doorgeschoven")
        doorgeschoven.append(inschrijving)
    return doorgeschoven


@transaction.atomic
def capaciteit_gewijzigd(editie: Editie) -> list[Inschrijving]:
    """After more places were made: the waiting list moves up. Fewer places never remove
    anyone who has one; the regisseur asks people to cancel."""
    return wachtlijst_doorschuiven(_vergrendeld(editie))


def _plaatsen(inschrijving: Inschrijving, *, doorgeschoven: bool = False) -> None:
    """A place: the status, then an invitation to each coming day."""
    _status_zetten(inschrijving, InschrijvingStatus.INGESCHREVEN, doorgeschoven=doorgeschoven)
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
            if inschrijving.status in ACTIEF and not waarom_gesloten(editie):
                had_plaats = inschrijving.status == InschrijvingStatus.INGESCHREVEN
                _status_zetten(inschrijving, InschrijvingStatus.AFGEMELD)  # saves the token too
                if had_plaats:
                    _dagen_intrekken(inschrijving)
                    wachtlijst_doorschuiven(editie)
                aantal += 1
            else:
                inschrijving.save(update_fields=["token"])
    return aantal


@transaction.atomic
def personen_uitnodigen(editie: Editie, personen, *, bron: str = Bron.REGISSEUR) -> int:
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
            inschrijving = Inschrijving(editie=editie, persoon=persoon)
        inschrijving.bron = bron
        _status_zetten(inschrijving, InschrijvingStatus.UITGENODIGD)
        _mail(inschrijving, "uitnodiging")
        aantal += 1
    return aantal


@transaction.atomic
def personen_indelen(editie: Editie, personen) -> list[Inschrijving]:
    """The regisseur places people (a proposed mixed group): each gets a place and a message.
    Refused as a whole when there are not enough free places."""
    editie = _vergrendeld(editie)
    gesloten = waarom_gesloten(editie)
    if gesloten:
        raise Weigering(gesloten)
    bestaand = {i.persoon_id: i for i in editie.inschrijvingen.all()}
    nieuw = [
        p
        for p in personen
        if not (p.pk in bestaand and bestaand[p.pk].status == InschrijvingStatus.INGESCHREVEN)
    ]
    vrij = editie.capaciteit - bezet(editie)
    if len(nieuw) > vrij:
        raise Weigering(
            _("Er zijn %(vrij)d vrije plaatsen; u koos %(n)d personen.")
            % {"vrij": max(vrij, 0), "n": len(nieuw)}
        )
    geplaatst = []
    for persoon in nieuw:
        reden = waarom_niet_inschrijven(editie, persoon, uitgenodigd=True)
        if reden:
            raise Weigering(f"{persoon}: {reden}")
        inschrijving = bestaand.get(persoon.pk) or Inschrijving(
            editie=editie, persoon=persoon, bron=Bron.REGISSEUR
        )
        inschrijving.bron = Bron.REGISSEUR
        _plaatsen(inschrijving)
        _mail(inschrijving, "ingedeeld")
        geplaatst.append(inschrijving)
    return geplaatst

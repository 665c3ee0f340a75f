"""The messages about an enrolment: one builder (``_mail``) for every kind, each a row in the
outbox written in the same transaction, with a unique key (kind, enrolment, version).
"""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from berichten.services import bericht_opstellen
from bijeenkomsten import agenda
from bijeenkomsten.services import lokaal

from ..models import Editie, Inschrijving, Trainingsdag


def _eenregelig(tekst: str) -> str:
    """A name as one line: it goes into e-mail subjects and calendar titles."""
    return " ".join(str(tekst).split())


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


# The messages that hold a place: they carry the coming days for the calendar.
MET_PLAATS = ("ingeschreven", "ingedeeld", "doorgeschoven")


def _mail(inschrijving: Inschrijving, soort: str, *, annuleringen=(), **extra) -> None:
    """One message about an enrolment, the one builder for every kind (``ONDERWERPEN``). A
    place carries an .ics per coming day; a cancelled place carries a cancellation per day
    (``annuleringen``, the meetings). The key (kind, enrolment, version) is unique in the
    outbox; ``versie`` grows with every step of the status (``status._status_zetten``)."""
    editie = inschrijving.editie
    link = inschrijflink(inschrijving)
    dagen = list(editie.dagen.select_related("bijeenkomst").exclude(bijeenkomst=None))
    nu = timezone.now()
    bijlagen = [
        agenda.ics_bijlage(dag.bijeenkomst, f"dag-{dag.volgnummer}.ics", link=link)
        for dag in dagen
        if soort in MET_PLAATS and dag.bijeenkomst.begin > nu
    ] + [
        agenda.ics_bijlage(bijeenkomst, f"afgemeld-{i}.ics", annulering=True)
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
    bericht_opstellen(
        aan=inschrijving.persoon.email,
        onderwerp=str(ONDERWERPEN[soort]) % {"naam": _eenregelig(editie.naam)},
        sjabloon="trainingen/mail/bericht",
        context=context,
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
    if soort in MET_PLAATS:
        return min((dag.bijeenkomst.begin for dag in dagen), default=None)
    if soort == "geannuleerd":
        return max((dag.bijeenkomst.einde for dag in dagen), default=None)
    return None

"""Adding and changing an edition, one call per save: ``editie_toevoegen`` (the admin's add page,
and ``editie_plannen`` for the plan, the demo and the tests) and ``editie_wijzigen`` (the change
page). Each locks, compares, saves, numbers the days in date order and tells whoever must know,
and returns what the page should say (``EditieWijziging.meldingen``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kern.fouten import Weigering

from ..models import Editie, EditieStatus, Inschrijving, Trainingsdag, Trainingssoort
from .inschrijving import bezet, capaciteit_gewijzigd
from .planning import (
    dag_opslaan,
    dagen_hernummeren,
    dagen_verwijderen,
    editie_gewijzigd,
    is_begonnen,
)


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
    regionale_editie=None,
) -> Editie:
    """A new edition with its days, for the plan, the demo and the tests (the admin's add page
    calls ``editie_toevoegen`` with its form's edition)."""
    editie = Editie(
        soort=soort,
        titel=titel,
        locatie=locatie,
        trainer=trainer,
        capaciteit=capaciteit,
        omschrijving=omschrijving,
        max_per_organisatie=max_per_organisatie,
        inschrijving_open=inschrijving_open,
        plan_maand=plan_maand,
        regionale_editie=regionale_editie,
    )
    return editie_toevoegen(editie=editie, dagen=Dagen(nieuw=list(dagen))).editie


# What the days' meetings copy from the edition: a change of one of these goes to every day.
EDITIE_WEZENLIJK = ("soort_id", "titel", "locatie", "omschrijving")


# What the region decides on a gemeente's copy of a regional training (trainingen.regionaal):
# the regisseur keeps the mix of the group and whether professionals can sign up themselves.
REGIONAAL_BESLIST = ("soort", "titel", "locatie", "trainer", "omschrijving", "capaciteit")


def regionaal_beslist_melding() -> str:
    return _(
        "Dit is een regionale training: soort, titel, plaats, trainer, programma, dagen en het "
        "aantal plaatsen van uw gemeente bepaalt de regiocoördinator. Vraag hem of haar om een "
        "wijziging."
    )


# What a page may change on an edition (the rest follows from the days and the status).
EDITIEVELDEN = (
    "soort", "titel", "locatie", "trainer", "omschrijving", "capaciteit", "max_per_organisatie",
    "inschrijving_open",
)  # fmt: skip


Tijden = tuple[date, time, time]  # a day's date, begin and end


@dataclass(frozen=True)
class Dagen:
    """What a page does with an edition's days: the times of each new day, the new times of
    days that change (by id), and the ids of days that go. Days not named stay as they are."""

    nieuw: list[Tijden] = field(default_factory=list)
    gewijzigd: dict[int, Tijden] = field(default_factory=dict)
    weg: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.nieuw or self.gewijzigd or self.weg)


@dataclass(frozen=True)
class EditieWijziging:
    """What adding or changing an edition did, for the page that did it."""

    editie: Editie
    nieuw: bool = False  # the edition was added
    dagen_erbij: list[Trainingsdag] = field(default_factory=list)
    doorgeschoven: list[Inschrijving] = field(default_factory=list)  # more places: moved up
    bezet: int = 0  # fewer places: how many have one (nobody loses it)

    @property
    def meldingen(self) -> list[tuple[str, str]]:
        """What the page tells the regisseur: (level, text), level ``success`` or ``warning``."""
        uit = []
        if self.nieuw and self.editie.eerste_dag is None:
            uit.append(
                (
                    "warning",
                    _(
                        "Deze editie heeft nog geen dagen. Inschrijven en uitnodigen kan pas als "
                        "de data bekend zijn: voeg de dagen toe."
                    ),
                )
            )
        if self.doorgeschoven:
            n = len(self.doorgeschoven)
            tekst = ngettext(
                "%(n)d persoon van de wachtlijst heeft een plaats gekregen en krijgt "
                "bericht: %(namen)s.",
                "%(n)d personen van de wachtlijst hebben een plaats gekregen en krijgen "
                "bericht: %(namen)s.",
                n,
            ) % {"n": n, "namen": ", ".join(str(i.persoon) for i in self.doorgeschoven)}
            uit.append(("success", tekst))
        if self.bezet > self.editie.capaciteit:
            uit.append(
                (
                    "warning",
                    _(
                        "Er zijn %(bezet)d deelnemers en nu %(capaciteit)d plaatsen. Niemand "
                        "verliest zijn plaats; vraag zo nodig iemand zich af te melden."
                    )
                    % {"bezet": self.bezet, "capaciteit": self.editie.capaciteit},
                )
            )
        return uit


@transaction.atomic
def editie_toevoegen(*, editie: Editie, dagen: Dagen | None = None, door=None) -> EditieWijziging:
    """Add an edition (``editie`` is new and carries its fields, a form's instance) with its
    days, numbered in date order; each day becomes a meeting. ``door`` is who added it (the
    admin keeps its own history; the parameter is there for a change log)."""
    if editie.pk is not None:
        raise ValueError("editie_toevoegen is voor een nieuwe editie; gebruik editie_wijzigen")
    editie.save()
    erbij = [
        Trainingsdag.objects.create(
            editie=editie, volgnummer=n, datum=datum, begintijd=begin, eindtijd=einde
        )
        for n, (datum, begin, einde) in enumerate(sorted(dagen.nieuw if dagen else []), start=1)
    ]
    for dag in erbij:
        dag_opslaan(dag)
    editie.refresh_from_db(fields=["eerste_dag", "laatste_dag"])
    return EditieWijziging(editie=editie, nieuw=True, dagen_erbij=erbij)


@transaction.atomic
def editie_wijzigen(
    *,
    editie: Editie,
    velden: dict,
    dagen: Dagen | None = None,
    door=None,
    namens_regio: bool = False,
) -> EditieWijziging:
    """Change an edition in one step: lock its row, compare, save ``velden`` (field name to new
    value, of ``EDITIEVELDEN``), add, move and remove ``dagen`` and number the days in date
    order, and tell whoever must know: a day's meeting that changed in time, place, title or
    programme sends its invitees an update (``bijeenkomsten``), a day that goes is cancelled,
    more places move the waiting list up. Returns what the page should say.

    ``editie`` is updated in place. Validation of the days (``dagen_controleren``) is the
    caller's form; a cancelled edition, a new kind for an edition people are enrolled in, and a
    change to a day that has begun are refused here with ``Weigering``, and so is a change of
    what the region decides (``REGIONAAL_BESLIST``, the days) on a gemeente's copy of a regional
    training, unless ``namens_regio`` (``trainingen.regionaal``). ``door`` is who made the
    change (the admin keeps its own history)."""
    if onbekend := set(velden) - set(EDITIEVELDEN):
        raise TypeError(f"editie_wijzigen kent de velden {sorted(onbekend)} niet")
    dagen = dagen or Dagen()
    opgeslagen = (
        Editie.objects.select_for_update()
        .filter(pk=editie.pk)
        .values(*EDITIE_WEZENLIJK, "trainer", "capaciteit", "status", "regionale_editie_id")
        .get()
    )
    if opgeslagen["status"] == EditieStatus.GEANNULEERD:
        raise Weigering(_("Deze editie is geannuleerd en blijft zoals ze was."))
    if opgeslagen["regionale_editie_id"] and not namens_regio:
        veranderd = {
            veld
            for veld, waarde in velden.items()
            if veld in REGIONAAL_BESLIST
            and opgeslagen["soort_id" if veld == "soort" else veld]
            != (waarde.pk if veld == "soort" and waarde is not None else waarde)
        }
        if veranderd or dagen:
            raise Weigering(regionaal_beslist_melding())
    for veld, waarde in velden.items():
        setattr(editie, veld, waarde)
    if editie.soort_id != opgeslagen["soort_id"] and editie.inschrijvingen.exists():
        raise Weigering(
            _("Er zijn al inschrijvingen: de soort training van deze editie ligt vast.")
        )
    if velden:
        editie.save(update_fields=list(velden))

    bestaand = {dag.pk: dag for dag in editie.dagen.select_related("bijeenkomst")}
    for pk in [*dagen.gewijzigd, *dagen.weg]:
        if pk not in bestaand:
            raise Weigering(
                _("Een dag van deze editie is intussen verwijderd. Laad de pagina opnieuw.")
            )
    hoogste = max((dag.volgnummer for dag in bestaand.values()), default=0)
    erbij = [
        # A free number for now: the renumbering below puts them in date order.
        Trainingsdag.objects.create(
            editie=editie, volgnummer=hoogste + i, datum=datum, begintijd=begin, eindtijd=einde
        )
        for i, (datum, begin, einde) in enumerate(dagen.nieuw, start=1)
    ]
    for pk, (datum, begin, einde) in dagen.gewijzigd.items():
        dag = bestaand[pk]
        if is_begonnen(dag):
            raise Weigering(
                _("Dag %(n)d is al begonnen of voorbij: die kan niet meer worden gewijzigd.")
                % {"n": dag.volgnummer}
            )
        dag.datum, dag.begintijd, dag.eindtijd = datum, begin, einde
        dag.save(update_fields=["datum", "begintijd", "eindtijd"])
    if dagen.weg:
        # Cancels their meetings, renumbers once, brings the others up to date.
        dagen_verwijderen(editie, [bestaand[pk] for pk in dagen.weg])
    elif dagen:
        # Numbers in date order, then every day's meeting through dag_opslaan: only the
        # meetings that really changed tell their participants.
        dagen_hernummeren(editie)
    elif any(opgeslagen[veld] != getattr(editie, veld) for veld in EDITIE_WEZENLIJK):
        editie_gewijzigd(editie)
    editie.refresh_from_db(fields=["eerste_dag", "laatste_dag"])
    for dag in erbij:
        dag.refresh_from_db(fields=["volgnummer"])

    doorgeschoven, bezet_ = [], 0
    if editie.capaciteit > opgeslagen["capaciteit"]:
        doorgeschoven = capaciteit_gewijzigd(editie)
    elif editie.capaciteit < opgeslagen["capaciteit"]:
        bezet_ = bezet(editie)
    return EditieWijziging(
        editie=editie, dagen_erbij=erbij, doorgeschoven=doorgeschoven, bezet=bezet_
    )

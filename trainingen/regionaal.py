"""The region's trainings (issue 18, docs/regio.md "Regionale trainingen").

The regiocoördinator offers a training (an awareness training, a terugkomdag, …) to every
gemeente of the region or a chosen set, with a number of places per gemeente. The offer itself
(``RegionaleEditie``, its days and ``RegionaalAanbod``) is not per gemeente and holds no personal
data. Each offered gemeente gets its own ordinary ``Editie`` of its own kind of training, made and
kept in step here through the trainingen services (``editie_plannen``, ``editie_wijzigen``,
``editie_annuleren``), each in that gemeente's scope. So enrolment, the waiting list (its cap is
the gemeente's places), invitations, reminders, attendance, coverage and "wie moet nog getraind
worden" are the gemeente's own and unchanged, and no gemeente ever sees another's names. The
regisseur cannot change on the copy what the region decides (``services.REGIONAAL_BESLIST``).

The coördinator sees counts per gemeente only (``stand_per_gemeente``, ``totalen``): one grouped
query over the whole region each (``alle_gemeenten``, a use named in docs/regio.md), so the pages'
cost does not grow with the number of gemeenten.

The regisseurs of a gemeente get a message when the region offers it a training, changes its
places, takes the gemeente out of the offer or cancels the training; participants hear of a
change of day, place or cancellation through the meetings as with any edition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import rollen
from berichten.services import adres_in_sleutel, bericht_klaarzetten
from bijeenkomsten.services import lokaal
from kern.fouten import Weigering
from regio.models import Gemeente
from regio.scope import alle_gemeenten, gemeente_actief

from . import services
from .models import (
    Editie,
    EditieStatus,
    Inschrijving,
    InschrijvingStatus,
    RegionaalAanbod,
    RegionaleEditie,
    RegionaleTrainingsdag,
    Trainingssoort,
)
from .startsoorten import SOORTEN

Tijden = tuple[date, time, time]

# The kinds of training the region offers, by key: the starting kinds every gemeente has. A
# kind with a role (basistraining, terugkomdag) is the gemeente's kind of that role, whatever it
# calls it, so the copy counts for its coverage; another is found by name, and made from the
# starting kind where the gemeente no longer has it.
_PER_SLEUTEL = {
    "basistraining": next(s for s in SOORTEN if s["rol"] == "basistraining"),
    "terugkomdag": next(s for s in SOORTEN if s["rol"] == "terugkomdag"),
    "bewustwording": next(s for s in SOORTEN if s["naam"] == "Bewustwordingstraining"),
    "informatie-delen": next(s for s in SOORTEN if s["naam"] == "Werkatelier informatie delen"),
}
SOORT_KEUZES = [(sleutel, gegevens["naam"]) for sleutel, gegevens in _PER_SLEUTEL.items()]

# What the region may change on an offered training (its kind is fixed once offered).
REGIOVELDEN = ("titel", "locatie", "trainer", "omschrijving")

SOORT_BERICHT = "trainingen.regionaal"


def soortnaam(sleutel: str) -> str:
    gegevens = _PER_SLEUTEL.get(sleutel)
    return gegevens["naam"] if gegevens else sleutel


def soort_in_gemeente(sleutel: str) -> Trainingssoort:
    """The active gemeente's kind of training for the region's key."""
    gegevens = _PER_SLEUTEL[sleutel]
    if gegevens["rol"]:
        soort = Trainingssoort.objects.filter(rol=gegevens["rol"]).first()
        if soort is not None:
            return soort
    soort, _nieuw = Trainingssoort.objects.get_or_create(naam=gegevens["naam"], defaults=gegevens)
    return soort


def gemeenten_te_kiezen():
    """The gemeenten a training can be offered to: the region's own, not its layer."""
    return Gemeente.objects.gemeenten().order_by("naam")


def dag_is_begonnen(dag: RegionaleTrainingsdag) -> bool:
    return lokaal(dag.datum, dag.begintijd) <= timezone.now()


def waarom_niet_annuleren(editie: RegionaleEditie) -> str | None:
    if editie.is_geannuleerd:
        return _("Deze regionale training is al geannuleerd.")
    if any(dag_is_begonnen(dag) for dag in editie.dagen.all()):
        return _(
            "Deze training is al begonnen of voorbij en kan niet meer worden geannuleerd. "
            "Gaan de dagen die nog komen niet door? Verwijder die dagen dan."
        )
    return None


# --- Offering, changing, cancelling --------------------------------------------------------------


@dataclass(frozen=True)
class RegionaleDagen:
    """What the page does with the days: new days, days whose time changes (by id), days that
    go (ids). Days not named stay as they are."""

    nieuw: list[Tijden] = field(default_factory=list)
    gewijzigd: dict[int, Tijden] = field(default_factory=dict)
    weg: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.nieuw or self.gewijzigd or self.weg)


@dataclass
class RegionaleWijziging:
    """What offering or changing did, in counts (the coördinator sees no names)."""

    editie: RegionaleEditie
    erbij: list[str] = field(default_factory=list)  # gemeenten newly offered
    eruit: list[str] = field(default_factory=list)  # gemeenten taken out of the offer
    doorgeschoven: int = 0  # moved up from a waiting list by more places
    meer_dan_plaatsen: list[str] = field(default_factory=list)  # fewer places than enrolled

    @property
    def meldingen(self) -> list[tuple[str, str]]:
        uit = []
        if self.erbij:
            uit.append(
                (
                    "success",
                    _("Aangeboden aan %(gemeenten)s; hun regisseurs krijgen bericht.")
                    % {"gemeenten": ", ".join(self.erbij)},
                )
            )
        if self.eruit:
            uit.append(
                (
                    "warning",
                    _(
                        "Niet langer aangeboden aan %(gemeenten)s: hun editie is geannuleerd en "
                        "wie zich had ingeschreven krijgt bericht."
                    )
                    % {"gemeenten": ", ".join(self.eruit)},
                )
            )
        if self.doorgeschoven:
            uit.append(
                (
                    "success",
                    _("%(n)d deelnemer(s) van een wachtlijst hebben een plaats gekregen.")
                    % {"n": self.doorgeschoven},
                )
            )
        if self.meer_dan_plaatsen:
            uit.append(
                (
                    "warning",
                    _(
                        "In %(gemeenten)s zijn meer deelnemers ingeschreven dan er nu plaatsen "
                        "zijn. Niemand verliest zijn plaats."
                    )
                    % {"gemeenten": ", ".join(self.meer_dan_plaatsen)},
                )
            )
        return uit


def _aanbod_controleren(aanbod: dict[int, int], al: set[int] = frozenset()) -> dict[int, str]:
    """The gemeenten named, by id to name; refuses an empty offer and any id that is not a
    gemeente of the region, unless it was offered before (``al``: a gemeente made inactive
    since keeps its edition until the coördinator takes it out)."""
    if not aanbod:
        raise Weigering(_("Kies minstens één gemeente."))
    namen = dict(gemeenten_te_kiezen().filter(pk__in=aanbod).values_list("pk", "naam"))
    if set(aanbod) - set(namen) - set(al):
        raise Weigering(_("Een gekozen gemeente hoort niet (meer) bij de regio."))
    if any(int(plaatsen) < 1 for plaatsen in aanbod.values()):
        raise Weigering(_("Elke gemeente krijgt minstens één plaats."))
    return namen


def _dagen_nummeren(editie: RegionaleEditie) -> None:
    dagen = list(editie.dagen.order_by("datum", "begintijd", "pk"))
    for i, dag in enumerate(dagen, start=1):
        RegionaleTrainingsdag.objects.filter(pk=dag.pk).update(volgnummer=1000 + i)
    for i, dag in enumerate(dagen, start=1):
        RegionaleTrainingsdag.objects.filter(pk=dag.pk).update(volgnummer=i)
    editie.eerste_dag = dagen[0].datum if dagen else None
    editie.laatste_dag = dagen[-1].datum if dagen else None
    editie.save(update_fields=["eerste_dag", "laatste_dag"])


def _tijden(editie: RegionaleEditie) -> list[Tijden]:
    return [(d.datum, d.begintijd, d.eindtijd) for d in editie.dagen.order_by("volgnummer")]


@transaction.atomic
def regionale_editie_aanbieden(
    *, editie: RegionaleEditie, dagen: list[Tijden], aanbod: dict[int, int], door=None
) -> RegionaleWijziging:
    """Offer a new training (``editie`` unsaved, a form's instance) on ``dagen`` to the
    gemeenten of ``aanbod`` (gemeente id to places): each gets its own edition with that many
    places, and its regisseurs a message."""
    if editie.pk is not None:
        raise ValueError("regionale_editie_aanbieden is voor een nieuwe regionale training")
    if editie.soort not in _PER_SLEUTEL:
        raise Weigering(_("Kies een soort training."))
    if not dagen:
        raise Weigering(_("Een training heeft minstens één dag."))
    namen = _aanbod_controleren(aanbod)
    editie.aangemaakt_door = door if getattr(door, "pk", None) else None
    editie.save()
    for n, (datum, begin, einde) in enumerate(sorted(dagen), start=1):
        RegionaleTrainingsdag.objects.create(
            regionale_editie=editie, volgnummer=n, datum=datum, begintijd=begin, eindtijd=einde
        )
    _dagen_nummeren(editie)
    tijden = _tijden(editie)
    for gemeente_id in sorted(aanbod, key=lambda g: namen[g]):
        RegionaalAanbod.objects.create(
            regionale_editie=editie, gemeente_id=gemeente_id, plaatsen=aanbod[gemeente_id]
        )
        _kopie_maken(editie, gemeente_id, aanbod[gemeente_id], tijden)
    return RegionaleWijziging(editie=editie, erbij=sorted(namen.values()))


def _kopie_maken(editie: RegionaleEditie, gemeente_id: int, plaatsen: int, tijden) -> None:
    with gemeente_actief(gemeente_id):
        kopie = services.editie_plannen(
            soort=soort_in_gemeente(editie.soort),
            titel=editie.titel,
            locatie=editie.locatie,
            trainer=editie.trainer,
            omschrijving=editie.omschrijving,
            capaciteit=plaatsen,
            dagen=tijden,
            regionale_editie=editie,
        )
        _regisseurs_berichten(kopie, "aangeboden", plaatsen=plaatsen)


def _kopie(editie: RegionaleEditie) -> Editie | None:
    """The active gemeente's copy in force, locked."""
    return (
        Editie.objects.select_for_update()
        .filter(regionale_editie=editie)
        .exclude(status=EditieStatus.GEANNULEERD)
        .first()
    )


@transaction.atomic
def regionale_editie_wijzigen(
    *,
    editie: RegionaleEditie,
    velden: dict,
    dagen: RegionaleDagen | None = None,
    aanbod: dict[int, int] | None = None,
    door=None,
) -> RegionaleWijziging:
    """Change an offered training in one step: its fields (``REGIOVELDEN``), its days, and the
    gemeenten and their places (``aanbod``; None: unchanged). Every copy follows through
    ``services.editie_wijzigen`` (participants get the updated days, more places move a waiting
    list up, fewer places take nobody's place); a gemeente taken out of the offer has its copy
    cancelled (``services.editie_annuleren``); a gemeente added gets its copy. Refused when the
    training is cancelled or a day that has begun would change."""
    if onbekend := set(velden) - set(REGIOVELDEN):
        raise TypeError(f"regionale_editie_wijzigen kent de velden {sorted(onbekend)} niet")
    dagen = dagen or RegionaleDagen()
    opgeslagen = RegionaleEditie.objects.select_for_update().get(pk=editie.pk)
    if opgeslagen.is_geannuleerd:
        raise Weigering(_("Deze regionale training is geannuleerd en blijft zoals ze was."))
    bestaand = {dag.pk: dag for dag in editie.dagen.all()}
    for pk in [*dagen.gewijzigd, *dagen.weg]:
        if pk not in bestaand:
            raise Weigering(
                _("Een dag van deze training is intussen verwijderd. Laad de pagina opnieuw.")
            )
        if dag_is_begonnen(bestaand[pk]):
            raise Weigering(
                _("Dag %(n)d is al begonnen of voorbij: die kan niet meer worden gewijzigd.")
                % {"n": bestaand[pk].volgnummer}
            )
    if len(bestaand) - len(dagen.weg) + len(dagen.nieuw) < 1:
        raise Weigering(
            _(
                "Een training houdt minstens één dag. Gaat ze niet door? Annuleer dan de "
                "regionale training."
            )
        )
    oud_aanbod = {a.gemeente_id: a for a in editie.aanbod.all()}
    aanbod = {g: a.plaatsen for g, a in oud_aanbod.items()} if aanbod is None else dict(aanbod)
    namen = _aanbod_controleren(aanbod, al=set(oud_aanbod))
    with alle_gemeenten():
        namen |= dict(Gemeente.objects.filter(pk__in=oud_aanbod).values_list("pk", "naam"))

    # The region's own record first; the copies' days are found by their number before it.
    volgnummer = {pk: dag.volgnummer for pk, dag in bestaand.items()}
    for veld, waarde in velden.items():
        setattr(editie, veld, waarde)
    if velden:
        editie.save(update_fields=list(velden))
    for pk, (datum, begin, einde) in dagen.gewijzigd.items():
        RegionaleTrainingsdag.objects.filter(pk=pk).update(
            datum=datum, begintijd=begin, eindtijd=einde
        )
    RegionaleTrainingsdag.objects.filter(pk__in=dagen.weg).delete()
    hoogste = max(volgnummer.values(), default=0)
    for i, (datum, begin, einde) in enumerate(dagen.nieuw, start=1):
        RegionaleTrainingsdag.objects.create(
            regionale_editie=editie,
            volgnummer=hoogste + i,
            datum=datum,
            begintijd=begin,
            eindtijd=einde,
        )
    if dagen:
        _dagen_nummeren(editie)

    uitkomst = RegionaleWijziging(editie=editie)
    veranderd = {v: w for v, w in velden.items() if getattr(opgeslagen, v) != w}
    for gemeente_id in sorted(aanbod, key=lambda g: namen[g]):
        plaatsen = aanbod[gemeente_id]
        if gemeente_id not in oud_aanbod:
            if any(dag_is_begonnen(d) for d in editie.dagen.all()):
                raise Weigering(_("De training is al begonnen: er kan geen gemeente meer bij."))
            RegionaalAanbod.objects.create(
                regionale_editie=editie, gemeente_id=gemeente_id, plaatsen=plaatsen
            )
            _kopie_maken(editie, gemeente_id, plaatsen, _tijden(editie))
            uitkomst.erbij.append(namen[gemeente_id])
            continue
        oud = oud_aanbod[gemeente_id].plaatsen
        if plaatsen != oud:
            RegionaalAanbod.objects.filter(pk=oud_aanbod[gemeente_id].pk).update(plaatsen=plaatsen)
        if not (veranderd or dagen or plaatsen != oud):
            continue
        with gemeente_actief(gemeente_id):
            kopie = _kopie(editie)
            if kopie is None:
                continue
            nummers = {d.volgnummer: d.pk for d in kopie.dagen.all()}
            wijziging = services.editie_wijzigen(
                editie=kopie,
                velden={**veranderd, "capaciteit": plaatsen},
                dagen=services.Dagen(
                    nieuw=list(dagen.nieuw),
                    gewijzigd={nummers[volgnummer[pk]]: t for pk, t in dagen.gewijzigd.items()},
                    weg=[nummers[volgnummer[pk]] for pk in dagen.weg],
                ),
                door=door,
                namens_regio=True,
            )
            uitkomst.doorgeschoven += len(wijziging.doorgeschoven)
            if wijziging.bezet > plaatsen:
                uitkomst.meer_dan_plaatsen.append(namen[gemeente_id])
            if plaatsen != oud:
                _regisseurs_berichten(kopie, "plaatsen", plaatsen=plaatsen, oud=oud)
    for gemeente_id in sorted(set(oud_aanbod) - set(aanbod), key=lambda g: namen[g]):
        with gemeente_actief(gemeente_id):
            kopie = _kopie(editie)
            if kopie is not None:
                services.editie_annuleren(
                    kopie,
                    _("De regio biedt deze training niet langer aan in uw gemeente."),
                    namens_regio=True,
                )
                _regisseurs_berichten(kopie, "teruggetrokken")
        oud_aanbod[gemeente_id].delete()
        uitkomst.eruit.append(namen[gemeente_id])
    return uitkomst


@transaction.atomic
def regionale_editie_annuleren(editie: RegionaleEditie, reden: str = "", door=None) -> int:
    """Cancel the training everywhere: each gemeente's copy is cancelled as an edition is
    (participants get a cancellation for their calendar, those waiting a message) and its
    regisseurs are told. Returns the number of gemeenten whose copy was cancelled."""
    editie = RegionaleEditie.objects.select_for_update().get(pk=editie.pk)
    if editie.is_geannuleerd:
        return 0
    bezwaar = waarom_niet_annuleren(editie)
    if bezwaar:
        raise Weigering(bezwaar)
    editie.status = EditieStatus.GEANNULEERD
    editie.save(update_fields=["status"])
    aantal = 0
    for gemeente_id in editie.aanbod.values_list("gemeente_id", flat=True):
        with gemeente_actief(gemeente_id):
            kopie = _kopie(editie)
            if kopie is None:
                continue
            services.editie_annuleren(kopie, reden, namens_regio=True)
            _regisseurs_berichten(kopie, "geannuleerd", reden=reden)
            aantal += 1
    return aantal


# --- Messages to the gemeente's regisseurs -------------------------------------------------------

_ONDERWERPEN = {
    "aangeboden": _lazy("De regio biedt een training aan: %(naam)s"),
    "plaatsen": _lazy("Ander aantal plaatsen: %(naam)s"),
    "teruggetrokken": _lazy("Niet langer aangeboden: %(naam)s"),
    "geannuleerd": _lazy("Gaat niet door: %(naam)s"),
}


def _regisseurs_berichten(kopie: Editie, soort: str, **context) -> None:
    """One message to each regisseur of the active gemeente about its copy (in its scope, so
    the outbox rows are the gemeente's own)."""
    link = settings.SITE_URL + reverse("admin:trainingen_editie_change", args=[kopie.pk])
    tekst = render_to_string(
        "trainingen/mail/regionaal.txt",
        {"soort": soort, "editie": kopie, "dagen": list(kopie.dagen.all()), "link": link,
         **context},
    )  # fmt: skip
    onderwerp = str(_ONDERWERPEN[soort]) % {"naam": " ".join(kopie.naam.split())}
    for email in rollen.regisseurs().values_list("email", flat=True):
        bericht_klaarzetten(
            aan=email,
            onderwerp=onderwerp,
            tekst=tekst,
            soort=SOORT_BERICHT,
            # Once per copy for an offer, a withdrawal, a cancellation; a change of places can
            # come again and again (2 → 3 → 2 → 3), each told (the request's one transaction
            # writes it once).
            sleutel=None
            if soort == "plaatsen"
            else f"regionaal:{soort}:{kopie.pk}:{adres_in_sleutel(email)}",
        )


# --- What the coördinator sees: counts only, one grouped query each ------------------------------


@dataclass(frozen=True)
class Stand:
    gemeente: str
    plaatsen: int
    ingeschreven: int
    wachtlijst: int
    voltooid: int
    geannuleerd: bool = False

    @property
    def vrij(self) -> int:
        return max(self.plaatsen - self.ingeschreven, 0)


def _tellingen():
    return {
        "ingeschreven": Count("pk", filter=Q(status=InschrijvingStatus.INGESCHREVEN)),
        "wachtlijst": Count("pk", filter=Q(status=InschrijvingStatus.WACHTLIJST)),
        "voltooid": Count("pk", filter=Q(voltooid_op__isnull=False)),
    }


def stand_per_gemeente(editie: RegionaleEditie) -> list[Stand]:
    """Per offered gemeente: its places and how many of its people are enrolled, waiting and
    done. Two queries, whatever the number of gemeenten."""
    aanbod = list(editie.aanbod.select_related("gemeente").order_by("gemeente__naam"))
    with alle_gemeenten():
        tellingen = {
            rij["gemeente_id"]: rij
            for rij in Inschrijving.objects.filter(
                editie__regionale_editie=editie, editie__status=EditieStatus.GEPLAND
            )
            .values("gemeente_id")
            .annotate(**_tellingen())
            .order_by()
        }
    leeg = {"ingeschreven": 0, "wachtlijst": 0, "voltooid": 0}
    return [
        Stand(
            gemeente=a.gemeente.naam,
            plaatsen=a.plaatsen,
            geannuleerd=editie.is_geannuleerd,
            **{k: tellingen.get(a.gemeente_id, leeg)[k] for k in leeg},
        )
        for a in aanbod
    ]


def met_totalen(edities):
    """The list's trainings with their number of gemeenten and places (annotated) and their
    enrolled count (``ingeschreven``), one grouped query for the page."""
    edities = list(edities)
    with alle_gemeenten():
        ingeschreven = dict(
            Inschrijving.objects.filter(
                editie__regionale_editie__in=[e.pk for e in edities],
                editie__status=EditieStatus.GEPLAND,
                status=InschrijvingStatus.INGESCHREVEN,
            )
            .values("editie__regionale_editie")
            .annotate(n=Count("pk"))
            .values_list("editie__regionale_editie", "n")
            .order_by()
        )
    for e in edities:
        e.ingeschreven = ingeschreven.get(e.pk, 0)
    return edities


def lijst(*, zoek: str = "", wanneer: str = ""):
    """The region's trainings for the list, newest first, with their gemeenten and places."""
    qs = RegionaleEditie.objects.annotate(
        n_gemeenten=Count("aanbod"), n_plaatsen=Sum("aanbod__plaatsen")
    )
    if zoek:
        qs = qs.filter(
            Q(titel__icontains=zoek) | Q(locatie__icontains=zoek) | Q(trainer__icontains=zoek)
        )
    vandaag = timezone.localdate()
    if wanneer == "komend":
        qs = qs.filter(laatste_dag__gte=vandaag).exclude(status=EditieStatus.GEANNULEERD)
    elif wanneer == "voorbij":
        qs = qs.filter(laatste_dag__lt=vandaag)
    elif wanneer == "geannuleerd":
        qs = qs.filter(status=EditieStatus.GEANNULEERD)
    return qs.order_by("-eerste_dag", "-pk")

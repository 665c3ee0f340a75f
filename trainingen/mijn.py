"""What a professional sees of trainings on the site: the offer, one edition with their own place
in it, and "Mijn trainingen" (followed, planned, invitations, due). Reads only; every change goes
through ``trainingen.services``.

Which editions a person sees: planned editions that have not started, open to sign-up, and the
closed ones (a terugkomdag, a group the regisseur puts together) in which the person has a row
(invited, or once enrolled). An edition page is also shown for any edition the person has a row
in, started or cancelled, so "Mijn trainingen" can link to it; that page says why nothing can be
done any more. Nobody sees who else is enrolled: only numbers.

Every function here reads a fixed number of queries, whatever the number of editions or
enrolments, so the pages that use them are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from netwerk.models import Persoon

from . import geldigheid, services
from .geldigheid import Geldigheid, Stand
from .models import (
    Editie,
    EditieStatus,
    Inschrijving,
    InschrijvingStatus,
    Rol,
    Trainingsdag,
    Trainingssoort,
)

S = InschrijvingStatus


# --- Which editions, with their places ----------------------------------------------------------


def _heeft_rij(persoon: Persoon, **filters) -> Exists:
    return Exists(Inschrijving.objects.filter(editie=OuterRef("pk"), persoon=persoon, **filters))


def zichtbare_edities(persoon: Persoon | None, vandaag: date):
    """Coming planned editions this person may see: the open ones, and closed ones they have a
    row in."""
    qs = Editie.objects.filter(status=EditieStatus.GEPLAND, eerste_dag__gt=vandaag)
    if persoon is None:
        return qs.filter(inschrijving_open=True)
    return qs.filter(Q(inschrijving_open=True) | _heeft_rij(persoon))


def met_plaatsen(qs):
    """Each edition with ``bezet`` (places taken), ``vrij`` (free) and ``wachtend`` (on the
    waiting list), its kind and its days: two queries for any number of editions."""
    return (
        qs.select_related("soort")
        .prefetch_related(Prefetch("dagen", queryset=Trainingsdag.objects.order_by("volgnummer")))
        .annotate(
            bezet=Count("inschrijvingen", filter=Q(inschrijvingen__status=S.INGESCHREVEN)),
            wachtend=Count("inschrijvingen", filter=Q(inschrijvingen__status=S.WACHTLIJST)),
        )
        # Never below 0, also when places were cut after people signed up.
        .annotate(
            vrij=Greatest(F("capaciteit") - F("bezet"), Value(0), output_field=IntegerField())
        )
    )


def soorten_in_aanbod(persoon: Persoon | None, vandaag: date):
    """The kinds that have an edition in this person's offer (for the filter)."""
    return Trainingssoort.objects.filter(
        pk__in=zichtbare_edities(persoon, vandaag).values("soort_id")
    ).order_by("naam")


def aanbod(
    persoon: Persoon | None,
    *,
    vandaag: date,
    zoek: str = "",
    soort: Trainingssoort | None = None,
):
    """The coming editions this person may see, soonest first, searchable on the kind's name,
    the edition's title and the place."""
    qs = zichtbare_edities(persoon, vandaag)
    zoek = zoek.strip()
    if zoek:
        qs = qs.filter(
            Q(soort__naam__icontains=zoek) | Q(titel__icontains=zoek) | Q(locatie__icontains=zoek)
        )
    if soort is not None:
        qs = qs.filter(soort=soort)
    return met_plaatsen(qs).order_by("eerste_dag", "pk")


def editie_voor(persoon: Persoon | None, pk: int, vandaag: date) -> Editie:
    """One edition for its page: one of the person's offer, or one they have a row in. Raises
    ``Editie.DoesNotExist`` otherwise (the page answers 404: no hint that it exists)."""
    zichtbaar = Q(status=EditieStatus.GEPLAND, eerste_dag__gt=vandaag, inschrijving_open=True)
    if persoon is not None:
        zichtbaar |= _heeft_rij(persoon)
    return met_plaatsen(Editie.objects.filter(zichtbaar)).get(pk=pk)


def inschrijving_bij_token(token: str) -> Inschrijving | None:
    """The enrolment of a personal link, with its edition's places and its waiting-list place;
    None for an unknown or overlong token."""
    if not token or len(token) > 64:
        return None
    inschrijving = (
        services.met_wachtlijstplaats(Inschrijving.objects.filter(token=token))
        .select_related("persoon")
        .first()
    )
    if inschrijving is not None:
        inschrijving.editie = met_plaatsen(Editie.objects.all()).get(pk=inschrijving.editie_id)
        laatste = inschrijving.editie.laatste_dag
        if laatste is not None and laatste < timezone.localdate():
            return None  # links stop working after the event; Mijn trainingen keeps the record
    return inschrijving


# --- Own place ----------------------------------------------------------------------------------


def eigen_inschrijvingen(persoon: Persoon | None, edities: list[Editie]) -> None:
    """Put on each edition the person's own row as ``mijn`` (with its ``wachtlijstplaats``), or
    None. One query for the whole list."""
    for editie in edities:
        editie.mijn = None
    if persoon is None or not edities:
        return
    rijen = services.met_wachtlijstplaats(
        Inschrijving.objects.filter(persoon=persoon, editie_id__in=[e.pk for e in edities])
    )
    per_editie = {rij.editie_id: rij for rij in rijen}
    for editie in edities:
        editie.mijn = per_editie.get(editie.pk)


def eigen_inschrijving(persoon: Persoon | None, editie: Editie) -> Inschrijving | None:
    if persoon is None:
        return None
    return services.met_wachtlijstplaats(
        Inschrijving.objects.filter(persoon=persoon, editie=editie)
    ).first()


@dataclass
class Keuzes:
    """What the person can do on an edition's page, and why not."""

    gesloten: str | None = None  # nobody can sign up or cancel any more
    inschrijven: bool = False
    vol: bool = False  # signing up means the waiting list
    afmelden: bool = False
    waarom_niet: str | None = None  # why this person cannot sign up


def keuzes(editie: Editie, inschrijving: Inschrijving | None, persoon: Persoon | None) -> Keuzes:
    """The buttons for an edition from ``met_plaatsen``: the same rules as the services, which
    decide again when the button is pressed."""
    gesloten = services.waarom_gesloten(editie)
    if gesloten:
        return Keuzes(gesloten=gesloten)
    if persoon is None:
        return Keuzes()
    status = inschrijving.status if inschrijving else None
    if status in services.ACTIEF:
        return Keuzes(afmelden=True)
    waarom_niet = services.waarom_niet_inschrijven(
        editie, persoon, uitgenodigd=services.is_uitgenodigd(inschrijving)
    )
    return Keuzes(
        inschrijven=waarom_niet is None,
        vol=editie.vrij == 0,
        # An invitation can be declined (and still accepted later).
        afmelden=status == S.UITGENODIGD,
        waarom_niet=waarom_niet,
    )


# --- Mijn trainingen ----------------------------------------------------------------------------


@dataclass
class Gevolgd:
    inschrijving: Inschrijving
    geldigheid: Geldigheid  # the kind's standing today (a later renewal counts)
    verlengt: Trainingssoort | None = None  # the kind this one renews (terugkomdag: basis)

    @property
    def editie(self) -> Editie:
        return self.inschrijving.editie


@dataclass
class Nodig:
    soort: Trainingssoort
    geldigheid: Geldigheid
    ingepland: Inschrijving | None = None  # already in (or waiting for) a coming edition
    editie: Editie | None = None  # else the first coming edition to sign up for


@dataclass
class MijnTrainingen:
    gevolgd: list[Gevolgd] = field(default_factory=list)
    gepland: list[Inschrijving] = field(default_factory=list)
    uitnodigingen: list[Inschrijving] = field(default_factory=list)
    nodig: list[Nodig] = field(default_factory=list)
    is_aandachtsfunctionaris: bool = False

    @property
    def leeg(self) -> bool:
        return not (self.gevolgd or self.gepland or self.uitnodigingen or self.nodig)


def _is_komend(editie: Editie, vandaag: date) -> bool:
    """Planned and not over (a training of several days that has begun is still coming)."""
    return editie.status == EditieStatus.GEPLAND and (
        editie.laatste_dag is None or editie.laatste_dag >= vandaag
    )


def mijn_trainingen(persoon: Persoon, vandaag: date) -> MijnTrainingen:
    """The person's trainings: followed (with how long each stays valid), planned (with the
    place on the waiting list), open invitations, and what is due: the basic training for an
    active aandachtsfunctionaris who has not followed it or whose refresher is (nearly) due,
    and any other followed kind whose validity lapsed or lapses within
    ``geldigheid.BINNENKORT_DAGEN``; each with a coming edition to sign up for, if there is
    one. Five queries at most, whatever the history."""
    rijen = list(
        services.met_wachtlijstplaats(Inschrijving.objects.filter(persoon=persoon))
        .select_related("editie__soort")
        .prefetch_related(
            Prefetch("editie__dagen", queryset=Trainingsdag.objects.order_by("volgnummer"))
        )
        .order_by("editie__eerste_dag", "editie_id")
    )
    soorten = {s.pk: s for s in Trainingssoort.objects.all()}
    verlengd_door: dict[int, set[int]] = {pk: {pk} for pk in soorten}
    for s in soorten.values():
        if s.verlengt_id in verlengd_door:
            verlengd_door[s.verlengt_id].add(s.pk)
    laatste = geldigheid.laatste_voltooiingen([persoon.pk]).get(persoon.pk, {})
    standen = {
        pk: geldigheid.geldigheid_bepalen(s, laatste, verlengd_door[pk], vandaag)
        for pk, s in soorten.items()
    }

    uitkomst = MijnTrainingen()
    for rij in sorted(
        (r for r in rijen if r.voltooid_op), key=lambda r: (r.voltooid_op, r.pk), reverse=True
    ):
        soort = rij.editie.soort
        uitkomst.gevolgd.append(Gevolgd(rij, standen[soort.pk], soorten.get(soort.verlengt_id)))
    for rij in rijen:
        if rij.voltooid_op:
            continue  # followed (also on the last day itself)
        if rij.status in services.ACTIEF and _is_komend(rij.editie, vandaag):
            uitkomst.gepland.append(rij)
        elif (
            rij.status == S.UITGENODIGD
            and rij.editie.status == EditieStatus.GEPLAND
            and rij.editie.eerste_dag
            and rij.editie.eerste_dag > vandaag
        ):
            uitkomst.uitnodigingen.append(rij)

    # --- what is due
    uitkomst.is_aandachtsfunctionaris = persoon.aandachtsfunctionarisrollen.filter(
        actief=True, organisatie__actief=True
    ).exists()
    nodig: list[Nodig] = []
    basis = next((s for s in soorten.values() if s.rol == Rol.BASISTRAINING), None)
    if (
        basis is not None
        and uitkomst.is_aandachtsfunctionaris
        and standen[basis.pk].stand != Stand.GELDIG
    ):
        nodig.append(Nodig(basis, standen[basis.pk]))
    for soort_id in sorted(laatste, key=lambda pk: soorten[pk].naam):
        soort = soorten[soort_id]
        if soort == basis:
            continue
        if standen[soort_id].stand in (Stand.VERLOPEN, Stand.BINNENKORT):
            nodig.append(Nodig(soort, standen[soort_id]))
    if nodig:
        _aanvullen(nodig, uitkomst.gepland, verlengd_door, persoon, vandaag)
    uitkomst.nodig = nodig
    return uitkomst


def _tellend(item: Nodig, verlengd_door: dict[int, set[int]]) -> set[int]:
    """The kinds that would settle a due item. Never followed: the kind itself (a refresher day
    is no substitute for the training); a refresher: the kind or one that renews it."""
    if item.geldigheid.stand == Stand.GEEN:
        return {item.soort.pk}
    return verlengd_door[item.soort.pk]


def _aanvullen(nodig, gepland, verlengd_door, persoon, vandaag) -> None:
    """Per due item: the coming enrolment that settles it, and unless that is a place, the first
    other coming edition the person can sign up for (open, or invited to). One query."""
    for item in nodig:
        tellend = _tellend(item, verlengd_door)
        kandidaten = [r for r in gepland if r.editie.soort_id in tellend]
        # A place before a waiting place.
        kandidaten.sort(key=lambda r: r.status != S.INGESCHREVEN)
        item.ingepland = kandidaten[0] if kandidaten else None
    # Only waiting (or nothing yet): another edition may have a place.
    open_items = [
        item for item in nodig if item.ingepland is None or item.ingepland.status == S.WACHTLIJST
    ]
    if not open_items:
        return
    soort_ids = set().union(*(_tellend(item, verlengd_door) for item in open_items))
    edities = list(
        Editie.objects.filter(
            status=EditieStatus.GEPLAND, eerste_dag__gt=vandaag, soort_id__in=soort_ids
        )
        .filter(Q(inschrijving_open=True) | _heeft_rij(persoon, status=S.UITGENODIGD))
        .exclude(_heeft_rij(persoon, status__in=services.ACTIEF))
        .select_related("soort")
        .order_by("eerste_dag", "pk")
    )
    for item in open_items:
        # A refresher: a kind that renews it (the terugkomdag) before the whole training again.
        voorkeur = _tellend(item, verlengd_door) - {item.soort.pk} or {item.soort.pk}
        item.editie = next(
            (e for e in edities if e.soort_id in voorkeur),
            next((e for e in edities if e.soort_id == item.soort.pk), None),
        )

"""Operations on the registry: views, admin actions, the import, tasks and tests call these."""

from __future__ import annotations

import json
import logging
import re
from datetime import date

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rollen
from accounts import services as account_services
from berichten.services import adres_vergeten
from regio.scope import huidige_gemeente_id

from . import convenanten, events
from .models import (
    Aandachtsfunctionaris,
    Contactmoment,
    Lidmaatschap,
    Netwerk,
    Organisatie,
    Persoon,
    Sleutelpersoon,
    Werkgroeplid,
)

logger = logging.getLogger(__name__)

GEANONIMISEERD = "Geanonimiseerd"


# --- Organisations ---------------------------------------------------------------------------


@transaction.atomic
def organisatie_opslaan(*, organisatie: Organisatie, partneraccounts=None) -> Organisatie:
    """Add or change an organisation (its page in /beheer/), with its partner accounts when
    given (exactly these: ``convenanten.partners_instellen``). After the commit
    ``events.organisatie_gewijzigd`` tells the apps built on netwerk: an organisation made
    inactive, or marked as the gemeente, keeps nothing shared (signalen)."""
    organisatie.save()
    if partneraccounts is not None:
        convenanten.partners_instellen(organisatie=organisatie, users=list(partneraccounts))
    events.organisatie_gewijzigd.sturen(organisatie_id=organisatie.pk)
    return organisatie


# --- Removal on request ----------------------------------------------------------------------


def persoon_anonimiseren(*, persoon: Persoon, door) -> Persoon:
    """Removal on request: strip the personal data, keep roles, memberships and history.

    Wiped: name, e-mail, phone and remarks; of a key person the achterban, formal role, who
    introduced them, their communities and wijken (communities say something about origin or
    religion); the function in each aandachtsfunctionaris role, the role in each werkgroep and
    the notes of contact moments. An account is anonymised too (it keeps its row, so history
    that points at it stays intact, but can never log in again). The admin's history (Django's
    LogEntry) names the person in its descriptions, also under earlier names: those are
    rewritten as well. What stays: that there was a person #id with these roles, memberships,
    werkgroepen and contact moments, and when.
    """
    with transaction.atomic():
        persoon = Persoon.objects.select_for_update().get(pk=persoon.pk)
        if persoon.geanonimiseerd_op:
            return persoon
        account = persoon.account
        namen = [persoon.volledige_naam, persoon.email]
        if account is not None:
            namen += [account.get_full_name(), account.email]
        persoon.voornaam = GEANONIMISEERD
        persoon.tussenvoegsel = ""
        persoon.achternaam = f"#{persoon.pk}"
        persoon.email = ""
        persoon.telefoon = ""
        persoon.opmerkingen = ""
        persoon.account = None
        persoon.geanonimiseerd_op = timezone.now()
        persoon.save()
        for sleutelpersoon in Sleutelpersoon.objects.filter(persoon=persoon):
            sleutelpersoon.achterban = ""
            sleutelpersoon.formele_rol = ""
            sleutelpersoon.geintroduceerd_door = None
            sleutelpersoon.save()
            sleutelpersoon.gemeenschappen.clear()
            sleutelpersoon.wijken.clear()
        Aandachtsfunctionaris.objects.filter(persoon=persoon).update(functie="")
        Werkgroeplid.objects.filter(persoon=persoon).update(rol="")
        Contactmoment.objects.filter(persoon=persoon).update(notitie="")
        if account is not None:
            account_services.account_anonimiseren(user=account, door=door)
        _logboek_schonen(persoon, account, namen)
        # Nothing more goes to the erased address; the outbox forgets it.
        adres_vergeten(*(n for n in namen if "@" in n))
        # The apps built on netwerk: invitation links stop working in this same commit; after
        # it, enrolment links and places in coming trainings go (docs/architecture.md).
        events.persoon_wordt_geanonimiseerd.sturen(persoon_id=persoon.pk)
        events.persoon_geanonimiseerd.sturen(persoon_id=persoon.pk)
        logger.info("persoon geanonimiseerd: id=%s door=%s", persoon.pk, door.pk)
    return persoon


def _eigen_objecten(persoon: Persoon, account) -> dict:
    """(content type id, object id) -> the object, for the person and everything that is
    theirs (their str names them)."""
    objecten = [
        persoon,
        *persoon.aandachtsfunctionarisrollen.select_related("organisatie"),
        *Sleutelpersoon.objects.filter(persoon=persoon),
        *persoon.lidmaatschappen.select_related("netwerk"),
        *persoon.werkgroeplidmaatschappen.select_related("werkgroep"),
        *persoon.contactmomenten.all(),
    ]
    if account is not None:
        objecten.append(account)
    return {(ContentType.objects.get_for_model(o).pk, str(o.pk)): o for o in objecten}


def _logboek_schonen(persoon: Persoon, account, namen: list[str]) -> None:
    """Rewrite the admin history so that it no longer names the person.

    Entries about the person's own objects get the object's anonymised name; entries about
    other objects (a network or werkgroep whose members were edited inline) keep their own name
    and only lose the person's name, matched as whole words, in their change message.
    """
    eigen = _eigen_objecten(persoon, account)
    over_eigen = Q()
    for ct, pk in eigen:
        over_eigen |= Q(content_type_id=ct, object_id=pk)
    eigen_entries = list(LogEntry.objects.filter(over_eigen)) if eigen else []
    # Earlier names of the person, as the history recorded them.
    persoon_ct = ContentType.objects.get_for_model(Persoon).pk
    namen = [
        *namen,
        *(e.object_repr for e in eigen_entries if e.content_type_id == persoon_ct),
    ]
    namen = sorted({n.strip() for n in namen if len(n.strip()) >= 3}, key=len, reverse=True)
    patronen = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in namen]
    vervanging = str(persoon)

    noemt = Q()
    for naam in namen:
        # Change messages are JSON: a name with accents is stored escaped ("\u00f6").
        noemt |= Q(change_message__icontains=naam)
        noemt |= Q(change_message__icontains=json.dumps(naam)[1:-1])
    # Only this gemeente's history (its entries are made by its own accounts): a namesake, or
    # the same person registered in another gemeente of the region, is that gemeente's.
    andere = LogEntry.objects.filter(noemt, user__gemeente_id=huidige_gemeente_id()).exclude(
        pk__in=[e.pk for e in eigen_entries]
    )
    for entry in [*eigen_entries, *andere]:
        obj = eigen.get((entry.content_type_id, entry.object_id))
        if obj is not None:
            entry.object_repr = str(obj)[:200]
        entry.change_message = _vervang_in_bericht(entry.change_message, patronen, vervanging)
        entry.save(update_fields=["object_repr", "change_message"])


def _vervang(tekst: str, patronen, nieuw: str) -> str:
    for patroon in patronen:
        tekst = patroon.sub(nieuw, tekst)
    return tekst


def _vervang_in_bericht(bericht: str, patronen, nieuw: str) -> str:
    try:
        inhoud = json.loads(bericht)
    except ValueError:
        return _vervang(bericht, patronen, nieuw)

    def schoon(waarde):
        if isinstance(waarde, str):
            return _vervang(waarde, patronen, nieuw)
        if isinstance(waarde, list):
            return [schoon(w) for w in waarde]
        if isinstance(waarde, dict):
            return {k: schoon(w) for k, w in waarde.items()}
        return waarde

    return json.dumps(schoon(inhoud))


# --- Accounts --------------------------------------------------------------------------------


def persoon_account_geven(*, persoon: Persoon, rol: str, door):
    """Create an account for this person with the given role and send the password mail."""
    if persoon.geanonimiseerd_op:
        raise ValidationError(_("Een geanonimiseerde persoon kan geen account krijgen."))
    if persoon.account_id:
        raise ValidationError(_("Deze persoon heeft al een account."))
    if not persoon.email:
        raise ValidationError(_("Vul eerst een e-mailadres in voor deze persoon."))
    if rol not in (rollen.PROFESSIONAL, rollen.PARTNER):
        raise ValidationError(
            _("Vanuit het register geeft u alleen de rol Professional of Partner.")
        )
    with transaction.atomic():
        account = account_services.account_aanmaken(
            email=persoon.email,
            voornaam=persoon.voornaam,
            achternaam=" ".join(d for d in (persoon.tussenvoegsel, persoon.achternaam) if d),
            rol=rol,
            door=door,
        )
        persoon.account = account
        persoon.save(update_fields=["account", "gewijzigd_op"])
    return account


# --- Keeping the network warm ----------------------------------------------------------------


def contactmoment_vastleggen(
    *, persoon: Persoon, datum: date, soort: str, notitie: str = "", door=None
) -> Contactmoment:
    moment = Contactmoment(persoon=persoon, datum=datum, soort=soort, notitie=notitie, door=door)
    moment.full_clean()
    moment.save()
    return moment


def contactmomenten_vastleggen(
    *, personen, datum: date, soort: str, notitie: str = "", door=None
) -> int:
    """One contact moment for each of these persons (e.g. everyone spoken at a meeting)."""
    with transaction.atomic():
        momenten = []
        for persoon in personen:
            moment = Contactmoment(
                persoon=persoon, datum=datum, soort=soort, notitie=notitie, door=door
            )
            moment.full_clean()
            momenten.append(moment)
        Contactmoment.objects.bulk_create(momenten)
    return len(momenten)


# --- Networks --------------------------------------------------------------------------------


def lidmaatschappen_toevoegen(*, personen, netwerk: Netwerk, sinds: date | None = None) -> int:
    """Make these persons (active) members of the network; returns how many changed."""
    gewijzigd = 0
    with transaction.atomic():
        for persoon in personen:
            if persoon.geanonimiseerd_op:
                continue
            lid, nieuw = Lidmaatschap.objects.get_or_create(
                netwerk=netwerk, persoon=persoon, defaults={"sinds": sinds}
            )
            if nieuw:
                gewijzigd += 1
            elif not lid.actief or lid.tot:
                lid.actief, lid.tot = True, None
                lid.save(update_fields=["actief", "tot", "gewijzigd_op"])
                gewijzigd += 1
    return gewijzigd


def lidmaatschappen_beeindigen(*, lidmaatschappen, per: date | None = None) -> int:
    """End these memberships (today, or ``per``); the row stays as history."""
    per = per or timezone.localdate()
    aantal = 0
    with transaction.atomic():
        for lid in lidmaatschappen.select_for_update().filter(actief=True):
            lid.actief = False
            lid.tot = max(per, lid.sinds) if lid.sinds else per
            lid.save(update_fields=["actief", "tot", "gewijzigd_op"])
            aantal += 1
    return aantal


# --- Exports: never the formal and the informal network in one file --------------------------

EXPORT_SOORTEN = ("af", "sleutelpersoon", "geen")


def export_soort(rol: str | None) -> str:
    """The kind of a persons export: aandachtsfunctionarissen, sleutelpersonen or persons
    without a role. Anything else is refused with a Dutch message."""
    if rol not in EXPORT_SOORTEN:
        raise ValidationError(
            _(
                "Sleutelpersonen (informeel netwerk) en aandachtsfunctionarissen (formeel "
                "netwerk) worden nooit samen geëxporteerd. Filter de lijst eerst op rol: "
                "aandachtsfunctionaris, sleutelpersoon of zonder rol."
            )
        )
    return rol


def personen_van_soort(personen: QuerySet[Persoon], soort: str) -> QuerySet[Persoon]:
    """Narrow any set of persons to one export kind, whatever filters came before."""
    soort = export_soort(soort)
    if soort == "af":
        return personen.filter(aandachtsfunctionarisrollen__actief=True).distinct()
    if soort == "sleutelpersoon":
        return personen.filter(sleutelpersoon__isnull=False)
    return personen.filter(
        aandachtsfunctionarisrollen__isnull=True, sleutelpersoon__isnull=True
    ).distinct()

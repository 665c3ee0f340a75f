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

from .models import (
    Aandachtsfunctionaris,
    Contactmoment,
    Lidmaatschap,
    Netwerk,
    Persoon,
    Sleutelpersoon,
    Werkgroeplid,
)

logger = logging.getLogger(__name__)

GEANONIMISEERD = "Geanonimiseerd"


# --- Removal on request ----------------------------------------------------------------------


def persoon_anonimiseren(*, persoon: Persoon, door) -> Persoon:
    """Removal on request: strip the personal data, keep roles, memberships and history.

    Name, e-mail, phone, remarks, the achterban and formal role of a key person and the notes
    of contact moments are wiped; an account is anonymised too (it keeps its row, so history
    that points at it stays intact, but can never log in again). The admin's history (Django's
    LogEntry) names the person in its descriptions: those are rewritten as well.
    """
    with transaction.atomic():
        persoon = Persoon.objects.select_for_update().get(pk=persoon.pk)
        if persoon.geanonimiseerd_op:
            return persoon
        oude_teksten = [t for t in (persoon.volledige_naam, persoon.email) if len(t) >= 3]
        account = persoon.account
        persoon.voornaam = GEANONIMISEERD
        persoon.tussenvoegsel = ""
        persoon.achternaam = f"#{persoon.pk}"
        persoon.email = ""
        persoon.telefoon = ""
        persoon.opmerkingen = ""
        persoon.account = None
        persoon.geanonimiseerd_op = timezone.now()
        persoon.save()
        Sleutelpersoon.objects.filter(persoon=persoon).update(achterban="", formele_rol="")
        Contactmoment.objects.filter(persoon=persoon).update(notitie="")
        if account is not None:
            oude_teksten += [t for t in (account.get_full_name(), account.email) if len(t) >= 3]
            account_services.account_anonimiseren(user=account, door=door)
        _logboek_schonen(persoon, account, oude_teksten)
        logger.info("persoon geanonimiseerd: id=%s door=%s", persoon.pk, door.pk)
    return persoon


def _logboek_schonen(persoon: Persoon, account, oude_teksten: list[str]) -> None:
    """Rewrite the admin history so that it no longer names the person."""
    vervanging = str(persoon)
    eigen = {
        Persoon: [persoon.pk],
        Aandachtsfunctionaris: list(
            persoon.aandachtsfunctionarisrollen.values_list("pk", flat=True)
        ),
        Sleutelpersoon: list(
            Sleutelpersoon.objects.filter(persoon=persoon).values_list("pk", flat=True)
        ),
        Lidmaatschap: list(persoon.lidmaatschappen.values_list("pk", flat=True)),
        Werkgroeplid: list(persoon.werkgroeplidmaatschappen.values_list("pk", flat=True)),
        Contactmoment: list(persoon.contactmomenten.values_list("pk", flat=True)),
    }
    if account is not None:
        eigen[type(account)] = [account.pk]
    sleutels = {
        (ContentType.objects.get_for_model(model).pk, str(pk))
        for model, pks in eigen.items()
        for pk in pks
    }
    over_persoon = Q()
    for ct, pk in sleutels:
        over_persoon |= Q(content_type_id=ct, object_id=pk)
    for t in oude_teksten:
        over_persoon |= Q(object_repr__icontains=t) | Q(change_message__icontains=t)
    for entry in LogEntry.objects.filter(over_persoon):
        if (entry.content_type_id, entry.object_id) in sleutels:
            entry.object_repr = vervanging
        entry.object_repr = _vervang(entry.object_repr, oude_teksten, vervanging)
        entry.change_message = _vervang_in_bericht(entry.change_message, oude_teksten, vervanging)
        entry.save(update_fields=["object_repr", "change_message"])


def _vervang(tekst: str, oude: list[str], nieuw: str) -> str:
    for t in sorted(oude, key=len, reverse=True):
        tekst = re.sub(re.escape(t), nieuw, tekst, flags=re.IGNORECASE)
    return tekst


def _vervang_in_bericht(bericht: str, oude: list[str], nieuw: str) -> str:
    try:
        inhoud = json.loads(bericht)
    except ValueError:
        return _vervang(bericht, oude, nieuw)

    def schoon(waarde):
        if isinstance(waarde, str):
            return _vervang(waarde, oude, nieuw)
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
    if datum > timezone.localdate():
        raise ValidationError(_("Een contactmoment ligt niet in de toekomst."))
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

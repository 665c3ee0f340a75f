"""The regisseurs' own network: the region's programme council (docs/regio.md, "De programmaraad").

The region's own layer is a tenant like a gemeente (``Gemeente.is_regio``; at most one), never
counted as a gemeente. The regiocoördinator who runs the programme council belongs to it with the
role Netwerkregisseur beside Regiocoördinator, so the meetings machinery works there as it is:
its registry holds the regisseurs and advisers of the region, its network "Programmaraad" meets
every six weeks with invitations, RSVP links and reminders, all in the region layer's own scope.
It sees nothing of any gemeente's registry or signals (another tenant), and no gemeente sees it.

``regisseurs_bijwerken`` brings the registry in step with the regisseur accounts of the region:
their name and work address only (what the programme council needs to invite them), read
region-wide from the accounts, the one region-wide read of this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rollen
from regio.models import Gemeente
from regio.scope import alle_gemeenten, gemeente_actief

NETWERK = "Programmaraad"
# What the registry's entry of a regisseur says, so a sync recognises its own entries.
KENMERK = "Netwerkregisseur van gemeente "


def regio_laag() -> Gemeente | None:
    """The region's own layer, if the installation has one."""
    with alle_gemeenten():
        return Gemeente.objects.filter(is_regio=True).first()


def regio_laag_inrichten(naam: str) -> Gemeente:
    """The region's own layer, made the first time."""
    naam = " ".join((naam or "").split())
    if not naam:
        raise ValidationError({"naam": _("Geef de naam van de regio.")})
    with alle_gemeenten(), transaction.atomic():
        bestaand = Gemeente.objects.select_for_update().filter(is_regio=True).first()
        if bestaand is not None:
            return bestaand
        if Gemeente.objects.filter(naam__iexact=naam).exists():
            raise ValidationError({"naam": _("Er is al een gemeente met deze naam.")})
        # Without what a gemeente starts with (``gemeente_aangemaakt``: the texts per phase,
        # the kinds of training): the layer files no signals, and with no terugkomdag kind the
        # daily plan makes no terugkomdagen here.
        laag = Gemeente.objects.create(naam=naam, is_regio=True)
    return laag


def coordinator_in_regio_laag(user, *, naam: str) -> Gemeente:
    """Let this regiocoördinator run the programme council: the account moves into the
    region's layer (made if needed) and gets the role Netwerkregisseur there, with /beheer/
    (a second factor stays required). Its network "Programmaraad" is made too."""
    if not rollen.is_regiocoordinator(user):
        raise ValidationError(_("Alleen een regiocoördinator leidt de programmaraad."))
    laag = regio_laag_inrichten(naam)
    with alle_gemeenten(), transaction.atomic():
        user.gemeente = laag
        user.is_staff = True
        user.save(update_fields=["gemeente", "is_staff"])
        user.groups.add(Group.objects.get(name=rollen.NETWERKREGISSEUR))
    for attr in ("_regie_rollen", "_regie_mfa"):
        user.__dict__.pop(attr, None)
    with gemeente_actief(laag.pk):
        programmaraad()
    return laag


def programmaraad():
    """The region layer's network of regisseurs (in the active scope: the region's layer)."""
    from netwerk.models import Netwerk, NetwerkSoort, Thema

    netwerk = Netwerk.objects.annotate(klein=Lower("naam")).filter(klein=NETWERK.lower()).first()
    if netwerk is None:
        netwerk = Netwerk.objects.create(
            naam=NETWERK,
            thema=Thema.RADICALISERING,
            soort=NetwerkSoort.FORMEEL,
            omschrijving=_(
                "De netwerkregisseurs en adviseurs van de regio: de programmaraad, elke zes "
                "weken, geleid door de regiocoördinator."
            ),
        )
    return netwerk


@dataclass
class Bijgewerkt:
    toegevoegd: int = 0
    bijgewerkt: int = 0
    beeindigd: int = 0


def _regisseurs() -> list[tuple[str, str, str, str]]:
    """(address, first name, last name, gemeente) of every active regisseur account of a
    gemeente of the region (not of the region's layer)."""
    User = get_user_model()
    with alle_gemeenten():
        return list(
            User.alle_accounts.filter(
                is_active=True,
                groups__name=rollen.NETWERKREGISSEUR,
                gemeente__isnull=False,
                gemeente__is_regio=False,
                gemeente__actief=True,
            )
            .order_by("gemeente__naam", "last_name", "pk")
            .values_list("email", "first_name", "last_name", "gemeente__naam")
            .distinct()
        )


@transaction.atomic
def regisseurs_bijwerken() -> Bijgewerkt:
    """Bring the programme council's members in step with the region's regisseur accounts, in
    the region layer's scope: a new regisseur becomes a person and a member; a changed name is
    followed; a regisseur who left (deactivated, or the role taken away) stops being a member
    (the membership stays as history). Advisers entered by hand are left alone."""
    from netwerk.models import Lidmaatschap, Persoon
    from netwerk.services import lidmaatschappen_beeindigen, lidmaatschappen_toevoegen

    laag = regio_laag()
    if laag is None:
        raise ValidationError(_("Deze installatie heeft nog geen regio (programmaraad)."))
    uitkomst = Bijgewerkt()
    with gemeente_actief(laag.pk):
        netwerk = programmaraad()
        bestaand = {p.email: p for p in Persoon.objects.filter(opmerkingen__startswith=KENMERK)}
        nu = {}
        for email, voornaam, achternaam, gemeente in _regisseurs():
            email = email.lower()
            kenmerk = f"{KENMERK}{gemeente}"
            persoon = bestaand.get(email) or Persoon.objects.filter(email__iexact=email).first()
            if persoon is None:
                persoon = Persoon(email=email)
                uitkomst.toegevoegd += 1
            elif (persoon.voornaam, persoon.achternaam, persoon.opmerkingen) == (
                voornaam or email,
                achternaam,
                kenmerk,
            ):
                nu[email] = persoon
                continue
            else:
                uitkomst.bijgewerkt += 1
            persoon.voornaam, persoon.achternaam = voornaam or email, achternaam
            persoon.opmerkingen = kenmerk
            persoon.save()
            nu[email] = persoon
        lidmaatschappen_toevoegen(
            personen=list(nu.values()), netwerk=netwerk, sinds=timezone.localdate()
        )
        weg = Lidmaatschap.objects.filter(
            netwerk=netwerk,
            actief=True,
            persoon__opmerkingen__startswith=KENMERK,
        ).exclude(persoon__in=list(nu.values()))
        uitkomst.beeindigd = lidmaatschappen_beeindigen(lidmaatschappen=weg)
    return uitkomst


def overzicht() -> dict:
    """What the coördinator's page shows of the programme council (in the region layer's
    scope): its network, how many members, the next meetings."""
    from bijeenkomsten.models import Bijeenkomst, BijeenkomstStatus
    from netwerk.models import Lidmaatschap

    laag = regio_laag()
    if laag is None:
        return {"laag": None}
    with gemeente_actief(laag.pk):
        netwerk = programmaraad()
        return {
            "laag": laag,
            "netwerk": netwerk,
            "leden": Lidmaatschap.objects.filter(netwerk=netwerk, actief=True).count(),
            "komend": list(
                Bijeenkomst.objects.filter(
                    netwerk=netwerk,
                    status=BijeenkomstStatus.GEPLAND,
                    begin__gte=timezone.now(),
                ).order_by("begin")[:5]
            ),
        }


def demo_inrichten(coordinator, *, naam: str) -> Gemeente:
    """The demo's programme council (``manage.py demo_data``): the coördinator runs it, the
    demo regisseurs are its members, it meets every six weeks on Thursday afternoon. Safe to
    run again."""
    from datetime import time, timedelta

    from .models import Reeks
    from .services import reeks_opslaan

    laag = coordinator_in_regio_laag(coordinator, naam=naam)
    regisseurs_bijwerken()
    with gemeente_actief(laag.pk):
        netwerk = programmaraad()
        if not Reeks.objects.filter(netwerk=netwerk).exists():
            vandaag = timezone.localdate()
            donderdag = vandaag + timedelta(days=(3 - vandaag.weekday()) % 7 or 7)
            reeks_opslaan(
                Reeks(
                    netwerk=netwerk,
                    naam=_("Programmaraad"),
                    interval_weken=6,
                    starttijd=time(14, 0),
                    eindtijd=time(16, 0),
                    locatie=_("Regiokantoor, vergaderzaal 3"),
                    eerste_datum=donderdag,
                    agenda=_(
                        "1. Opening en mededelingen\n2. Stand van zaken per gemeente\n"
                        "3. Regionale trainingen\n4. Rondvraag"
                    ),
                )
            )
    return laag


DEMO_REGIO = "Regio Haaglanden"


def demo_regio(stdout, *, coordinator, grote_regio: bool = False) -> None:
    """``demoregio`` (``manage.py demo_data``): the demo's programme council."""
    laag = demo_inrichten(coordinator, naam=DEMO_REGIO)
    stdout.write(f"Programmaraad van {laag.naam}: geleid door {coordinator.email}.")

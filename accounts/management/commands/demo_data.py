"""Demo data for trying Netwerkregie locally: one account per role with a known password.

Idempotent: running it again resets the demo accounts to the same state. Refuses to run with
DEBUG off, so it can never plant known passwords in production. Later issues extend it with a
whole (Delft-like) network.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import rollen
from kern import bijdragen
from regio.models import EERSTE_GEMEENTE, Gemeente
from regio.scope import alle_gemeenten, gemeente_actief
from regio.services import gemeente_toevoegen

DEMO_ACCOUNTS = [
    # (e-mail, voornaam, achternaam, rol or None for the beheerder, wachtwoord)
    ("beheerder@demo.netwerkregie.nl", "Bram", "Beheer", None, "demo-beheerder-2026"),
    (
        "regisseur@demo.netwerkregie.nl",
        "Claire",
        "Regisseur",
        rollen.NETWERKREGISSEUR,
        "demo-regisseur-2026",
    ),
    (
        "professional@demo.netwerkregie.nl",
        "Pieter",
        "Professional",
        rollen.PROFESSIONAL,
        "demo-professional-2026",
    ),
    ("partner@demo.netwerkregie.nl", "Pauline", "Partner", rollen.PARTNER, "demo-partner-2026"),
]

# A second gemeente beside Delft, to see the separation of a region (docs/regio.md): its own
# accounts, the texts per phase and kinds of training every gemeente starts with, and nothing
# of Delft.
TWEEDE_GEMEENTE = "Pijnacker-Nootdorp"
TWEEDE_ACCOUNTS = [
    ("beheerder@pijnacker.demo.netwerkregie.nl", "Bas", "Beheer", None, "demo-beheerder-2026"),
    (
        "regisseur@pijnacker.demo.netwerkregie.nl",
        "Roos",
        "Regisseur",
        rollen.NETWERKREGISSEUR,
        "demo-regisseur-2026",
    ),
    (
        "professional@pijnacker.demo.netwerkregie.nl",
        "Pim",
        "Professional",
        rollen.PROFESSIONAL,
        "demo-professional-2026",
    ),
]


# The region's coördinator, of no gemeente: the region's figures and its programme council
# (docs/regio.md), in the region's own layer.
REGIO_ACCOUNT = (
    "coordinator@regio.demo.netwerkregie.nl",
    "Rik",
    "Regio",
    rollen.REGIOCOORDINATOR,
    "demo-regiocoordinator-2026",
)


def _coordinator():
    """The demo coördinator, reset to its known state (the programme council moves it into the
    region's layer again: ``demoregio``)."""
    User = get_user_model()
    email, voornaam, achternaam, rol, wachtwoord = REGIO_ACCOUNT
    with alle_gemeenten():
        user, _ = User.alle_accounts.get_or_create(email=email)
        user.first_name, user.last_name = voornaam, achternaam
        user.is_active, user.is_superuser, user.is_staff = True, False, False
        user.gemeente = None
        user.set_password(wachtwoord)
        user.save()
        user.groups.set(Group.objects.filter(name=rol))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _accounts(accounts) -> None:
    """The demo accounts, in the active gemeente, reset to their known state."""
    User = get_user_model()
    for email, voornaam, achternaam, rol, wachtwoord in accounts:
        user, _ = User.objects.get_or_create(email=email)
        user.first_name, user.last_name = voornaam, achternaam
        user.is_active = True
        user.is_superuser = rol is None
        user.is_staff = rol in (None, rollen.NETWERKREGISSEUR)
        user.set_password(wachtwoord)
        user.save()
        user.groups.set(Group.objects.filter(name=rol) if rol else [])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )


_REGIO_KOP = "De regio (cijfers van de regio en de programmaraad)"


class Command(BaseCommand):
    help = "Maakt demo-accounts aan (alleen met DEBUG aan)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--een-gemeente",
            action="store_true",
            help=f"Zonder de tweede gemeente ({TWEEDE_GEMEENTE}): één gemeente.",
        )
        parser.add_argument(
            "--regio",
            action="store_true",
            help="Een hele regio: 38 gemeenten van verschillende grootte, elk met eigen gegevens.",
        )

    def handle(self, *args, een_gemeente=False, regio=False, **options):
        if not settings.DEBUG:
            raise CommandError("demo_data draait alleen met DEBUG=true: nooit in productie.")
        # The demo's network is the installation's first gemeente (docs/regio.md).
        with gemeente_actief(EERSTE_GEMEENTE), transaction.atomic():
            gemeente = Gemeente.objects.get(pk=EERSTE_GEMEENTE)
            if gemeente.naam == "Gemeente":  # still the default name of GEMEENTE_NAAM
                gemeente.naam = "Delft"
                gemeente.save(update_fields=["naam"])
            _accounts(DEMO_ACCOUNTS)
            # Each app's ``demo`` contribution (kern.bijdragen), in its order: accounts does
            # not depend on the apps it seeds.
            for demo_data_aanmaken in bijdragen.functies("demo"):
                demo_data_aanmaken(self.stdout)
        with transaction.atomic():
            tweede = None if een_gemeente else Gemeente.objects.filter(naam=TWEEDE_GEMEENTE).first()
            if tweede is None and not een_gemeente:
                tweede = gemeente_toevoegen(TWEEDE_GEMEENTE)
            if tweede is not None:
                with gemeente_actief(tweede.pk):
                    _accounts(TWEEDE_ACCOUNTS)
        if not een_gemeente:
            with transaction.atomic():
                coordinator = _coordinator()
                # Each app's ``demoregio`` contribution: the programme council (bijeenkomsten).
                for demo_regio in bijdragen.functies("demoregio"):
                    demo_regio(self.stdout, coordinator=coordinator, grote_regio=regio)
        self.stdout.write(self.style.SUCCESS("Demo-accounts staan klaar:"))
        overzicht = [(Gemeente.objects.get(pk=EERSTE_GEMEENTE).naam, DEMO_ACCOUNTS)]
        if not een_gemeente:
            overzicht.append(
                (f"{TWEEDE_GEMEENTE} (een tweede gemeente, nog leeg)", TWEEDE_ACCOUNTS)
            )
            overzicht.append((_REGIO_KOP, [REGIO_ACCOUNT]))
        for kop, accounts in overzicht:
            self.stdout.write(f" {kop}:")
            for email, _v, _a, rol, wachtwoord in accounts:
                self.stdout.write(f"  {rol or 'Beheerder':<17} {email:<44} {wachtwoord}")
        self.stdout.write(
            "Regisseur, partner, beheerder en regiocoördinator stellen bij de eerste keer "
            "inloggen een "
            "authenticator-app in (tweestapsverificatie)."
        )
